/**
 * Python truthiness of JSON-like values. Ansible decides what to show with
 * `if result.get(...)`, where `0`, `""`, `[]` and `{}` are all false, unlike
 * in JavaScript.
 *
 * @module
 */

import { isDict } from "./dict.ts";

/**
 * Python truthiness (`bool(v)`) of a JSON-like value: `None`, `False`, `0`,
 * `""`, empty lists and empty dicts are false, everything else is true.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyTruthy } from "./truthy.ts";
 * assert.equal(pyTruthy([]), false);
 * assert.equal(pyTruthy({}), false);
 * assert.equal(pyTruthy("0"), true);
 * ```
 */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}
