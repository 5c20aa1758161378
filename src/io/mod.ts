/**
 * The process's byte output: write-all loops for files and pipes, and whole
 * text to stdout and stderr.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeAllSync } from "./mod.ts";
 *
 * const path = Deno.makeTempFileSync();
 * {
 *   using file = Deno.openSync(path, { write: true });
 *   writeAllSync(file, new TextEncoder().encode("ok\n"));
 * }
 * assert.equal(Deno.readTextFileSync(path), "ok\n");
 * Deno.removeSync(path);
 * ```
 *
 * @module
 */
export { type ByteSink, type SyncByteSink, writeAll, writeAllSync } from "./write_all.ts";
export { writeStderr, writeStdout } from "./std_text.ts";
export { concatBytes } from "./concat_bytes.ts";
export { ByteReader, type ByteSource, LineTooLongError, MAX_LINE_BYTES } from "./byte_reader.ts";
export { streamSource } from "./stream_source.ts";
export { absolutePath } from "./absolute_path.ts";
