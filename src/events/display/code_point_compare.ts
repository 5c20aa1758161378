/**
 * Python's string ordering: code point by code point. JavaScript's default
 * `sort()` compares UTF-16 units, which orders characters above U+FFFF before
 * U+E000–U+FFFF; Ansible's recap sorts host names the Python way.
 *
 * @module
 */

/**
 * Compares two strings by code points, as Python's `<` does; use as a
 * `sort()` comparator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { codePointCompare } from "./code_point_compare.ts";
 * assert.deepEqual(["\u{1f389}", "\uff21", "b", "a"].sort(codePointCompare), [
 *   "a",
 *   "b",
 *   "\uff21",
 *   "\u{1f389}",
 * ]);
 * ```
 */
export const codePointCompare = (a: string, b: string): number => {
  if (a === b) return 0;
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
};
