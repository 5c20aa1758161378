/**
 * Lookup in a sorted table of code point ranges, stored flat (rows of
 * `stride` numbers: first, last, then any values), as the Unicode data
 * tables here are.
 *
 * @module
 */

/**
 * The index of the row whose `[first, last]` range holds `cp` (a binary
 * search), or -1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findRange } from "./range_table.ts";
 * const table = [0x10, 0x1f, 2, 0x40, 0x40, 0]; // [first, last, width] rows
 * assert.equal(findRange(table, 3, 0x15), 0);
 * assert.equal(findRange(table, 3, 0x40), 1);
 * assert.equal(findRange(table, 3, 0x30), -1);
 * ```
 */
export function findRange(table: readonly number[], stride: number, cp: number): number {
  let lo = 0;
  let hi = table.length / stride - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < table[stride * mid]) hi = mid - 1;
    else if (cp > table[stride * mid + 1]) lo = mid + 1;
    else return mid;
  }
  return -1;
}
