/**
 * How the job's inputs are read as values: kwargs are JSON, `env/` files
 * JSON or YAML, environment variables text. The small coercions here are
 * ansible-runner's (and Python's) readings of them.
 *
 * @module
 */

/**
 * A non-empty string, else undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optionalString } from "./kwarg_values.ts";
 *
 * assert.equal(optionalString("site.yml"), "site.yml");
 * assert.equal(optionalString(""), undefined);
 * assert.equal(optionalString(3), undefined);
 * ```
 */
export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * A finite number above 0 (numbers, or strings that are numbers), else undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { positiveNumber } from "./kwarg_values.ts";
 *
 * assert.equal(positiveNumber("2.5"), 2.5);
 * assert.equal(positiveNumber(0), undefined);
 * ```
 */
export function positiveNumber(value: unknown): number | undefined {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * An environment variable's value read as a whole number (digits, surrounding
 * spaces allowed), else undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wholeNumber } from "./kwarg_values.ts";
 *
 * assert.equal(wholeNumber(" 42 "), 42);
 * assert.equal(wholeNumber("4x"), undefined);
 * ```
 */
export function wholeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number.parseInt(value, 10);
}

/**
 * Whether `value` is a JSON/YAML mapping (not null, not an array).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isMapping } from "./kwarg_values.ts";
 *
 * assert.equal(isMapping({ a: 1 }), true);
 * assert.equal(isMapping([1]), false);
 * ```
 */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
