/**
 * A Python `dict` as JSON-like data carries it (a plain JavaScript object),
 * and the guard that tells one apart from lists and `None`. Truthiness,
 * iteration and `repr` all ask "is this a dict?"; this is the one answer.
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
