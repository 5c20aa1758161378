/**
 * Python's `str.strip()`. Ansible strips banner, task and deprecation texts;
 * Python's whitespace set is wider than JavaScript's `trim()` (it includes
 * `\x1c`–`\x1f` and `\x85`, and excludes `\ufeff`).
 *
 * @module
 */

/**
 * The characters Python's `str.isspace()` accepts, as the body of a regular
 * expression character class (`[${PY_WHITESPACE}]`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PY_WHITESPACE } from "./strip.ts";
 * const space = new RegExp(`^[${PY_WHITESPACE}]$`);
 * assert.equal(space.test("\u001f"), true);
 * assert.equal(space.test("\ufeff"), false);
 * ```
 */
export const PY_WHITESPACE: string =
  "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a" +
  "\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACE_RE = new RegExp(`[${PY_WHITESPACE}]`);

/**
 * Python `s.strip()`: removes leading and trailing whitespace as Python's
 * `str.isspace()` defines it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyStrip } from "./strip.ts";
 * assert.equal(pyStrip("\u001c play \u0085"), "play");
 * assert.equal(pyStrip("\ufeffx"), "\ufeffx");
 * ```
 */
export function pyStrip(s: string): string {
  // Scanned from both ends: a regular expression anchored at the end would
  // retry every position of a long inner run of spaces.
  let start = 0;
  let end = s.length;
  while (start < end && SPACE_RE.test(s[start])) start++;
  while (end > start && SPACE_RE.test(s[end - 1])) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
