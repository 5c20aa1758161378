/**
 * Filling a buffer from a file: reads until the buffer is full or the file
 * ends (a single `read` may return fewer bytes than asked for).
 *
 * @module
 */

/**
 * Reads from `file` into `buffer` until the buffer is full or the file ends;
 * returns the number of bytes read (less than `buffer.length` only at the
 * end of the file, 0 once it has been reached).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readFull } from "./read_full.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "0123456789");
 * {
 *   using file = await Deno.open(path);
 *   const buffer = new Uint8Array(8);
 *   assert.equal(await readFull(file, buffer), 8);
 *   assert.equal(await readFull(file, buffer), 2);
 *   assert.equal(await readFull(file, buffer), 0);
 * }
 * await Deno.remove(path);
 * ```
 */
export async function readFull(file: Deno.FsFile, buffer: Uint8Array): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const n = await file.read(buffer.subarray(filled));
    if (n === null) break;
    filled += n;
  }
  return filled;
}
