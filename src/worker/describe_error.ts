/**
 * The `result_traceback` text of a failure: what the reference puts there is
 * Python's traceback; tachyon's is the error's name, message and stack.
 *
 * @module
 */

/**
 * A traceback-like text for an error: its stack (which starts with its name
 * and message), or its `String()` when it is not an `Error`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeError } from "./describe_error.ts";
 *
 * assert.match(describeError(new RangeError("boom")), /^RangeError: boom\n/);
 * assert.equal(describeError("plain"), "plain");
 * ```
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
