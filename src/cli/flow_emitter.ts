/**
 * The state machine of PyYAML's `Emitter`, reduced to what
 * `safe_dump(…, default_flow_style=True)` needs: flow sequences and
 * mappings (sorted keys), plain, single- and double-quoted scalars, and
 * PyYAML's line folding at the width, column for column.
 *
 * @module
 */
import { codePointCompare } from "../python/code_point_compare.ts";
import { analyzeScalar, BREAKS, ESCAPES, IMPLICIT } from "./flow_scalar.ts";
import { type FlowValue, FlowYamlError } from "./flow_value.ts";

/**
 * The state machine of PyYAML's `Emitter`, reduced to flow collections and scalars.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Emitter } from "./flow_emitter.ts";
 *
 * const emitter = new Emitter(80);
 * emitter.node({ a: "yes" }, false);
 * emitter.writeIndent();
 * assert.equal(emitter.out, "{a: 'yes'}\n");
 * ```
 */
export class Emitter {
  /** What has been written so far. */
  out = "";
  #column = 0;
  #whitespace = true;
  #indention = true;
  #indent: number | null = null;
  #indents: (number | null)[] = [];

  /** Folds lines at `width` columns (see the class example). */
  constructor(readonly width: number) {}

  /**
   * Writes `value` (as a simple mapping key when `simpleKey`).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Emitter } from "./flow_emitter.ts";
   *
   * const emitter = new Emitter(80);
   * emitter.node([1, null], false);
   * assert.equal(emitter.out, "[1, null]");
   * ```
   */
  node(value: FlowValue, simpleKey: boolean): void {
    if (Array.isArray(value)) this.#sequence(value);
    else if (value !== null && typeof value === "object") {
      this.#mapping(value as { readonly [key: string]: FlowValue });
    } else this.#scalar(value as string | number | boolean | null, simpleKey);
  }

  #sequence(items: readonly FlowValue[]): void {
    this.#writeIndicator("[", true, true);
    this.#open();
    items.forEach((item, i) => {
      if (i > 0) this.#writeIndicator(",", false);
      if (this.#column > this.width) this.writeIndent();
      this.node(item, false);
    });
    this.#close();
    this.#writeIndicator("]", false);
  }

  #mapping(map: { readonly [key: string]: FlowValue }): void {
    this.#writeIndicator("{", true, true);
    this.#open();
    Object.keys(map).sort(codePointCompare).forEach((key, i) => {
      if (i > 0) this.#writeIndicator(",", false);
      if (this.#column > this.width) this.writeIndent();
      const analysis = analyzeScalar(Array.from(key));
      // "!!str".length + key length < 128, as in PyYAML's check_simple_key.
      const simple = 5 + Array.from(key).length < 128 && !analysis.empty && !analysis.multiline;
      if (simple) {
        this.node(key, true);
        this.#writeIndicator(":", false);
      } else {
        this.#writeIndicator("?", true);
        this.node(key, false);
        if (this.#column > this.width) this.writeIndent();
        this.#writeIndicator(":", true);
      }
      this.node(map[key], false);
    });
    this.#close();
    this.#writeIndicator("}", false);
  }

  #open(): void {
    this.#indents.push(this.#indent);
    this.#indent = this.#indent === null ? 2 : this.#indent + 2;
  }

