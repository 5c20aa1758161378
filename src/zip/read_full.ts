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
 * using file = await Deno.open("/tmp/payload.zip");
 * const buffer = new Uint8Array(65536);
 * const filled = await readFull(file, buffer);
 * const chunk = buffer.subarray(0, filled);
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
