/**
 * JSON text exactly as Python's `json.dumps` writes it, which is what every
 * ansible-runner peer emits and what byte-for-byte comparisons expect:
 * `", "` and `": "` separators, keys in insertion order, non-ASCII escaped as
 * lowercase `\uXXXX`, floats in Python `repr` form, `NaN`/`Infinity` bare.
 *
 * @module
 */

/** Options mirroring `json.dumps` keyword arguments. */
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
 * try {
 *   pythonJsonDumps(["x".repeat(100)], { maxLength: 10 });
 * } catch (error) {
 *   if (!(error instanceof JsonTooLongError)) throw error;
 * }
 * ```
 */
export class JsonTooLongError extends Error {
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
 * pythonJsonDumps({ eof: true }); // '{"eof": true}'
 * pythonJsonDumps("é\u001b"); // '"\\u00e9\\u001b"'
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
      out.push(formatNumber(value));
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
  if (opts.sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
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

/**
 * Formats a number like Python: integral values as ints, other finite values
 * like `float.__repr__` (shortest round-trip digits; scientific notation
 * below 1e-4 and from 1e16, with a two-digit exponent).
 *
 * @example
 * ```ts
 * formatNumber(0.00001); // "1e-05"
 * ```
 */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  const [mantissa, expText] = n.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const text = String(n);
  return text.includes(".") || text.includes("e") ? text : text + ".0";
}
