/**
 * The tokenizer behind {@linkcode ./literal_eval.ts}: Python's lexical rules
 * for the tokens a literal can hold (numbers, string and bytes literals with
 * every prefix and escape, names, brackets, `,`, `:`, signs), with comments
 * and line continuations skipped. Anything else is a syntax error.
 *
 * @module
 */

/**
 * One token of a Python literal.
 *
 * @example
 * ```ts
 * import type { LiteralToken } from "./literal_tokens.ts";
 * const one: LiteralToken = { k: "num", text: "1", float: false, imag: false };
 * ```
 */
export type LiteralToken =
  | { k: "num"; text: string; float: boolean; imag: boolean }
  | { k: "str"; value: string; bytes: boolean; fstring: boolean }
  | { k: "name"; text: string }
  | { k: "op"; text: string }
  | { k: "end" };

/**
 * The text is not a Python literal (Python's `SyntaxError` or `ValueError`
 * from `ast.literal_eval`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LiteralSyntaxError, tokenizeLiteral } from "./literal_tokens.ts";
 * assert.throws(() => tokenizeLiteral("1 + $"), LiteralSyntaxError);
 * ```
 */
export class LiteralSyntaxError extends Error {
  override name = "LiteralSyntaxError";
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

/**
 * Splits `src` into literal tokens, ending with `{ k: "end" }`. String
 * tokens hold their value with escapes applied; a bytes literal's value has
 * one character (U+0000–U+00FF) per byte.
 * Throws {@linkcode LiteralSyntaxError}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tokenizeLiteral } from "./literal_tokens.ts";
 * assert.deepEqual(tokenizeLiteral("[0x1F, r'a\\n'] # note"), [
 *   { k: "op", text: "[" },
 *   { k: "num", text: "0x1F", float: false, imag: false },
 *   { k: "op", text: "," },
 *   { k: "str", value: "a\\n", bytes: false, fstring: false },
 *   { k: "op", text: "]" },
 *   { k: "end" },
 * ]);
 * ```
 */
export function tokenizeLiteral(src: string): LiteralToken[] {
  const out: LiteralToken[] = [];
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

function readString(src: string, start: number, prefix: string): [LiteralToken, number] {
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
  // A bytes value keeps one character per byte (an octal escape past 0o377 wraps).
  return bytes
    ? Array.from(out, (ch) => String.fromCharCode(ch.charCodeAt(0) & 0xff)).join("")
    : out;
}