  #close(): void {
    this.#indent = this.#indents.pop() ?? null;
  }

  #scalar(value: string | number | boolean | null, simpleKey: boolean): void {
    let text: string;
    let implicit = true;
    if (value === null) text = "null";
    else if (typeof value === "boolean") text = value ? "true" : "false";
    else if (typeof value === "number") {
      if (!Number.isSafeInteger(value)) throw new FlowYamlError(`unsupported number: ${value}`);
      text = String(value);
    } else if (typeof value === "string") {
      text = value;
      implicit = !IMPLICIT.some((re) => re.test(value));
    } else throw new FlowYamlError(`unsupported value: ${String(value)}`);
    const chars = Array.from(text);
    const a = analyzeScalar(chars);
    this.#open(); // PyYAML indents a scalar one step while writing it
    const split = !simpleKey;
    if (implicit && !(simpleKey && (a.empty || a.multiline)) && a.allowFlowPlain) {
      this.#writePlain(chars, split);
    } else if (a.allowSingleQuoted && !(simpleKey && a.multiline)) {
      this.#writeSingleQuoted(chars, split);
    } else this.#writeDoubleQuoted(chars, split);
    this.#close();
  }

  #write(data: string): void {
    this.out += data;
    this.#column += Array.from(data).length;
  }

  #writeIndicator(indicator: string, needWs: boolean, whitespace = false): void {
    this.#write(this.#whitespace || !needWs ? indicator : ` ${indicator}`);
    this.#whitespace = whitespace;
    this.#indention = false;
  }

  /**
   * Ends the line when needed and indents to the current level.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Emitter } from "./flow_emitter.ts";
   *
   * const emitter = new Emitter(80);
   * emitter.node("x", false);
   * emitter.writeIndent();
   * assert.equal(emitter.out, "x\n");
   * ```
   */
  writeIndent(): void {
    const indent = this.#indent ?? 0;
    if (
      !this.#indention || this.#column > indent || (this.#column === indent && !this.#whitespace)
    ) this.#writeLineBreak();
    if (this.#column < indent) {
      this.#whitespace = true;
      this.#write(" ".repeat(indent - this.#column));
    }
  }

  #writeLineBreak(data = "\n"): void {
    this.#whitespace = true;
    this.#indention = true;
    this.out += data;
    this.#column = 0;
  }

  #writePlain(text: readonly string[], split: boolean): void {
    if (text.length === 0) return;
    if (!this.#whitespace) this.#write(" ");
    this.#whitespace = false;
    this.#indention = false;
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null;
      if (spaces) {
        if (ch !== " ") {
          if (start + 1 === end && this.#column > this.width && split) {
            this.writeIndent();
            this.#whitespace = false;
            this.#indention = false;
          } else this.#write(text.slice(start, end).join(""));
          start = end;
        }
      } else if (ch === null || ch === " ") {
        this.#write(text.slice(start, end).join(""));
        start = end;
      }
      if (ch !== null) spaces = ch === " ";
    }
  }

  #writeSingleQuoted(text: readonly string[], split: boolean): void {
    this.#writeIndicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null;
      if (spaces) {
        if (ch !== " ") {
          if (
            start + 1 === end && this.#column > this.width && split && start !== 0 &&
            end !== text.length
          ) this.writeIndent();
          else this.#write(text.slice(start, end).join(""));
          start = end;
        }
      } else if (breaks) {
        if (ch === null || !BREAKS.includes(ch)) {
          if (text[start] === "\n") this.#writeLineBreak();
          for (const br of text.slice(start, end)) this.#writeLineBreak(br);
          this.writeIndent();
          start = end;
        }
      } else if (ch === null || ` ${BREAKS}'`.includes(ch)) {
        if (start < end) {
          this.#write(text.slice(start, end).join(""));
          start = end;
        }
      }
      if (ch === "'") {
        this.#write("''");
        start = end + 1;
      }
      if (ch !== null) {
        spaces = ch === " ";
        breaks = BREAKS.includes(ch);
      }
    }
    this.#writeIndicator("'", false);
  }

  #writeDoubleQuoted(text: readonly string[], split: boolean): void {
    this.#writeIndicator('"', true);
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null;
      const code = ch === null ? 0 : ch.codePointAt(0) ?? 0;
      if (ch === null || '"\\\x85\u2028\u2029\uFEFF'.includes(ch) || code < 0x20 || code > 0x7e) {
        if (start < end) {
          this.#write(text.slice(start, end).join(""));
          start = end;
        }
        if (ch !== null) {
          const hex = code.toString(16).toUpperCase();
          this.#write(
            Object.hasOwn(ESCAPES, ch)
              ? `\\${ESCAPES[ch]}`
              : code <= 0xff
              ? `\\x${hex.padStart(2, "0")}`
              : code <= 0xffff
              ? `\\u${hex.padStart(4, "0")}`
              : `\\U${hex.padStart(8, "0")}`,
          );
          start = end + 1;
        }
      }
      if (
        end > 0 && end < text.length - 1 && (ch === " " || start >= end) &&
        this.#column + (end - start) > this.width && split
      ) {
        this.#write(`${text.slice(start, end).join("")}\\`);
        if (start < end) start = end;
        this.writeIndent();
        this.#whitespace = false;
        this.#indention = false;
        if (text[start] === " ") this.#write("\\");
      }
    }
    this.#writeIndicator('"', false);
  }
}
