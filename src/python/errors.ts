/**
 * Python's `ValueError`, for the look-alikes that raise it where Python does
 * (`int('x')`, a zero slice step).
 *
 * @module
 */

/**
 * Thrown where Python raises `ValueError` (or `TypeError`/`OverflowError`
 * for the same bad input), with Python's message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PythonValueError } from "./errors.ts";
 * const error = new PythonValueError("slice step cannot be zero");
 * assert.equal(error.name, "PythonValueError");
 * ```
 */
export class PythonValueError extends Error {
  /** The error name. */
  override name = "PythonValueError";
}
