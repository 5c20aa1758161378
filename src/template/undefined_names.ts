/**
 * Jinja2's words for an undefined value, from the expression that produced
 * it: `'nope' is undefined` for a variable, `'dict object' has no attribute
 * 'x'` for a missing key of a defined dict.
 *
 * @module
 */
import { isDict } from "../python/dict.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function objectName(value: unknown): string {
  if (Array.isArray(value)) return "list object";
  if (isDict(value)) return "dict object";
  if (typeof value === "string") return "str object";
  if (typeof value === "number") return Number.isInteger(value) ? "int object" : "float object";
  if (typeof value === "boolean") return "bool object";
  return "NoneType object";
}

/**
 * The message for the undefined value `expr` evaluated to, given the
 * template's variables.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { undefinedMessage } from "./undefined_names.ts";
 * assert.equal(undefinedMessage("nope", {}), "'nope' is undefined");
 * assert.equal(undefinedMessage("d.x", { d: {} }), "'dict object' has no attribute 'x'");
 * ```
 */
export function undefinedMessage(expr: string, vars: Readonly<Record<string, unknown>>): string {
  const text = expr.trim().replace(/^\(+/, "");
  const root = NAME.exec(text)?.[0];
  if (!root) return `${JSON.stringify(text)} is undefined`;
  if (!Object.hasOwn(vars, root)) return `'${root}' is undefined`;
  // Walk the path as far as it is defined; the first missing step names the error.
  let value: unknown = vars[root];
  let rest = text.slice(root.length);
  for (;;) {
    const step =
      /^\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*|\d+)|\[\s*(?:'([^']*)'|"([^"]*)"|(-?\d+))\s*\])/
        .exec(rest);
    if (!step) break;
    const key = step[1] ?? step[2] ?? step[3] ?? step[4];
    const next = lookup(value, key);
    if (next === undefined) {
      return `'${objectName(value)}' has no attribute '${key}'`;
    }
    value = next;
    rest = rest.slice(step[0].length);
  }
  return `'${root}' is undefined`;
}

function lookup(value: unknown, key: string): unknown {
  if (Array.isArray(value) && /^-?\d+$/.test(key)) {
    const i = Number(key);
    return value[i < 0 ? value.length + i : i];
  }
  if (isDict(value) && Object.hasOwn(value, key)) return value[key];
  return undefined;
}
