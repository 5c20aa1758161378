/**
 * From the loader's `Map`-based values to plain data: Python's `json.dumps`
 * keys (`True` → `"true"`, `1.0` → `"1.0"`, a list key → its JSON), and
 * plain objects that keep YAML aliases shared so that the work stays the
 * size of the data, not of the data written out.
 *
 * @module
 */

import { DataParseError } from "./data_parse_error.ts";
import { setOwn } from "./own.ts";
import { pyFloatRepr } from "../../python/float_repr.ts";

/** Most values a complex (list or mapping) key may hold once written out. */
const MAX_COMPLEX_KEY_VALUES = 10_000;

/**
 * How many values `value` holds once written out as a tree (shared parts
 * counted each time they appear), counting stops past `limit`.
 */
function writtenOutSize(value: unknown, limit: number, memo = new Map<object, number>()): number {
  if (!(value instanceof Map) && !Array.isArray(value)) return 1;
  const known = memo.get(value);
  if (known !== undefined) return known;
  memo.set(value, limit + 1); // a cycle counts as too large
  let size = 1;
  const parts = value instanceof Map ? [...value.keys(), ...value.values()] : value;
  for (const part of parts) {
    size += writtenOutSize(part, limit, memo);
    if (size > limit) break;
  }
  size = Math.min(size, limit + 1);
  memo.set(value, size);
  return size;
}

/**
 * The JSON text of a list or mapping key, refused when it would be huge.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { complexKeyJson } from "./plain_data.ts";
 *
 * assert.equal(complexKeyJson([1, new Map([["a", true]])]), '[1,{"a":true}]');
 * ```
 */
export function complexKeyJson(key: unknown): string {
  if (writtenOutSize(key, MAX_COMPLEX_KEY_VALUES) > MAX_COMPLEX_KEY_VALUES) {
    throw new DataParseError(
      `a mapping key holding more than ${MAX_COMPLEX_KEY_VALUES} values is not supported`,
    );
  }
  return JSON.stringify(toPlain(key));
}

/**
 * Whether a parsed value is a mapping.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isMapping } from "./plain_data.ts";
 *
 * assert.equal(isMapping(new Map()), true);
 * assert.equal(isMapping({}), false);
 * ```
 */
export function isMapping(v: unknown): v is Map<unknown, unknown> {
  return v instanceof Map;
}

/**
 * The key `json.dumps` would write for a Python dict key.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonKey } from "./plain_data.ts";
 *
 * assert.equal(jsonKey(true), "true");
 * assert.equal(jsonKey(1.5), "1.5");
 * assert.equal(jsonKey(null), "null");
 * ```
 */
export function jsonKey(k: unknown): string {
  if (typeof k === "string") return k;
  if (k === null || k === undefined) return "null";
  if (typeof k === "boolean") return k ? "true" : "false";
  if (typeof k === "number") return Number.isInteger(k) ? String(k) : pyFloatRepr(k);
  return complexKeyJson(k);
}

/**
 * Turns `Map`s (recursively) into plain objects, keys stringified like
 * Python's `json.dumps` would. A `Map` or array met several times (YAML
 * aliases) becomes one object or array met as often, so the work is the
 * size of the data, not of the data written out. Pass the same `shared`
 * map to calls on parts of one document (each variable of an inventory),
 * so that a part aliased by many variables is converted once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toPlain } from "./plain_data.ts";
 *
 * assert.deepEqual(toPlain(new Map([[1, "a"]])), { "1": "a" });
 * const list = [1, 2];
 * const vars = new Map<string, unknown>([["x", list], ["y", list]]);
 * const shared = new Map<object, unknown>();
 * const plain = Object.fromEntries([...vars].map(([k, v]) => [k, toPlain(v, shared)]));
 * assert.equal(plain.x, plain.y); // one array, met twice
 * ```
 */
export function toPlain(v: unknown, shared: Map<object, unknown> = new Map()): unknown {
  if (!(v instanceof Map) && !Array.isArray(v)) return v;
  const known = shared.get(v);
  if (known !== undefined) return known;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    shared.set(v, out);
    for (const x of v) out.push(toPlain(x, shared));
    return out;
  }
  const out: Record<string, unknown> = {};
  shared.set(v, out);
  for (const [k, x] of v) setOwn(out, jsonKey(k), toPlain(x, shared));
  return out;
}
