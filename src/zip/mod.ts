/**
 * The zip + base64 layer of the worker: decode the transmit stream's base64
 * zip and extract it into the private data directory (like ansible-runner's
 * `unstream_dir`, but refusing entries that escape the target), and zip the
 * artifacts directory back (like `stream_dir`) and encode it in base64.
 *
 * @example
 * ```ts
 * import { base64FileChunks, extractZip, zipDirectory } from "./mod.ts";
 *
 * await extractZip("/tmp/payload.zip", "/runner");
 * const size = await zipDirectory("/runner/artifacts/1", "/tmp/artifacts.zip");
 * for await (const ascii of base64FileChunks("/tmp/artifacts.zip")) {
 *   // write `ascii` to stdout after the {"zipfile": size} line
 * }
 * ```
 *
 * @module
 */

export { Base64Decoder, base64FileChunks, base64Length } from "./base64_stream.ts";
export { crc32 } from "./crc32.ts";
export { SymlinkError, UnsafeZipEntryError, ZipFormatError } from "./errors.ts";
export { readFull } from "./read_full.ts";
export { extractZip } from "./zip_reader.ts";
export { zipDirectory } from "./zip_writer.ts";
