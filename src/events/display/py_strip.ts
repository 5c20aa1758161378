/**
 * Python's `str.strip()`. Ansible strips banner, task and deprecation texts;
 * Python's whitespace set is wider than JavaScript's `trim()` (it includes
 * `\x1c`–`\x1f` and `\x85`, and excludes `\ufeff`).
 *
 * @module
 */

const PY_WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029" +
  "\\u202f\\u205f\\u3000";
const PY_STRIP_RE = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, "g");

/**
 * Python `s.strip()`: removes leading and trailing whitespace as Python's
 * `str.isspace()` defines it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyStrip } from "./py_strip.ts";
 * assert.equal(pyStrip("\u001c play \u0085"), "play");
 * assert.equal(pyStrip("\ufeffx"), "\ufeffx");
 * ```
 */
export const pyStrip = (s: string): string => s.replace(PY_STRIP_RE, "");
