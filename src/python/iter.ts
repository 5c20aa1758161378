/**
 * Python iteration (`for x in v`) over a JSON-like value. Ansible loops over
 * a result's `warnings` and `deprecations` whatever their type, so a string
 * yields its characters and a dict its keys.
 *
 * @module
 */

import { isDict } from "./dict.ts";

/**
 * The items `for x in v` visits: a list's items, a string's characters (code
 * points), a dict's keys. Python raises for other values; this returns the
 * value itself as the only item instead.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyIter } from "./iter.ts";
 * assert.deepEqual(pyIter(["a", "b"]), ["a", "b"]);
 * assert.deepEqual(pyIter("ab"), ["a", "b"]);
 * assert.deepEqual(pyIter({ k: 1 }), ["k"]);
 * ```
 */
export const pyIter = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : typeof v === "string" ? Array.from(v) : isDict(v) ? Object.keys(v) : [v];
