/**
 * The `repr()` inventory error messages quote values with: Python's own
 * (`src/python/repr.ts`), capped, because the value quoted may be huge or
 * made of shared parts (a YAML alias bomb) and a message must stay cheap.
 *
 * @module
 */

import { pyRepr as pythonRepr } from "../../python/repr.ts";

/** Longest {@link pyRepr} text before it is cut and ends with `...`. */
const MAX_REPR_CHARS = 100_000;

/**
 * Python `repr(value)` for an error message, cut after 100 000 characters
 * (then ending with `...`). `Map`s (YAML mappings) print as dicts with their
 * own keys.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyRepr } from "./python.ts";
 * assert.equal(pyRepr(new Map([["a", [1, null]]])), "{'a': [1, None]}");
 * assert.equal(pyRepr("x".repeat(200_000)).length, 100_003);
 * ```
 */
export function pyRepr(value: unknown): string {
  return pythonRepr(value, { maxLength: MAX_REPR_CHARS });
}
