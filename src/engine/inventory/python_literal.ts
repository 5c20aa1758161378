/**
 * Python's `ast.literal_eval` for the values of INI inventories, which
 * Ansible feeds through it: `1` is an int, `True` a bool, `[1, 2]` a list,
 * `'a b'` a string; anything it cannot evaluate stays the raw string.
 *
 * Supported: str/bytes literals (all prefixes but f, escapes, implicit
 * concatenation), ints (decimal, hex, octal, binary, `_`), floats, one
 * leading sign on a number, `True`/`False`/`None`, tuples (also bare
 * `1, 2`), lists, dicts, sets, `set()`, comments. Complex numbers and
 * `...` are valid Python literals that JSON cannot carry; they stay strings.
 *
 * @module
 */

import { setOwn } from "./own.ts";

type PyVal =
  | { t: "int" | "float"; v: number }
  | { t: "str"; v: string }
  | { t: "bytes"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "none" }
  | { t: "list" | "tuple" | "set"; v: PyVal[] }
  | { t: "dict"; v: Array<[PyVal, PyVal]> };

type Token =
  | { k: "num"; text: string; float: boolean; imag: boolean }
  | { k: "str"; value: string; bytes: boolean; fstring: boolean }
  | { k: "name"; text: string }
  | { k: "op"; text: string }
  | { k: "end" };

class LiteralSyntaxError extends Error {}

/**
 * Evaluates `text` like Python's `ast.literal_eval`; returns `undefined`
 * where Python would raise `ValueError`/`SyntaxError`.
 *
 * @example
 * ```ts
 * literalEval("[1, 'a']"); // { value: [1, "a"] }
 * literalEval("yes"); // undefined
 * ```
 */
export function literalEval(text: string): { value: unknown } | undefined {
  try {
    const tokens = tokenize(text.replace(/^[ \t]+/, ""));
    const parser = new Parser(tokens);
    const node = parser.parseTop();
    return { value: toJs(node) };
  } catch (e) {
    if (e instanceof LiteralSyntaxError) return undefined;
    throw e;
  }
}

/**
 * Ansible's INI `_parse_value`: the literal value when `literal_eval`
 * succeeds, otherwise the string unchanged.
 *
 * @example
 * ```ts
 * parseIniValue("1"); // 1
 * parseIniValue("true"); // "true"
 * parseIniValue("True"); // true
 * ```
 */
export function parseIniValue(text: string): unknown {
  const r = literalEval(text);
  return r === undefined ? text : r.value;
}

const ID_START = /[\p{L}\p{Nl}_]/u;
const ID_CONT = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_]/u;

const DIGITPART = "[0-9](?:_?[0-9])*";
const EXPONENT = `[eE][+-]?${DIGITPART}`;
const POINTFLOAT = `(?:(?:${DIGITPART})?\\.${DIGITPART}|${DIGITPART}\\.)`;
const FLOAT = `(?:(?:${DIGITPART}|${POINTFLOAT})${EXPONENT}|${POINTFLOAT})`;
const NUMBER_RES: Array<[RegExp, "imag" | "float" | "int"]> = [
  [new RegExp(`(?:${FLOAT}|${DIGITPART})[jJ]`, "y"), "imag"],
  [new RegExp(FLOAT, "y"), "float"],
  [/0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+/y, "int"],
  [/[1-9](?:_?[0-9])*|0+(?:_?0)*/y, "int"],
];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === " " || c === "\t" || c === "\f" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < n && src[i] !== "\n") i++;
      continue;
    }
    if (c === "\\" && (src[i + 1] === "\n" || src[i + 1] === "\r")) {
      i += 2;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      let best = "";
      let kind: "imag" | "float" | "int" = "int";
      for (const [re, k] of NUMBER_RES) {
        re.lastIndex = i;
        const m = re.exec(src);
        if (m && m[0].length > best.length) {
          best = m[0];
          kind = k;
        }
      }
      if (!best) throw new LiteralSyntaxError("invalid number");
      i += best.length;
      const next = src[i] ?? "";
      if (next && (ID_CONT.test(next) || next === ".")) {
        throw new LiteralSyntaxError("invalid decimal literal");
      }
      out.push({ k: "num", text: best, float: kind === "float", imag: kind === "imag" });
      continue;
    }
    if (ID_START.test(c)) {
      let j = i + 1;
      while (j < n && ID_CONT.test(src[j])) j++;
      const word = src.slice(i, j);
      if (
        (src[j] === "'" || src[j] === '"') &&
        /^(?:[rRuUbBfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])$/.test(word)
      ) {
        const [tok, end] = readString(src, j, word.toLowerCase());
        out.push(tok);
        i = end;
        continue;
      }
      out.push({ k: "name", text: word });
      i = j;
      continue;
    }
    if (c === "'" || c === '"') {
      const [tok, end] = readString(src, i, "");
      out.push(tok);
      i = end;
      continue;
    }
    if (src.startsWith("...", i)) {
      out.push({ k: "op", text: "..." });
      i += 3;
      continue;
    }
    if ("()[]{},:+-".includes(c)) {
      out.push({ k: "op", text: c });
      i++;
      continue;
    }
    // Any other operator makes a valid-or-invalid expression that is not a literal.
    throw new LiteralSyntaxError(`unexpected ${c}`);
  }
  out.push({ k: "end" });
  return out;
}

