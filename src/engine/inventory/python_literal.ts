/**
 * Ansible's INI value parsing (`InventoryModule._parse_value`): Python's
 * `ast.literal_eval` of the text, or the text unchanged where that fails.
 * So `1` is an int, `True` a bool, `[1, 2]` a list, `'a b'` a string, and
 * `yes` or `a b` stay strings. The literal evaluation itself is
 * `src/python/literal_eval.ts`.
 *
 * @module
 */

import { literalEval } from "../../python/literal_eval.ts";

/**
 * Ansible's INI `_parse_value`: the literal value when `literal_eval`
 * succeeds, otherwise the string unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseIniValue } from "./python_literal.ts";
 * assert.equal(parseIniValue("1"), 1);
 * assert.equal(parseIniValue("true"), "true");
 * assert.equal(parseIniValue("True"), true);
 * ```
 */
export function parseIniValue(text: string): unknown {
  const r = literalEval(text);
  return r === undefined ? text : r.value;
}
