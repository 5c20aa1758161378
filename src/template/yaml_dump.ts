/**
 * PyYAML's `yaml.dump` of JSON-like values, as Ansible's `to_yaml`
 * (`default_flow_style=None`: collections of scalars in flow style, others
 * in block style, indent 2) and `to_nice_yaml` (block style, indent 4) write
 * it: sorted keys, `allow_unicode=True`, width 80, PyYAML's choice between
 * plain, single- and double-quoted scalars and its line folding.
 *
 * @module
 */
import { isDict } from "../python/dict.ts";
import { pyFloatRepr } from "../python/float_repr.ts";
import { codePointCompare } from "../python/code_point_compare.ts";

/**
 * Options of {@linkcode yamlDump}.
 *
 * @example
 * ```ts
 * import type { YamlDumpOptions } from "./yaml_dump.ts";
 * const nice: YamlDumpOptions = { indent: 4, flowStyle: false };
 * ```
 */
export interface YamlDumpOptions {
  /** Spaces per level (PyYAML's `indent`, 2 to 9; default 2). */
  indent?: number;
  /** `default_flow_style`: true (all flow), false (all block) or undefined (leaf collections flow). */
  flowStyle?: boolean;
  /** Line width (default 80). */
  width?: number;
  /** Sort mapping keys (default true, as `yaml.dump`). */
  sortKeys?: boolean;
}

const BREAKS = "\n\x85\u2028\u2029";
const WS = "\0 \t\r\n\x85\u2028\u2029";

/** Strings a YAML 1.1 reader would take for something else than a string. */
const IMPLICIT: readonly RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
];

interface Analysis {
  empty: boolean;
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
}

/** PyYAML's `Emitter.analyze_scalar` with `allow_unicode=True`. */
function analyze(text: string): Analysis {
  const chars = Array.from(text);
  if (chars.length === 0) {
    return {
      empty: true,
      multiline: false,
      flowPlain: false,
      blockPlain: true,
      singleQuoted: true,
    };
  }
  let flowInd = text.startsWith("---") || text.startsWith("...");
  let blockInd = flowInd;
  let lineBreaks = false, special = false;
  let leadSpace = false, leadBreak = false, trailSpace = false, trailBreak = false;
  let breakSpace = false, spaceBreak = false;
  let precededByWs = true;
  let followedByWs = chars.length === 1 || WS.includes(chars[1]);
  let prevSpace = false, prevBreak = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) flowInd = blockInd = true;
      if ("?:".includes(ch)) {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === "-" && followedByWs) flowInd = blockInd = true;
    } else {
      if (",?[]{}".includes(ch)) flowInd = true;
      if (ch === ":") {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === "#" && precededByWs) flowInd = blockInd = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    const cp = ch.codePointAt(0)!;
    if (!(ch === "\n" || (cp >= 0x20 && cp <= 0x7e))) {
      const unicodeOk = (cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) ||
        (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp < 0x10ffff)) && cp !== 0xfeff;
      if (!unicodeOk) special = true;
    }
    const last = i === chars.length - 1;
    if (ch === " ") {
      if (i === 0) leadSpace = true;
      if (last) trailSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadBreak = true;
      if (last) trailBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = WS.includes(ch);
    followedByWs = i + 2 >= chars.length || WS.includes(chars[i + 2]);
  }
  let flowPlain = true, blockPlain = true, singleQuoted = true;
  if (leadSpace || leadBreak || trailSpace || trailBreak) flowPlain = blockPlain = false;
  if (breakSpace) flowPlain = blockPlain = singleQuoted = false;
  if (spaceBreak || special) flowPlain = blockPlain = singleQuoted = false;
  if (lineBreaks) flowPlain = blockPlain = false;
  if (flowInd) flowPlain = false;
  if (blockInd) blockPlain = false;
  return { empty: false, multiline: lineBreaks, flowPlain, blockPlain, singleQuoted };
}

const DOUBLE_ESCAPES: Record<string, string> = {
  "\0": "0",
  "\x07": "a",
  "\b": "b",
  "\t": "t",
  "\n": "n",
  "\v": "v",
  "\f": "f",
  "\r": "r",
  "\x1b": "e",
  '"': '"',
  "\\": "\\",
  "\x85": "N",
  "\xa0": "_",
  "\u2028": "L",
  "\u2029": "P",
};

/** The writer: PyYAML's emitter state that matters for block and flow output. */
class Writer {
  out = "";
  column = 0;
  whitespace = true;
  indention = true;
  indent = 0;
  flowLevel = 0;
  constructor(readonly step: number, readonly width: number, readonly flow: boolean | undefined) {}

  write(text: string, whitespace = false, indention = false): void {
    this.out += text;
    this.column += Array.from(text).length;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
  }

  indicator(text: string, needWs: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWs ? text : " " + text;
    this.write(data, whitespace, indention);
  }

  lineBreak(br = "\n"): void {
    this.out += br;
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
  }

