/**
 * Python's `str()` (and `"%s" %`) of JSON-like values: a string as it is,
 * anything else as its `repr()`. Ansible formats result fields and item
 * labels this way.
 *
 * @module
 */

import { pyRepr } from "./py_repr.ts";

/**
 * Python `str(v)` of a JSON-like value: strings unchanged, other values as
 * {@linkcode pyRepr} writes them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyStr } from "./py_str.ts";
 * assert.equal(pyStr("it's"), "it's");
 * assert.equal(pyStr(["it's"]), '["it\'s"]');
 * assert.equal(pyStr(false), "False");
 * ```
 */
export const pyStr = (v: unknown): string => typeof v === "string" ? v : pyRepr(v);
