/**
 * JSON text exactly as Python's `json.dumps` writes it, which is what every
 * ansible-runner peer emits and what byte-for-byte comparisons expect:
 * `", "` and `": "` separators, keys in insertion order (`sort_keys` orders
 * them by code point, as Python does), non-ASCII escaped as lowercase
 * `\uXXXX`, floats in Python `repr` form, `NaN`/`Infinity` bare.
 *
 * @module
 */

import { codePointCompare } from "./code_point_compare.ts";
import { jsonNumber } from "./float_repr.ts";

/**
 * Options mirroring `json.dumps` keyword arguments.
 *
 * @example
 * ```ts
 * import type { PythonJsonOptions } from "./json_dumps.ts";
 * const pretty: PythonJsonOptions = { indent: 4, sortKeys: true, ensureAscii: false };
 * ```
 */
export interface PythonJsonOptions {
  /** `indent=N`: pretty-print with N spaces (items then end with `,` only). */
  indent?: number;
  /** `sort_keys=True`. */
  sortKeys?: boolean;
  /** `ensure_ascii` (default true): escape everything outside 0x20–0x7E. */
  ensureAscii?: boolean;
  /**
   * The longest text to produce: past it {@linkcode JsonTooLongError} is
   * thrown as soon as the limit is crossed, so a value with shared parts
   * (a YAML alias bomb) costs at most this much work. Default: no limit.
   */
  maxLength?: number;
}

/**
 * The JSON text would be longer than {@linkcode PythonJsonOptions.maxLength}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JsonTooLongError, pythonJsonDumps } from "./json_dumps.ts";
 * assert.throws(() => pythonJsonDumps(["x".repeat(100)], { maxLength: 10 }), JsonTooLongError);
 * ```
 */
export class JsonTooLongError extends Error {
  /** The error name. */
  override name = "JsonTooLongError";
}

/** The parts written so far and their length, checked against the limit. */
class JsonOutput {
  readonly parts: string[] = [];
  #length = 0;
  readonly #max: number;

  constructor(max: number | undefined) {
    this.#max = max ?? Infinity;
  }

  push(...texts: string[]): void {
    for (const text of texts) {
      this.#length += text.length;
      if (this.#length > this.#max) {
        throw new JsonTooLongError(`the JSON text is longer than ${this.#max} characters`);
      }
      this.parts.push(text);
    }
  }
}

/**
 * Serializes `value` like Python's `json.dumps(value)`.
 *
 * `undefined` members are left out of objects and become `null` in arrays;
 * integral numbers print as integers, other numbers like Python floats.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonJsonDumps } from "./json_dumps.ts";
 * assert.equal(pythonJsonDumps({ eof: true }), '{"eof": true}');
 * assert.equal(pythonJsonDumps("\u00e9\u001b"), '"\\u00e9\\u001b"');
 * assert.equal(pythonJsonDumps({ b: 1, a: [0.5] }, { sortKeys: true }), '{"a": [0.5], "b": 1}');
 * ```
 */
export function pythonJsonDumps(value: unknown, options: PythonJsonOptions = {}): string {
  const out = new JsonOutput(options.maxLength);
  write(value, out, options, 0);
  return out.parts.join("");
}

function write(value: unknown, out: JsonOutput, opts: PythonJsonOptions, depth: number): void {
  if (value === null || value === undefined) {
    out.push("null");
    return;
  }
  switch (typeof value) {
    case "string":
      out.push(quote(value, opts.ensureAscii ?? true));
      return;
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "number":
      out.push(jsonNumber(value));
      return;
    case "bigint":
      out.push(value.toString());
      return;
    case "object":
      break;
    default:
      out.push("null");
      return;
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === "function" && !Array.isArray(value)) {
    write(withJson.toJSON(), out, opts, depth);
    return;
  }
  const indent = opts.indent;
  const open = (ch: string) => {
    out.push(ch);
    if (indent !== undefined) out.push("\n" + " ".repeat(indent * (depth + 1)));
  };
  const sep = indent === undefined ? ", " : ",\n" + " ".repeat(indent * (depth + 1));
  const close = (ch: string) => {
    if (indent !== undefined) out.push("\n" + " ".repeat(indent * depth));
    out.push(ch);
  };
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push("[]");
      return;
    }
    open("[");
    value.forEach((item, i) => {
      if (i > 0) out.push(sep);
      write(item === undefined ? null : item, out, opts, depth + 1);
    });
    close("]");
    return;
  }
  let entries = value instanceof Map
    ? [...value.entries()].map(([k, v]) => [String(k), v] as const)
    : Object.entries(value as Record<string, unknown>);
  entries = entries.filter(([, v]) => v !== undefined && typeof v !== "function");
  if (opts.sortKeys) entries.sort(([a], [b]) => codePointCompare(a, b));
  if (entries.length === 0) {
    out.push("{}");
    return;
  }
  open("{");
  entries.forEach(([k, v], i) => {
    if (i > 0) out.push(sep);
    out.push(quote(k, opts.ensureAscii ?? true), ": ");
    write(v, out, opts, depth + 1);
  });
  close("}");
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

function quote(s: string, ensureAscii: boolean): string {
  // deno-lint-ignore no-control-regex
  const needs = ensureAscii ? /["\\\u0000-\u001f\u007f-\uffff]/g : /["\\\u0000-\u001f]/g;
  return '"' + s.replace(needs, (ch) => {
    return SHORT_ESCAPES[ch] ?? "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0");
  }) + '"';
}
