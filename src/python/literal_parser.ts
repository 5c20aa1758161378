/**
 * The parser behind {@linkcode ./literal_eval.ts}: the expressions
 * `ast.literal_eval` accepts, over the tokens of
 * {@linkcode ./literal_tokens.ts}: constants, one sign on a number, tuples
 * (also bare `1, 2`), lists, dicts, sets and `set()`. A call, subscript or
 * any other operator is a syntax error.
 *
 * @module
 */

import { LiteralSyntaxError, type LiteralToken } from "./literal_tokens.ts";

/**
 * A Python value as `ast.literal_eval` builds it, its type kept.
 *
 * @example
 * ```ts
 * import type { PyLiteral } from "./literal_parser.ts";
 * const pair: PyLiteral = { t: "tuple", v: [{ t: "int", v: 1 }, { t: "none" }] };
 * ```
 */
export type PyLiteral =
  | { t: "int" | "float"; v: number }
  | { t: "str"; v: string }
  | { t: "bytes"; v: string } // one character (U+0000–U+00FF) per byte
  | { t: "bool"; v: boolean }
  | { t: "none" }
  | { t: "list" | "tuple" | "set"; v: PyLiteral[] }
  | { t: "dict"; v: Array<[PyLiteral, PyLiteral]> };

/**
 * Parses the tokens of one literal. Throws {@linkcode LiteralSyntaxError}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLiteral } from "./literal_parser.ts";
 * import { tokenizeLiteral } from "./literal_tokens.ts";
 * assert.deepEqual(parseLiteral(tokenizeLiteral("-1, None")), {
 *   t: "tuple",
 *   v: [{ t: "int", v: -1 }, { t: "none" }],
 * });
 * ```
 */
export function parseLiteral(tokens: readonly LiteralToken[]): PyLiteral {
  return new Parser(tokens).parseTop();
}

class Parser {
  #pos = 0;
  constructor(private readonly tokens: readonly LiteralToken[]) {}

  #peek(): LiteralToken {
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

  parseTop(): PyLiteral {
    const v = this.#exprList(true);
    if (this.#peek().k !== "end") throw new LiteralSyntaxError("trailing input");
    return v;
  }

  /** `a, b, c` (a tuple when a comma is present). */
  #exprList(top: boolean): PyLiteral {
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

  #expr(): PyLiteral {
    const t = this.#peek();
    let v: PyLiteral;
    if (t.k === "op" && (t.text === "+" || t.text === "-")) {
      this.#pos++;
      const operand = this.#signedOperand();
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

  /** What a sign may apply to: a number, in any parentheses (`-(1)`, not `-(-1)`). */
  #signedOperand(): Extract<PyLiteral, { t: "int" | "float" }> {
    let depth = 0;
    for (; this.#isOp("("); depth++) this.#pos++;
    const t = this.#peek();
    if (t.k !== "num") throw new LiteralSyntaxError("malformed node");
    this.#pos++;
    for (; depth > 0; depth--) this.#expectOp(")");
    return numberValue(t);
  }

  #atom(): PyLiteral {
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

  #noTrailer(v: PyLiteral): PyLiteral {
    const t = this.#peek();
    if (t.k === "op" && (t.text === "(" || t.text === "[")) {
      throw new LiteralSyntaxError("call or subscript");
    }
    return v;
  }

  #bracket(open: string): PyLiteral {
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
      const items: PyLiteral[] = [];
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
        const pairs: Array<[PyLiteral, PyLiteral]> = [[first, this.#expr()]];
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

function numberValue(
  t: Extract<LiteralToken, { k: "num" }>,
): Extract<PyLiteral, { t: "int" | "float" }> {
  if (t.imag) throw new LiteralSyntaxError("complex numbers are not supported");
  const text = t.text.replaceAll("_", "");
  if (t.float) return { t: "float", v: parseFloat(text) };
  if (/^0[xXoObB]/.test(text)) return { t: "int", v: Number(BigInt(text.toLowerCase())) };
  return { t: "int", v: Number(text) };
}