function readString(src: string, start: number, prefix: string): [Token, number] {
  const raw = prefix.includes("r");
  const bytes = prefix.includes("b");
  const fstring = prefix.includes("f");
  const q = src[start];
  const triple = src.startsWith(q.repeat(3), start);
  const delim = triple ? q.repeat(3) : q;
  let i = start + delim.length;
  let body = "";
  for (;;) {
    if (i >= src.length) throw new LiteralSyntaxError("unterminated string literal");
    if (src.startsWith(delim, i)) {
      i += delim.length;
      break;
    }
    const c = src[i];
    if (!triple && (c === "\n" || c === "\r")) {
      throw new LiteralSyntaxError("unterminated string literal");
    }
    if (c === "\\") {
      if (i + 1 >= src.length) throw new LiteralSyntaxError("unterminated string literal");
      body += c + src[i + 1];
      i += 2;
      continue;
    }
    body += c;
    i++;
  }
  // deno-lint-ignore no-control-regex
  if (bytes && /[^\x00-\x7f]/.test(body)) {
    throw new LiteralSyntaxError("bytes can only contain ASCII literal characters");
  }
  const value = raw ? body : unescape(body, bytes);
  return [{ k: "str", value, bytes, fstring }, i];
}

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\n": "",
};

function unescape(body: string, bytes: boolean): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      continue;
    }
    if (/[0-7]/.test(e)) {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(body[i + 1] ?? "")) digits += body[++i];
      out += String.fromCodePoint(parseInt(digits, 8));
      continue;
    }
    const hexLen = e === "x" ? 2 : !bytes && e === "u" ? 4 : !bytes && e === "U" ? 8 : 0;
    if (hexLen) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (hex.length !== hexLen || !/^[0-9a-fA-F]+$/.test(hex)) {
        throw new LiteralSyntaxError("truncated escape");
      }
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw new LiteralSyntaxError("illegal Unicode character");
      out += String.fromCodePoint(cp);
      i += hexLen;
      continue;
    }
    if (!bytes && e === "N") throw new LiteralSyntaxError("\\N{...} escapes are not supported");
    out += "\\" + e;
  }
  if (bytes) {
    // to_text() of bytes: decode them as UTF-8.
    const arr = Uint8Array.from(out, (ch) => ch.charCodeAt(0) & 0xff);
    return new TextDecoder().decode(arr);
  }
  return out;
}

class Parser {
  #pos = 0;
  constructor(private readonly tokens: Token[]) {}

  #peek(): Token {
    return this.tokens[this.#pos];
  }

