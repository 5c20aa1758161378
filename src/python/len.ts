/**
 * Python's `len()` of a string: it counts code points, so a character outside
 * the Basic Multilingual Plane (an emoji) is 1, not JavaScript's 2. Padding
 * and wrapping must count like Python to break lines where Ansible does.
 *
 * @module
 */

const ASTRAL_RE = /[\ud800-\udbff][\udc00-\udfff]/g;

/**
 * Python `len(s)`: the number of code points in `s` (a surrogate pair counts
 * once).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyLen } from "./len.ts";
 * assert.equal(pyLen("ok"), 2);
 * assert.equal(pyLen("\u{1f389}"), 1);
 * ```
 */
export function pyLen(s: string): number {
  const pairs = s.length > 0 && /[\ud800-\udbff]/.test(s) ? s.match(ASTRAL_RE)?.length ?? 0 : 0;
  return s.length - pairs;
}