  writeIndent(): void {
    const indent = this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.lineBreak();
    }
    if (this.column < indent) {
      this.whitespace = true;
      this.out += " ".repeat(indent - this.column);
      this.column = indent;
    }
  }

  isLeaf(v: unknown): boolean {
    if (Array.isArray(v)) return v.length === 0 || v.every((x) => !isCollection(x));
    if (isDict(v)) return Object.values(v).every((x) => !isCollection(x));
    return true;
  }

  useFlow(v: unknown): boolean {
    if (this.flowLevel > 0) return true;
    if (Array.isArray(v) && v.length === 0) return true;
    if (isDict(v) && Object.keys(v).length === 0) return true;
    if (this.flow !== undefined) return this.flow;
    return this.isLeaf(v);
  }

  node(v: unknown, ctx: "root" | "seq" | "map" | "key", sortKeys: boolean): void {
    if (Array.isArray(v)) {
      if (this.useFlow(v)) this.flowSeq(v, sortKeys);
      else this.blockSeq(v, ctx, sortKeys);
    } else if (isDict(v)) {
      if (this.useFlow(v)) this.flowMap(v, sortKeys);
      else this.blockMap(v, ctx, sortKeys);
    } else this.scalar(v, ctx === "key");
  }

  blockSeq(v: unknown[], ctx: string, sortKeys: boolean): void {
    const saved = this.indent;
    // Sequences in a mapping are not indented (PyYAML's indentless sequences).
    const indentless = ctx === "map" && !this.indention;
    if (!indentless && ctx !== "root") this.indent += this.step;
    for (const item of v) {
      this.writeIndent();
      this.indicator("-", true, false, true);
      const inner = this.indent;
      if (!isCollection(item) || !this.useFlow(item)) this.indent = inner + this.step;
      this.nodeInSeq(item, sortKeys);
      this.indent = inner;
    }
    this.indent = saved;
  }

  nodeInSeq(item: unknown, sortKeys: boolean): void {
    if (isCollection(item) && !this.useFlow(item)) {
      // A block collection in a sequence item starts on the dash's line.
      const saved = this.indent;
      this.indent -= this.step;
      if (Array.isArray(item)) this.blockSeq(item, "seq", sortKeys);
      else this.blockMap(item as Record<string, unknown>, "seq", sortKeys);
      this.indent = saved;
    } else this.node(item, "seq", sortKeys);
  }

  blockMap(v: Record<string, unknown>, ctx: string, sortKeys: boolean): void {
    const saved = this.indent;
    if (ctx !== "root") this.indent += this.step;
    for (const key of orderedKeys(v, sortKeys)) {
      this.writeIndent();
      this.scalar(key, true);
      this.indicator(":", false);
      const value = v[key];
      if (isCollection(value) && !this.useFlow(value)) {
        if (Array.isArray(value)) {
          this.blockSeqValue(value, sortKeys);
        } else this.blockMap(value as Record<string, unknown>, "map", sortKeys);
      } else {
        const inner = this.indent;
        if (!isCollection(value)) this.indent = inner + this.step;
        this.node(value, "map", sortKeys);
        this.indent = inner;
      }
    }
    this.indent = saved;
  }

  blockSeqValue(v: unknown[], sortKeys: boolean): void {
    // A sequence as a mapping value: its dashes at the key's indent.
    for (const item of v) {
      this.writeIndent();
      this.indicator("-", true, false, true);
      const inner = this.indent;
      if (!isCollection(item) || !this.useFlow(item)) this.indent = inner + this.step;
      this.nodeInSeq(item, sortKeys);
      this.indent = inner;
    }
  }

  /** A node inside a flow collection: scalars one step further in (PyYAML's `expect_node`). */
  flowNode(v: unknown, sortKeys: boolean, key = false): void {
    if (isCollection(v)) return this.node(v, "seq", sortKeys);
    const saved = this.indent;
    this.indent += this.step;
    this.scalar(v, key);
    this.indent = saved;
  }

  flowSeq(v: unknown[], sortKeys: boolean): void {
    this.indicator("[", true, true);
    this.flowLevel++;
    const saved = this.indent;
    this.indent += this.step;
    v.forEach((item, i) => {
      if (i > 0) this.indicator(",", false);
      if (this.column > this.width) this.writeIndent();
      this.flowNode(item, sortKeys);
    });
    this.indent = saved;
    this.flowLevel--;
    this.indicator("]", false);
  }

  flowMap(v: Record<string, unknown>, sortKeys: boolean): void {
    this.indicator("{", true, true);
    this.flowLevel++;
    const saved = this.indent;
    this.indent += this.step;
    orderedKeys(v, sortKeys).forEach((key, i) => {
      if (i > 0) this.indicator(",", false);
      if (this.column > this.width) this.writeIndent();
      this.flowNode(key, sortKeys, true);
      this.indicator(":", false);
      this.flowNode(v[key], sortKeys);
    });
    this.indent = saved;
    this.flowLevel--;
    this.indicator("}", false);
  }

  scalar(v: unknown, simpleKey: boolean): void {
    if (v === null || v === undefined) return this.indicator("null", true);
    if (typeof v === "boolean") return this.indicator(v ? "true" : "false", true);
    if (typeof v === "number") return this.indicator(yamlNumber(v), true);
    const text = String(v);
    const a = analyze(text);
    const implicit = !IMPLICIT.some((re) => re.test(text));
    if (
      implicit && !(simpleKey && (a.empty || a.multiline)) &&
      ((this.flowLevel > 0 && a.flowPlain) || (this.flowLevel === 0 && a.blockPlain))
    ) {
      if (!a.empty) this.plain(text, !simpleKey);
      return;
    }
    if (a.singleQuoted && !(simpleKey && a.multiline)) return this.singleQuoted(text, !simpleKey);
    this.doubleQuoted(text, !simpleKey);
  }

  plain(text: string, split: boolean): void {
    if (!this.whitespace) this.write(" ", true);
    const chars = Array.from(text);
    let spaces = false, start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : undefined;
      if (spaces) {
        if (ch !== " ") {
          if (start + 1 === end && this.column > this.width && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.write(chars.slice(start, end).join(""));
          start = end;
        }
      } else if (ch === undefined || ch === " ") {
        if (start < end) this.write(chars.slice(start, end).join(""));
        start = end;
      }
      if (ch !== undefined) spaces = ch === " ";
    }
    this.whitespace = false;
    this.indention = false;
  }

  singleQuoted(text: string, split: boolean): void {
    this.indicator("'", true);
    const chars = Array.from(text);
    let spaces = false, breaks = false, start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : undefined;
      if (spaces) {
        if (ch !== " ") {
          if (
            start + 1 === end && this.column > this.width && split && start !== 0 &&
            end !== chars.length
          ) this.writeIndent();
          else this.write(chars.slice(start, end).join(""));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (chars[start] === "\n") this.lineBreak();
          for (const br of chars.slice(start, end)) this.lineBreak(br === "\n" ? "\n" : br);
          this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || (" " + BREAKS).includes(ch) || ch === "'") {
        if (start < end) this.write(chars.slice(start, end).join(""));
        start = end;
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === " ";
        breaks = BREAKS.includes(ch);
      }
    }
    this.indicator("'", false);
  }

  doubleQuoted(text: string, split: boolean): void {
    this.indicator('"', true);
    const chars = Array.from(text);
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : undefined;
      const cp = ch?.codePointAt(0) ?? 0;
      if (
        ch === undefined || '"\\\x85\u2028\u2029\ufeff'.includes(ch) ||
        !((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) ||
          (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp < 0x10ffff))
      ) {
        if (start < end) this.write(chars.slice(start, end).join(""));
        start = end;
        if (ch !== undefined) {
          const esc = DOUBLE_ESCAPES[ch];
          if (esc !== undefined) this.write("\\" + esc);
          else if (cp <= 0xff) this.write("\\x" + cp.toString(16).toUpperCase().padStart(2, "0"));
          else if (cp <= 0xffff) {
            this.write("\\u" + cp.toString(16).toUpperCase().padStart(4, "0"));
          } else this.write("\\U" + cp.toString(16).toUpperCase().padStart(8, "0"));
          start = end + 1;
        }
      }
      if (
        ch !== undefined && end > 0 && end < chars.length - 1 && (ch === " " || start >= end) &&
        this.column + (end - start) > this.width && split
      ) {
        const data = chars.slice(start, end).join("") + "\\";
        if (start < end) start = end;
        this.write(data);
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (chars[start] === " ") {
          this.write("\\");
        }
      }
    }
    this.indicator('"', false);
  }
}