  #isOp(text: string): boolean {
    const t = this.#peek();
    return t.k === "op" && t.text === text;
  }

  #expectOp(text: string): void {
    if (!this.#isOp(text)) throw new LiteralSyntaxError(`expected ${text}`);
    this.#pos++;
  }

  parseTop(): PyVal {
    const v = this.#exprList(true);
    if (this.#peek().k !== "end") throw new LiteralSyntaxError("trailing input");
    return v;
  }

  /** `a, b, c` (a tuple when a comma is present). */
  #exprList(top: boolean): PyVal {
    const first = this.#expr();
    if (!this.#isOp(",")) return first;
    const items = [first];
    while (this.#isOp(",")) {
      this.#pos++;
      if (this.#atListEnd(top)) break;
      items.push(this.#expr());
    }
    return { t: "tuple", v: items };
  }

  #atListEnd(top: boolean): boolean {
    const t = this.#peek();
    if (top) return t.k === "end";
    return t.k === "op" && (t.text === ")" || t.text === "]" || t.text === "}");
  }

  #expr(): PyVal {
    const t = this.#peek();
    let v: PyVal;
    if (t.k === "op" && (t.text === "+" || t.text === "-")) {
      this.#pos++;
      const operand = this.#atom();
      if (operand.t !== "int" && operand.t !== "float") {
        throw new LiteralSyntaxError("malformed node");
      }
      v = t.text === "-" ? { t: operand.t, v: -operand.v } : operand;
    } else {
      v = this.#atom();
    }
    const after = this.#peek();
    if (after.k === "op" && (after.text === "+" || after.text === "-")) {
      // Only `real +/- imaginary` is a literal; complex numbers are not supported.
      throw new LiteralSyntaxError("binary operation");
    }
    return v;
  }

  #atom(): PyVal {
    const t = this.#peek();
    this.#pos++;
    switch (t.k) {
      case "num":
        return numberValue(t);
      case "str": {
        let value = t.value;
        let fstring = t.fstring;
        const bytes = t.bytes;
        for (let n = this.#peek(); n.k === "str"; n = this.#peek()) {
          if (n.bytes !== bytes) {
            throw new LiteralSyntaxError("cannot mix bytes and nonbytes literals");
          }
          value += n.value;
          fstring ||= n.fstring;
          this.#pos++;
        }
        if (fstring) throw new LiteralSyntaxError("f-strings are not literals");
        return bytes ? { t: "bytes", v: value } : { t: "str", v: value };
      }
      case "name":
        if (t.text === "True") return this.#noTrailer({ t: "bool", v: true });
        if (t.text === "False") return this.#noTrailer({ t: "bool", v: false });
        if (t.text === "None") return this.#noTrailer({ t: "none" });
        if (t.text === "set" && this.#isOp("(")) {
          this.#pos++;
          this.#expectOp(")");
          return { t: "set", v: [] };
        }
        throw new LiteralSyntaxError("name");
      case "op":
        return this.#noTrailer(this.#bracket(t.text));
      default:
        throw new LiteralSyntaxError("unexpected end");
    }
  }

  #noTrailer(v: PyVal): PyVal {
    const t = this.#peek();
    if (t.k === "op" && (t.text === "(" || t.text === "[")) {
      throw new LiteralSyntaxError("call or subscript");
    }
    return v;
  }

  #bracket(open: string): PyVal {
    if (open === "(") {
      if (this.#isOp(")")) {
        this.#pos++;
        return { t: "tuple", v: [] };
      }
      const v = this.#exprList(false);
      this.#expectOp(")");
      return v;
    }
    if (open === "[") {
      const items: PyVal[] = [];
      while (!this.#isOp("]")) {
        items.push(this.#expr());
        if (!this.#isOp(",")) break;
        this.#pos++;
      }
      this.#expectOp("]");
      return { t: "list", v: items };
    }
    if (open === "{") {
      if (this.#isOp("}")) {
        this.#pos++;
        return { t: "dict", v: [] };
      }
      const first = this.#expr();
      if (this.#isOp(":")) {
        this.#pos++;
        const pairs: Array<[PyVal, PyVal]> = [[first, this.#expr()]];
        while (this.#isOp(",")) {
          this.#pos++;
          if (this.#isOp("}")) break;
          const k = this.#expr();
          this.#expectOp(":");
          pairs.push([k, this.#expr()]);
        }
        this.#expectOp("}");
        return { t: "dict", v: pairs };
      }
      const items = [first];
      while (this.#isOp(",")) {
        this.#pos++;
        if (this.#isOp("}")) break;
        items.push(this.#expr());
      }
      this.#expectOp("}");
      return { t: "set", v: items };
    }
    throw new LiteralSyntaxError(`unexpected ${open}`);
  }
}

function numberValue(t: Extract<Token, { k: "num" }>): PyVal {
  if (t.imag) throw new LiteralSyntaxError("complex numbers are not supported");
  const text = t.text.replaceAll("_", "");
  if (t.float) return { t: "float", v: parseFloat(text) };
  if (/^0[xXoObB]/.test(text)) return { t: "int", v: Number(BigInt(text.toLowerCase())) };
  return { t: "int", v: Number(text) };
}

function toJs(v: PyVal): unknown {
  switch (v.t) {
    case "int":
    case "float":
    case "str":
    case "bytes":
    case "bool":
      return v.v;
    case "none":
      return null;
    case "list":
    case "tuple":
      return v.v.map(toJs);
    case "set": {
      // Python sets have no order; keep the first occurrence of each item.
      const seen = new Set<string>();
      const out: unknown[] = [];
      for (const item of v.v) {
        const key = JSON.stringify(toJs(item));
        if (!seen.has(key)) {
          seen.add(key);
          out.push(toJs(item));
        }
      }
      return out;
    }
    case "dict": {
      // Python dict: keys equal by value (True == 1 == 1.0); the first key
      // object stays, the last value wins.
      const first = new Map<unknown, string>();
      const out: Record<string, unknown> = {};
      for (const [k, val] of v.v) {
        const id = pyKeyId(k);
        let key = first.get(id);
        if (key === undefined) {
          key = jsonKey(k);
          first.set(id, key);
        }
        setOwn(out, key, toJs(val));
      }
      return out;
    }
  }
}

/** Identity of a dict key under Python's `==`/`hash`. */
function pyKeyId(k: PyVal): unknown {
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
      return JSON.stringify(toJs(k));
  }
}

/** The key `json.dumps` writes for a Python dict key. */
function jsonKey(k: PyVal): string {
  switch (k.t) {
    case "str":
    case "bytes":
      return k.v;
    case "int":
      return String(k.v);
    case "float":
      return pyFloatRepr(k.v);
    case "bool":
      return k.v ? "true" : "false";
    case "none":
      return "null";
    default:
      // Python: unhashable type (list/dict/set) or a key json.dumps rejects (tuple).
      throw new LiteralSyntaxError("unsupported dict key");
  }
}

/**
 * Python's `repr()` of a float, for the common ranges.
 *
 * @example
 * ```ts
 * pyFloatRepr(1); // "1.0"
 * ```
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    return x.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}
