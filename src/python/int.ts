/**
 * Python's `int(value)` for the values inventories hold. Ansible converts
 * host range bounds and `ansible_group_priority` with it, so what it accepts
 * (spaces around, a sign, `_` between digits, any Unicode decimal digit) and
 * its error messages are Python's.
 *
 * @module
 */

import { PythonValueError } from "./errors.ts";
import { pyRepr } from "./repr.ts";
import { PY_WHITESPACE } from "./strip.ts";
import { pyTypeName } from "./type_name.ts";

const DIGIT_RE = /\p{Nd}/u;
// int() skips Unicode whitespace, except the ASCII separators \x1c-\x1f.
const SPACE = PY_WHITESPACE.replace("\\x1c-\\x1f", "");
const INT_RE = new RegExp(`^[${SPACE}]*([-+]?)(\\d(?:_?\\d)*)[${SPACE}]*$`);

/** A Unicode decimal digit as its ASCII digit: digits come in runs of ten from 0. */
function asciiDigit(ch: string): string {
  let start = ch.codePointAt(0)!;
  while (DIGIT_RE.test(String.fromCodePoint(start - 1))) start--;
  return String((ch.codePointAt(0)! - start) % 10);
}

/**
 * Python's `int(value)`: strings (surrounding whitespace, a sign, `_`
 * between digits, decimal digits of any script), numbers (truncated toward
 * zero) and booleans. Throws {@linkcode PythonValueError} with Python's
 * message otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyInt } from "./int.ts";
 * assert.equal(pyInt(" 1_0 "), 10);
 * assert.equal(pyInt("-\u0663"), -3);
 * assert.equal(pyInt(2.9), 2);
 * assert.throws(() => pyInt("1 0"), { message: "invalid literal for int() with base 10: '1 0'" });
 * ```
 */
export function pyInt(value: unknown): number {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") {
    if (Number.isNaN(value)) throw new PythonValueError("cannot convert float NaN to integer");
    if (!Number.isFinite(value)) {
      throw new PythonValueError("cannot convert float infinity to integer");
    }
    return Math.trunc(value) || 0; // never -0: Python ints have no sign of zero
  }
  if (typeof value === "string") {
    const ascii = /[^\u0020-\u007e]/.test(value)
      ? Array.from(value, (ch) => DIGIT_RE.test(ch) ? asciiDigit(ch) : ch).join("")
      : value;
    const m = INT_RE.exec(ascii);
    if (!m) throw new PythonValueError(`invalid literal for int() with base 10: ${pyRepr(value)}`);
    const n = Number(m[2].replaceAll("_", ""));
    return m[1] === "-" ? -n || 0 : n;
  }
  throw new PythonValueError(
    `int() argument must be a string, a bytes-like object or a real number, not '${
      pyTypeName(value)
    }'`,
  );
}
