/**
 * A JSON object as module results carry them, and the guard that tells one
 * apart from arrays and `null`. The Python helpers next to this file and the
 * renderers share it, so "is this a dict?" has one answer everywhere.
 *
 * @module
 */

/**
 * A JSON object (Python `dict`) with string keys.
 *
 * @example
 * ```ts
 * import type { Dict } from "./dict.ts";
 * const result: Dict = { changed: true, rc: 0 };
 * ```
 */
export type Dict = Record<string, unknown>;

/**
 * Whether `v` is a JSON object (Python `dict`): an object that is neither
 * `null` nor an array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isDict } from "./dict.ts";
 * assert.equal(isDict({ a: 1 }), true);
 * assert.equal(isDict([1]), false);
 * assert.equal(isDict(null), false);
 * ```
 */
export const isDict = (v: unknown): v is Dict =>
  typeof v === "object" && v !== null && !Array.isArray(v);
