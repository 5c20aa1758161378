/**
 * Python's `json.loads` for one line of a worker stream, as the reference's
 * `Processor` reads it, with what the processor needs back:
 *
 * - the value (objects without a prototype, so any key is safe);
 * - `json.dumps` of that value, exactly as Python would write the job event
 *   file: numbers keep their kind (`1.0` stays a float, big ints stay
 *   exact), duplicate keys keep the last value at the first place,
 *   `NaN`/`Infinity` are accepted and written back;
 * - on bad input, Python's error message with its position
 *   (`Expecting value: line 1 column 1 (char 0)`), from the C scanner's rules.
 *
 * @module
 */
import { jsonFloat } from "../python/float_repr.ts";
import { pythonJsonDumps } from "../python/json_dumps.ts";

/**
 * A line is not JSON: `message` is Python's `JSONDecodeError` text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonJsonLoads, PythonJsonDecodeError } from "./python_json.ts";
 *
 * assert.throws(() => pythonJsonLoads(""), (error: unknown) =>
 *   error instanceof PythonJsonDecodeError &&
 *   error.message === "Expecting value: line 1 column 1 (char 0)");
 * ```
 */
export class PythonJsonDecodeError extends Error {
  /** The error name. */
  override name = "PythonJsonDecodeError";

  /** Python's `JSONDecodeError(msg, doc, pos)` text (`pos` in UTF-16 units of `doc`). */
  constructor(msg: string, doc: string, pos: number) {
    const before = doc.slice(0, pos);
    const lineno = before.split("\n").length;
    const lastNewline = before.lastIndexOf("\n");
    const charPos = codePoints(before);
    const colno = lastNewline === -1 ? charPos + 1 : codePoints(before.slice(lastNewline));
    super(`${msg}: line ${lineno} column ${colno} (char ${charPos})`);
  }
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * A decoded line: its value and Python's `json.dumps` of it.
 *
 * @example
 * ```ts
 * import type { PythonJson } from "./python_json.ts";
 *
 * const parsed: PythonJson = { value: { eof: true }, dumps: '{"eof": true}' };
 * ```
 */
export interface PythonJson {
  /** The value (objects have no prototype). */
  value: unknown;
  /** `json.dumps(value)` as Python writes it. */
  dumps: string;
}

/** Python's recursion limit leaves about this many nested containers. */
const MAX_DEPTH = 990;

class StopIteration {
  constructor(readonly pos: number) {}
}

/**
 * `json.loads(doc)` (a `str`), and `json.dumps` of the result.
 *
 * @throws {PythonJsonDecodeError} with Python's message where it raises `JSONDecodeError`
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonJsonLoads } from "./python_json.ts";
 *
 * const { value, dumps } = pythonJsonLoads('{"a":1.0,"b":[1e2,NaN],"a":"\\u00e9"}\n');
 * assert.equal(dumps, '{"a": "\\u00e9", "b": [100.0, NaN]}');
 * assert.equal((value as Record<string, unknown>).a, "é");
 * ```
 */
export function pythonJsonLoads(doc: string): PythonJson {
  const scanner = new Scanner(doc);
  const start = scanner.skipWhitespace(0);
  let parsed: PythonJson;
  try {
    parsed = scanner.scan(start, 0);
  } catch (error) {
    if (error instanceof StopIteration) {
      throw new PythonJsonDecodeError("Expecting value", doc, error.pos);
    }
    throw error;
  }
  const end = scanner.skipWhitespace(scanner.next);
  if (end !== doc.length) throw new PythonJsonDecodeError("Extra data", doc, end);
  return parsed;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** The C scanner of CPython's `_json` module, one document at a time. */
class Scanner {
  readonly #doc: string;
  /** Where the last scanned value ended. */
  next = 0;

  constructor(doc: string) {
    this.#doc = doc;
  }

  skipWhitespace(i: number): number {
    const doc = this.#doc;
    while (i < doc.length) {
      const c = doc.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
    return i;
  }

  #error(msg: string, pos: number): PythonJsonDecodeError {
    return new PythonJsonDecodeError(msg, this.#doc, pos);
  }

  scan(i: number, depth: number): PythonJson {
    const doc = this.#doc;
    if (i >= doc.length) throw new StopIteration(i);
    const c = doc[i];
    if (c === '"') {
      const value = this.#string(i + 1);
      return { value, dumps: pythonJsonDumps(value) };
    }
    if (c === "{" || c === "[") {
      if (depth >= MAX_DEPTH) {
        throw this.#error(
          `maximum recursion depth exceeded while decoding a JSON ${
            c === "{" ? "object" : "array"
          } from a unicode string`,
          i,
        );
      }
      return c === "{" ? this.#object(i + 1, depth + 1) : this.#array(i + 1, depth + 1);
    }
    for (const [word, value] of CONSTANTS) {
      if (doc.startsWith(word, i)) {
        this.next = i + word.length;
        return { value, dumps: word };
      }
    }
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(doc);
    if (match === null) throw new StopIteration(i);
    this.next = i + match[0].length;
    const number = Number(match[0]);
    if (match[1] === undefined && match[2] === undefined) {
      return { value: number, dumps: BigInt(match[0]).toString() };
    }
    return { value: number, dumps: jsonFloat(number) };
  }

  /** `scanstring`: from just after the opening quote; sets `next` past the closing one. */
  #string(start: number): string {
    const doc = this.#doc;
    const begin = start - 1;
    const chunks: string[] = [];
    let i = start;
    for (;;) {
      let j = i;
      let c = 0;
      for (; j < doc.length; j++) {
        c = doc.charCodeAt(j);
        if (c === 0x22 || c === 0x5c) break;
        if (c <= 0x1f) throw this.#error("Invalid control character at", j);
      }
      if (j >= doc.length) throw this.#error("Unterminated string starting at", begin);
      chunks.push(doc.slice(i, j));
      if (c === 0x22) {
        this.next = j + 1;
        return chunks.join("");
      }
      j++; // past the backslash
      if (j >= doc.length) throw this.#error("Unterminated string starting at", begin);
      const escape = doc[j];
      if (escape !== "u") {
        const decoded = ESCAPES[escape];
        if (decoded === undefined) throw this.#error("Invalid \\escape", j - 1);
        chunks.push(decoded);
        i = j + 1;
        continue;
      }
      let end = j + 5;
      if (end >= doc.length) throw this.#error("Invalid \\uXXXX escape", j);
      let unit = hex4(doc, j + 1);
      if (unit < 0) throw this.#error("Invalid \\uXXXX escape", j);
      if (
        unit >= 0xd800 && unit <= 0xdbff && end + 6 < doc.length && doc[end] === "\\" &&
        doc[end + 1] === "u"
      ) {
        const low = hex4(doc, end + 2);
        if (low < 0) throw this.#error("Invalid \\uXXXX escape", end + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          chunks.push(String.fromCharCode(unit, low));
          unit = -1;
          end += 6;
        }
      }
      if (unit >= 0) chunks.push(String.fromCharCode(unit));
      i = end;
    }
  }

