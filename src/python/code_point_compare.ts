/**
 * Python's string ordering: code point by code point. JavaScript's default
 * `sort()` and `<` compare UTF-16 units, which orders characters above
 * U+FFFF before U+E000–U+FFFF; Python's `sorted()` (Ansible's recap, and
 * `json.dumps(sort_keys=True)`) does not.
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
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    // The first differing unit may be the second half of a surrogate pair.
    const high = a.charCodeAt(i - 1);
    if (high >= 0xd800 && high <= 0xdbff) {
      const diff = a.codePointAt(i - 1)! - b.codePointAt(i - 1)!;
      if (diff !== 0) return diff;
    }
    return a.codePointAt(i)! - b.codePointAt(i)!;
  }
  return a.length - b.length;
};
