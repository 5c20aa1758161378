/**
 * How Python writes numbers: `repr(float)` (shortest round-trip digits,
 * scientific notation below 1e-4 and from 1e16 with a two-digit exponent,
 * `inf`, `nan`, `-0.0`) and `json.dumps` of a number (`NaN`, `Infinity`).
 *
 * A number parsed from JSON no longer says whether it was an int or a float,
 * so the `*Number*` variants print integral values as ints, as Python does
 * for the ints JSON data mostly holds.
 *
 * @module
 */

/**
 * Python `repr(x)` of a float.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyFloatRepr } from "./float_repr.ts";
 * assert.equal(pyFloatRepr(1), "1.0");
 * assert.equal(pyFloatRepr(0.00001), "1e-05");
 * assert.equal(pyFloatRepr(1e16), "1e+16");
 * assert.equal(pyFloatRepr(-0), "-0.0");
 * assert.equal(pyFloatRepr(-Infinity), "-inf");
 * ```
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  // In this range JavaScript writes the same shortest digits in fixed notation.
  const text = String(x);
  return text.includes(".") ? text : `${text}.0`;
}

/**
 * Python `repr(n)` of a JSON number: an integral value below 1e21 as an
 * int, anything else as {@linkcode pyFloatRepr} writes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyNumberRepr } from "./float_repr.ts";
 * assert.equal(pyNumberRepr(3), "3");
 * assert.equal(pyNumberRepr(123456789012345680000), "123456789012345683968");
 * assert.equal(pyNumberRepr(2.5), "2.5");
 * assert.equal(pyNumberRepr(1e22), "1e+22");
 * ```
 */
export function pyNumberRepr(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return pyFloatRepr(n);
}

/**
 * `json.dumps(x)` of a float: `NaN`, `Infinity`, `-Infinity`, else
 * {@linkcode pyFloatRepr}. Python writes float dict keys this way too.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonFloat } from "./float_repr.ts";
 * assert.equal(jsonFloat(1), "1.0");
 * assert.equal(jsonFloat(Infinity), "Infinity");
 * ```
 */
export function jsonFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  return pyFloatRepr(x);
}

/**
 * `json.dumps(n)` of a JSON number: an integral value below 1e21 as an int,
 * anything else as {@linkcode jsonFloat} writes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonNumber } from "./float_repr.ts";
 * assert.equal(jsonNumber(930), "930");
 * assert.equal(jsonNumber(0.00001), "1e-05");
 * assert.equal(jsonNumber(NaN), "NaN");
 * ```
 */
export function jsonNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return jsonFloat(n);
}
