/**
 * Python's `ast.literal_eval`, as Ansible applies it to INI inventory values:
 * `1` is an int, `True` a bool, `[1, 2]` a list, `'a b'` a string.
 *
 * Supported: str/bytes literals (all prefixes but f, escapes, implicit
 * concatenation), ints (decimal, hex, octal, binary, `_`), floats, one
 * leading sign on a number, `True`/`False`/`None`, tuples (also bare
 * `1, 2`), lists, dicts, sets, `set()`, comments. Complex numbers, `...` and
 * `\N{...}` escapes are valid Python that JSON cannot carry (or that needs
 * Unicode's name table); they are refused like invalid text.
 *
 * The value comes back as JSON data, the way `json.dumps` would write the
 * Python value: tuples and sets as lists, bytes decoded as UTF-8, dict keys
 * as JSON keys (`1`, `1.0`, `true`, `null`).
 *
 * @module
 */

import { jsonFloat } from "./float_repr.ts";
import { parseLiteral, type PyLiteral } from "./literal_parser.ts";
import { LiteralSyntaxError, tokenizeLiteral } from "./literal_tokens.ts";

/**
 * Evaluates `text` like Python's `ast.literal_eval`; returns `undefined`
 * where Python raises `ValueError` or `SyntaxError`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { literalEval } from "./literal_eval.ts";
 * assert.deepEqual(literalEval("[1, 'a', (2,)]"), { value: [1, "a", [2]] });
 * assert.deepEqual(literalEval("{1: 'x', 1.5: None}"), { value: { "1": "x", "1.5": null } });
 * assert.equal(literalEval("yes"), undefined);
 * ```
 */
export function literalEval(text: string): { value: unknown } | undefined {
  try {
    return { value: toJson(parseLiteral(tokenizeLiteral(text.replace(/^[ \t]+/, "")))) };
  } catch (e) {
    if (e instanceof LiteralSyntaxError) return undefined;
    throw e;
  }
}

function toJson(v: PyLiteral): unknown {
  switch (v.t) {
    case "int":
    case "float":
    case "str":
    case "bool":
      return v.v;
    case "bytes":
      return new TextDecoder().decode(Uint8Array.from(v.v, (ch) => ch.charCodeAt(0)));
    case "none":
      return null;
    case "list":
    case "tuple":
      return v.v.map(toJson);
    case "set": {
      // Python sets have no order; keep the first occurrence of each item.
      const seen = new Set<string>();
      const out: unknown[] = [];
      for (const item of v.v) {
        const value = toJson(item);
        const key = JSON.stringify(value);
        if (!seen.has(key)) {
          seen.add(key);
          out.push(value);
        }
      }
      return out;
    }
    case "dict": {
      // Python dict: keys equal by value (True == 1 == 1.0); the first key
      // object stays, the last value wins. Then JSON keys that coincide
      // (1 and '1') merge the same way, as `json.loads(json.dumps(d))` does.
      const firstKey = new Map<unknown, string>();
      const entries = new Map<string, unknown>();
      for (const [k, val] of v.v) {
        const id = keyIdentity(k);
        let key = firstKey.get(id);
        if (key === undefined) {
          key = jsonKey(k);
          firstKey.set(id, key);
        }
        entries.set(key, toJson(val));
      }
      // Object.fromEntries defines own properties, also for "__proto__".
      return Object.fromEntries(entries);
    }
  }
}

/** Identity of a dict key under Python's `==`/`hash`. */
function keyIdentity(k: PyLiteral): unknown {
  switch (k.t) {
    case "bool":
      return k.v ? 1 : 0;
    case "int":
    case "float":
      return k.v;
    case "str":
      return `s:${k.v}`;
    case "bytes":
      return `b:${k.v}`;
    case "none":
      return null;
    default:
      return JSON.stringify(toJson(k));
  }
}

/** The key `json.dumps` writes for a Python dict key. */
function jsonKey(k: PyLiteral): string {
  switch (k.t) {
    case "str":
      return k.v;
    case "bytes":
      return toJson(k) as string;
    case "int":
      return String(k.v);
    case "float":
      return jsonFloat(k.v);
    case "bool":
      return k.v ? "true" : "false";
    case "none":
      return "null";
    default:
      // Python: unhashable type (list/dict/set) or a key json.dumps rejects (tuple).
      throw new LiteralSyntaxError("unsupported dict key");
  }
}
