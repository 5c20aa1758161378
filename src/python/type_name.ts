/**
 * The Python type a JSON/YAML value would have, as Ansible's messages name
 * it: `dict`, `list`, `str`, `int`, `float`, `bool`, `NoneType`, and
 * `<class 'x'>` for `type(value)`.
 *
 * @module
 */

/**
 * The Python type name of a JSON-like value (`dict`, `list`, `str`...). A
 * number is an `int` when it is integral, else a `float`; a `Map` is a dict.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyTypeName } from "./type_name.ts";
 * assert.equal(pyTypeName([1]), "list");
 * assert.equal(pyTypeName(null), "NoneType");
 * assert.equal(pyTypeName(1.5), "float");
 * ```
 */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (Array.isArray(value)) return "list";
  if (typeof value === "object") return "dict";
  return typeof value;
}

/**
 * `<class 'x'>`, as Python formats `type(value)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyClass } from "./type_name.ts";
 * assert.equal(pyClass("a"), "<class 'str'>");
 * ```
 */
export function pyClass(value: unknown): string {
  return `<class '${pyTypeName(value)}'>`;
}
