/**
 * Write-all helpers: a `write` may take fewer bytes than it was given (a
 * pipe, a full disk buffer), so every writer of the project loops until all
 * bytes are out. One loop, here, for files, pipes and stdout.
 *
 * @module
 */

/**
 * Something that takes bytes synchronously (`Deno.stdout`, a `Deno.FsFile`).
 *
 * @example
 * ```ts
 * import type { SyncByteSink } from "./write_all.ts";
 *
 * const stdout: SyncByteSink = Deno.stdout;
 * ```
 */
export interface SyncByteSink {
  /** Writes some prefix of `p`; returns how many bytes it took. */
  writeSync(p: Uint8Array): number;
}

/**
 * Something that takes bytes asynchronously (`Deno.stdout`, a `Deno.FsFile`).
 *
 * @example
 * ```ts
 * import type { ByteSink } from "./write_all.ts";
 *
 * const stdout: ByteSink = Deno.stdout;
 * ```
 */
export interface ByteSink {
  /** Writes some prefix of `p`; resolves to how many bytes it took. */
  write(p: Uint8Array): Promise<number>;
}

/**
 * Writes every byte of `data` to `sink`, calling `writeSync` until all are
 * taken. Errors of the sink propagate (what was written stays written).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeAllSync } from "./write_all.ts";
 *
 * const taken: number[] = [];
 * // A sink that takes at most two bytes per call, like a nearly full pipe.
 * writeAllSync({ writeSync: (p) => (taken.push(...p.subarray(0, 2)), Math.min(2, p.length)) },
 *   new Uint8Array([1, 2, 3, 4, 5]));
 * assert.deepEqual(taken, [1, 2, 3, 4, 5]);
 * ```
 */
export function writeAllSync(sink: SyncByteSink, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) offset += sink.writeSync(data.subarray(offset));
}

/**
 * Writes every byte of `data` to `sink`, awaiting `write` until all are taken.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeAll } from "./write_all.ts";
 *
 * const taken: number[] = [];
 * await writeAll(
 *   { write: (p) => Promise.resolve((taken.push(p[0]), 1)) }, // one byte per call
 *   new Uint8Array([7, 8, 9]),
 * );
 * assert.deepEqual(taken, [7, 8, 9]);
 * ```
 */
export async function writeAll(sink: ByteSink, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) offset += await sink.write(data.subarray(offset));
}
