/**
 * Python's `str()` (and `"%s" %`) of JSON-like values: a string as it is,
 * anything else as its `repr()`. Ansible formats result fields and item
 * labels this way, and ansible-runner turns `envvars` values into text with
 * it.
 *
 * @module
 */

import { pyRepr } from "./repr.ts";

/**
 * Python `str(v)` of a JSON-like value: strings unchanged, other values as
 * {@linkcode pyRepr} writes them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyStr } from "./str.ts";
 * assert.equal(pyStr("it's"), "it's");
 * assert.equal(pyStr(["it's"]), '["it\'s"]');
 * assert.equal(pyStr(false), "False");
 * assert.equal(pyStr({ a: 1 }), "{'a': 1}");
 * ```
 */
export const pyStr = (v: unknown): string => typeof v === "string" ? v : pyRepr(v);
