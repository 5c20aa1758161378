/**
 * Python's `repr()` of JSON-like values. Ansible prints loop items
 * (`(item={'a': 1})`), non-string `msg` fields and retry counts through
 * Python's `str()`/`repr()`, so quotes, escapes, `True`/`None` and float
 * forms must be Python's.
 *
 * @module
 */

import { formatNumber } from "../../json/python_json.ts";
import { isDict } from "./dict.ts";

const NON_PRINTABLE_RE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x7f || (ch !== " " && !NON_PRINTABLE_RE.test(ch))) out += ch;
    else if (cp <= 0xff) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp <= 0xffff) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + quote;
}

function reprNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  return formatNumber(n);
}

/**
 * Python `repr(v)` of a JSON-like value: strings quoted and escaped the way
 * Python 3 does (non-printable characters as `\x`, `\u`, `\U`), `None`,
 * `True`/`False`, floats in Python form, lists and dicts recursively.
 * Other values are shown as the `repr` of their `String()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyRepr } from "./py_repr.ts";
 * assert.equal(pyRepr({ a: [1, true, null] }), "{'a': [1, True, None]}");
 * assert.equal(pyRepr("it's"), '"it\'s"');
 * assert.equal(pyRepr(1e22), "1e+22");
 * ```
 */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return reprNumber(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return reprString(v);
  if (Array.isArray(v)) return "[" + v.map(pyRepr).join(", ") + "]";
  if (isDict(v)) {
    return "{" + Object.entries(v).map(([k, x]) => reprString(k) + ": " + pyRepr(x)).join(", ") +
      "}";
  }
  return reprString(String(v));
}
