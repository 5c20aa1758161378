/**
 * The process's byte output: write-all loops for files and pipes, and whole
 * text to stdout and stderr.
 *
 * @example
 * ```ts
 * import { writeAllSync } from "./mod.ts";
 *
 * writeAllSync(Deno.stdout, new TextEncoder().encode("ok\n"));
 * ```
 *
 * @module
 */
export { type ByteSink, type SyncByteSink, writeAll, writeAllSync } from "./write_all.ts";
export { writeStderr, writeStdout } from "./std_text.ts";
