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
export {
  type ExpansionLimitKind,
  SymlinkError,
  UnsafeZipEntryError,
  ZipFormatError,
  ZipLimitError,
} from "./errors.ts";
export {
  DEFAULT_EXPANSION_LIMITS,
  EXPANSION_LIMIT_ENV,
  ExpansionBudget,
  type ExpansionLimits,
  ExpansionLimitSettingError,
  expansionLimitsFrom,
  formatBytes,
  parseByteSize,
} from "./limits.ts";
export { NO_SYMLINK_DIRS, pddEntryRefusal, RESERVED_PREFIX } from "./pdd_rules.ts";
export { readFull } from "./read_full.ts";
export { type ExtractOptions, extractZip } from "./zip_reader.ts";
export { zipDirectory } from "./zip_writer.ts";
