/**
 * The zip + base64 layer of the worker: decode the transmit stream's base64
 * zip and extract it into the private data directory (like ansible-runner's
 * `unstream_dir`, but refusing entries that escape the target), and zip the
 * artifacts directory back (like `stream_dir`) and encode it in base64.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { base64FileChunks, extractZip, zipDirectory } from "./mod.ts";
 *
 * const artifacts = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${artifacts}/rc`, "0");
 * const zip = await Deno.makeTempFile();
 * const size = await zipDirectory(artifacts, zip);
 * let ascii = "";
 * for await (const chunk of base64FileChunks(zip)) ascii += new TextDecoder().decode(chunk);
 * assert.equal(atob(ascii).length, size);
 * const pdd = await Deno.makeTempDir();
 * assert.equal(await extractZip(zip, pdd), 1);
 * for (const dir of [artifacts, pdd]) await Deno.remove(dir, { recursive: true });
 * await Deno.remove(zip);
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