const isCollection = (v: unknown): boolean => Array.isArray(v) || isDict(v);

function orderedKeys(v: Record<string, unknown>, sortKeys: boolean): string[] {
  const keys = Object.keys(v);
  return sortKeys ? keys.sort(codePointCompare) : keys;
}

function yamlNumber(n: number): string {
  if (Number.isNaN(n)) return ".nan";
  if (n === Infinity) return ".inf";
  if (n === -Infinity) return "-.inf";
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  let text = pyFloatRepr(n).toLowerCase();
  if (!text.includes(".") && text.includes("e")) text = text.replace("e", ".0e");
  return text;
}

/**
 * `yaml.dump(value, Dumper=AnsibleDumper, allow_unicode=True, …)` as Ansible's
 * `to_yaml` (`{}`) and `to_nice_yaml` (`{ indent: 4, flowStyle: false }`) call it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { yamlDump } from "./yaml_dump.ts";
 * assert.equal(yamlDump({ b: [1, 2], a: "x" }), "a: x\nb: [1, 2]\n");
 * assert.equal(yamlDump({ b: [1, 2] }, { indent: 4, flowStyle: false }), "b:\n- 1\n- 2\n");
 * ```
 */
export function yamlDump(value: unknown, options: YamlDumpOptions = {}): string {
  const step = options.indent !== undefined && options.indent > 1 && options.indent < 10
    ? options.indent
    : 2;
  const w = new Writer(step, options.width ?? 80, options.flowStyle);
  w.node(value, "root", options.sortKeys ?? true);
  w.writeIndent();
  return w.out.startsWith("\n") ? w.out.slice(1) : w.out;
}
