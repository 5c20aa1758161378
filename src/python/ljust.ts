/**
 * Python's `"%-Ns" % s` (the same as `s.ljust(N)`), which the play recap uses
 * to line up host names and counters. Widths count code points, as Python
 * does, not terminal columns.
 *
 * @module
 */

import { pyLen } from "./len.ts";

/**
 * Python `"%-Ns" % s`: `s` padded with spaces on the right to `n` code
 * points; a longer `s` is returned unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyLjust } from "./ljust.ts";
 * assert.equal(pyLjust("1", 4), "1   ");
 * assert.equal(pyLjust("12345", 4), "12345");
 * ```
 */
export const pyLjust = (s: string, n: number): string => {
  const len = pyLen(s);
  return len >= n ? s : s + " ".repeat(n - len);
};