  #object(start: number, depth: number): PythonJson {
    const doc = this.#doc;
    const value: Record<string, unknown> = Object.create(null);
    const dumps = new Map<string, string>();
    let i = this.skipWhitespace(start);
    if (i >= doc.length || doc[i] !== "}") {
      for (;;) {
        if (i >= doc.length || doc[i] !== '"') {
          throw this.#error("Expecting property name enclosed in double quotes", i);
        }
        const key = this.#string(i + 1);
        i = this.skipWhitespace(this.next);
        if (i >= doc.length || doc[i] !== ":") throw this.#error("Expecting ':' delimiter", i);
        i = this.skipWhitespace(i + 1);
        const item = this.scan(i, depth);
        value[key] = item.value;
        dumps.set(key, item.dumps);
        i = this.skipWhitespace(this.next);
        if (i < doc.length && doc[i] === "}") break;
        if (i >= doc.length || doc[i] !== ",") throw this.#error("Expecting ',' delimiter", i);
        i = this.skipWhitespace(i + 1);
      }
    }
    this.next = i + 1;
    const parts: string[] = [];
    for (const [key, text] of dumps) parts.push(`${pythonJsonDumps(key)}: ${text}`);
    return { value, dumps: `{${parts.join(", ")}}` };
  }

  #array(start: number, depth: number): PythonJson {
    const doc = this.#doc;
    const value: unknown[] = [];
    const parts: string[] = [];
    let i = this.skipWhitespace(start);
    if (i >= doc.length || doc[i] !== "]") {
      for (;;) {
        const item = this.scan(i, depth);
        value.push(item.value);
        parts.push(item.dumps);
        i = this.skipWhitespace(this.next);
        if (i < doc.length && doc[i] === "]") break;
        if (i >= doc.length || doc[i] !== ",") throw this.#error("Expecting ',' delimiter", i);
        i = this.skipWhitespace(i + 1);
      }
    }
    this.next = i + 1;
    return { value, dumps: `[${parts.join(", ")}]` };
  }
}

const CONSTANTS: readonly (readonly [string, unknown])[] = [
  ["null", null],
  ["true", true],
  ["false", false],
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["-Infinity", -Infinity],
];

/** The value of 4 hex digits at `at`, or -1. */
function hex4(doc: string, at: number): number {
  const digits = doc.slice(at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(digits) ? parseInt(digits, 16) : -1;
}
