/**
 * Python's `repr()` of JSON-like values. Ansible prints loop items
 * (`(item={'a': 1})`), non-string `msg` fields and the values in inventory
 * error messages through Python's `str()`/`repr()`, so quotes, escapes,
 * `True`/`None` and float forms must be Python's.
 *
 * Plain objects and `Map`s are dicts (a `Map` keeps non-string keys, as a
 * YAML mapping has them: `{1: 'a', True: None}`), arrays are lists. Dicts
 * print in insertion order, as Python's do; a plain object lists
 * integer-like keys first (JavaScript's own order), so data whose key order
 * matters is kept in a `Map`.
 *
 * @module
 */

import { isDict } from "./dict.ts";
import { pyNumberRepr } from "./float_repr.ts";
import { newerThanPython } from "./unicode_version.ts";

const NON_PRINTABLE_RE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's `str.isprintable()` of one character above U+007E. */
const isPrintable = (ch: string, cp: number): boolean =>
  !NON_PRINTABLE_RE.test(ch) && !newerThanPython(cp);

/**
 * Options of {@linkcode pyRepr}.
 *
 * @example
 * ```ts
 * import type { ReprOptions } from "./repr.ts";
 * const short: ReprOptions = { maxLength: 100_000 };
 * ```
 */
export interface ReprOptions {
  /**
   * The longest text to produce: past it the text is cut there and ends
   * with `...`, and writing stops as soon as the limit is crossed, so a value
   * with shared parts (a YAML alias bomb) costs at most this much work.
   * Default: no limit.
   */
  maxLength?: number;
}

/**
 * Python `repr(s)` of a string: single quotes unless the text holds a `'`
 * and no `"`; backslash escapes for the quote, `\\`, `\t`, `\n`, `\r`, and
 * `\x`, `\u`, `\U` for characters `str.isprintable()` rejects.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyStringRepr } from "./repr.ts";
 * assert.equal(pyStringRepr("it's"), `"it's"`);
 * assert.equal(pyStringRepr("a\nb\u00a0"), "'a\\nb\\xa0'");
 * ```
 */
export function pyStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x7f || isPrintable(ch, cp)) out += ch;
    else if (cp <= 0xff) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp <= 0xffff) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + quote;
}

/** Collects the text and counts it against the limit. */
class ReprOutput {
  readonly parts: string[] = [];
  left: number;

  constructor(max: number) {
    this.left = max;
  }

  get full(): boolean {
    return this.left < 0;
  }

  put(text: string): void {
    this.parts.push(text);
    this.left -= text.length;
  }
}

/**
 * Python `repr(v)` of a JSON-like value: `None` (also for `undefined`),
 * `True`/`False`, numbers as {@linkcode pyNumberRepr} writes them, strings as
 * {@linkcode pyStringRepr}, lists and dicts (plain objects and `Map`s)
 * recursively. Other values are shown as the `repr` of their `String()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyRepr } from "./repr.ts";
 * assert.equal(pyRepr({ a: [1, true, null] }), "{'a': [1, True, None]}");
 * assert.equal(pyRepr(new Map<unknown, unknown>([[1, "x"], [true, 0.5]])), "{1: 'x', True: 0.5}");
 * assert.equal(pyRepr(1e22), "1e+22");
 * assert.equal(pyRepr(["abc", "def"], { maxLength: 8 }), "['abc', ...");
 * ```
 */
export function pyRepr(v: unknown, options: ReprOptions = {}): string {
  const max = options.maxLength ?? Infinity;
  const out = new ReprOutput(max);
  write(v, out);
  const text = out.parts.join("");
  return out.full ? text.slice(0, max) + "..." : text;
}

function write(v: unknown, out: ReprOutput): void {
  if (out.full) return;
  if (v === null || v === undefined) return out.put("None");
  if (v === true) return out.put("True");
  if (v === false) return out.put("False");
  if (typeof v === "number") return out.put(pyNumberRepr(v));
  if (typeof v === "bigint") return out.put(v.toString());
  if (typeof v === "string") return out.put(pyStringRepr(v));
  if (Array.isArray(v)) {
    out.put("[");
    for (let i = 0; i < v.length && !out.full; i++) {
      if (i > 0) out.put(", ");
      write(v[i], out);
    }
    return out.put("]");
  }
  if (v instanceof Map) return writeDict(v, out);
  if (isDict(v)) return writeDict(Object.entries(v), out);
  out.put(pyStringRepr(String(v)));
}

function writeDict(entries: Iterable<[unknown, unknown]>, out: ReprOutput): void {
  out.put("{");
  let first = true;
  for (const [k, x] of entries) {
    if (out.full) break;
    if (!first) out.put(", ");
    first = false;
    write(k, out);
    out.put(": ");
    write(x, out);
  }
  out.put("}");
}
