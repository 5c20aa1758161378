/**
 * A flow-style YAML emitter that writes byte for byte what PyYAML's
 * `yaml.safe_dump(value, default_flow_style=True)` writes (width 80, indent 2,
 * sorted keys, `allow_unicode=False`): `--worker-info` output must look like
 * the reference's because AWX reads it with `yaml.safe_load`.
 *
 * Supported values: mappings, sequences, strings, safe integers, booleans and
 * `null`. Strings that YAML would read as something else (`'2.4'`, `'yes'`,
 * `'null'`) are single-quoted; strings with control or non-ASCII characters are
 * double-quoted with PyYAML's escapes.
 *
 * @module
 */
import { codePointCompare } from "../python/mod.ts";

/**
 * A value {@linkcode dumpFlowYaml} can write.
 *
 * @example
 * ```ts
 * import type { FlowValue } from "./flow_yaml.ts";
 *
 * const value: FlowValue = { errors: [], cpu_count: 2, uuid: null };
 * ```
 */
export type FlowValue =
  | string
  | number
  | boolean
  | null
  | readonly FlowValue[]
  | { readonly [key: string]: FlowValue };

/**
 * A mapping or sequence: the only values {@linkcode dumpFlowYaml} accepts at the root.
 *
 * @example
 * ```ts
 * import type { FlowCollection } from "./flow_yaml.ts";
 *
 * const root: FlowCollection = [1, "two"];
 * ```
 */
export type FlowCollection = readonly FlowValue[] | { readonly [key: string]: FlowValue };

/**
 * A value the emitter cannot represent (a non-integer number, `undefined`, …).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dumpFlowYaml, FlowYamlError } from "./flow_yaml.ts";
 *
 * assert.throws(() => dumpFlowYaml({ ratio: 0.5 }), FlowYamlError);
 * ```
 */
export class FlowYamlError extends Error {
  /** The error name. */
  override name = "FlowYamlError";
}

/**
 * Serialises `value` as one flow-style YAML document, exactly like PyYAML's
 * `safe_dump(value, default_flow_style=True)`, including the final newline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dumpFlowYaml } from "./flow_yaml.ts";
 *
 * assert.equal(dumpFlowYaml({ b: "2.4", a: [1, null] }), "{a: [1, null], b: '2.4'}\n");
 * ```
 */
export function dumpFlowYaml(value: FlowCollection, width = 80): string {
  const emitter = new Emitter(width > 4 ? width : 80);
  emitter.node(value, false);
  emitter.writeIndent();
  return emitter.out;
}

const BREAKS = "\n\x85\u2028\u2029";
const WHITESPACE = "\0 \t\r\n\x85\u2028\u2029";
const ESCAPES: Record<string, string> = {
  "\0": "0",
  "\x07": "a",
  "\x08": "b",
  "\x09": "t",
  "\x0A": "n",
  "\x0B": "v",
  "\x0C": "f",
  "\x0D": "r",
  "\x1B": "e",
  '"': '"',
  "\\": "\\",
  "\x85": "N",
  "\xA0": "_",
  "\u2028": "L",
  "\u2029": "P",
};

/** PyYAML's implicit resolvers: a plain scalar matching one is not a string. */
const IMPLICIT: readonly RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  new RegExp(
    "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?" +
      "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$",
  ),
  new RegExp(
    "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+" +
      "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
  ),
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  new RegExp(
    "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]" +
      "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?" +
      ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
  ),
  /^(?:=)$/,
];

interface Analysis {
  empty: boolean;
  multiline: boolean;
  allowFlowPlain: boolean;
  allowSingleQuoted: boolean;
}

/** Port of PyYAML's `Emitter.analyze_scalar` (flow context, `allow_unicode=False`). */
function analyze(chars: readonly string[]): Analysis {
  if (chars.length === 0) {
    return { empty: true, multiline: false, allowFlowPlain: false, allowSingleQuoted: true };
  }
  const text = chars.join("");
  let flowIndicators = text.startsWith("---") || text.startsWith("...");
  let lineBreaks = false;
  let special = false;
  let leadingOrTrailing = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWs = true;
  let followedByWs = chars.length === 1 || WHITESPACE.includes(chars[1]);
  let previousSpace = false;
  let previousBreak = false;
  for (let index = 0; index < chars.length; index++) {
    const ch = chars[index];
    if (index === 0) {
      if ("#,[]{}&*!|>'\"%@`?:".includes(ch)) flowIndicators = true;
      if (ch === "-" && followedByWs) flowIndicators = true;
    } else {
      if (",?[]{}:".includes(ch)) flowIndicators = true;
      if (ch === "#" && precededByWs) flowIndicators = true;
    }
    const isBreak = BREAKS.includes(ch);
    if (isBreak) lineBreaks = true;
    const code = ch.codePointAt(0) ?? 0;
    if (ch !== "\n" && !(code >= 0x20 && code <= 0x7e)) special = true;
    const last = index === chars.length - 1;
    if (ch === " ") {
      if (index === 0 || last) leadingOrTrailing = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak) {
      if (index === 0 || last) leadingOrTrailing = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWs = WHITESPACE.includes(ch);
    followedByWs = index + 2 >= chars.length || WHITESPACE.includes(chars[index + 2]);
  }
  const noSingle = breakSpace || spaceBreak || special;
  return {
    empty: false,
    multiline: lineBreaks,
    allowFlowPlain: !(leadingOrTrailing || noSingle || lineBreaks || flowIndicators),
    allowSingleQuoted: !noSingle,
  };
}

/** The state machine of PyYAML's `Emitter`, reduced to flow collections and scalars. */
class Emitter {
  out = "";
  #column = 0;
  #whitespace = true;
  #indention = true;
  #indent: number | null = null;
  #indents: (number | null)[] = [];

  constructor(readonly width: number) {}

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
      const analysis = analyze(Array.from(key));
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
    const a = analyze(chars);
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
