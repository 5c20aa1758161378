/**
 * What `{{ value }}` prints in Jinja2: Python's `str()` of the value
 * (`True`, `None`, `['a', 1]`, `{'k': 'v'}`), strings as they are. Values
 * arrive from the engine with dicts as `Map`s (insertion order kept) and
 * Python's None as `undefined` or `null`.
 *
 * @module
 */
import { pyRepr } from "../python/repr.ts";

/**
 * Python's `str(value)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyOutput } from "./py_output.ts";
 * assert.equal(pyOutput([1, "a", null, true]), "[1, 'a', None, True]");
 * assert.equal(pyOutput(new Map([["k", false]])), "{'k': False}");
 * assert.equal(pyOutput("text"), "text");
 * ```
 */
export function pyOutput(value: unknown): string {
  if (typeof value === "string") return value;
  return pyRepr(value);
}

/**
 * Turns engine values into plain JSON-like ones: `Map`s with string keys
 * become objects, nested `undefined` becomes `null`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toPlain } from "./py_output.ts";
 * assert.deepEqual(toPlain(new Map([["a", [undefined]]])), { a: [null] });
 * ```
 */
export function toPlain(value: unknown): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = toPlain(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value === undefined) return null;
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}
