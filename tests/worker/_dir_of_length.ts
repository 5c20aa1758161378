/**
 * Test support: a directory whose path has an exact length, for the socket
 * path limit (107 bytes) tests.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";

/**
 * Makes a directory under `root` whose path is exactly `length` bytes (ASCII).
 *
 * @example
 * ```ts
 * const parent = await dirOfLength(tmp.path, 60);
 * ```
 */
export async function dirOfLength(root: string, length: number): Promise<string> {
  const path = join(root, "d".repeat(length - root.length - 1));
  assert.equal(path.length, length);
  await Deno.mkdir(path, { recursive: true });
  return path;
}
