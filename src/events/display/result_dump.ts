/**
 * A result as Ansible prints it after `=>`: `CallbackBase._dump_results` with
 * the default `json` result format, i.e. Python's
 * `json.dumps(result, sort_keys=True, ensure_ascii=False, indent=…)` of the
 * result minus what is never shown. This runs once per host result, so it
 * writes the JSON directly instead of copying and cleaning the result first.
 *
 * @module
 */

import { codePointCompare } from "../../python/code_point_compare.ts";
import type { Dict } from "../../python/dict.ts";
import { jsonNumber } from "../../python/float_repr.ts";
import { pyTruthy } from "../../python/truthy.ts";

const SKIP_TOP_QUIET: ReadonlySet<string> = new Set(["invocation", "diff", "exception"]);
const SKIP_TOP_VERBOSE: ReadonlySet<string> = new Set(["exception"]);

/**
 * `CallbackBase._dump_results` with the default `json` result format:
 * `json.dumps(abridged, indent=…, sort_keys=True, ensure_ascii=False)` where
 * the abridged result lacks `_ansible_*` keys (any depth), `exception`, and
 * below verbosity 3 `invocation`/`diff`. Without an `indent` the JSON is
 * indented by 4 when the result sets `_ansible_verbose_always` or
 * `verbosity` is above 2, else written on one line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dumpResults } from "./result_dump.ts";
 * assert.equal(dumpResults({ rc: 1, diff: {}, _ansible_no_log: false, b: "\u00e9" }, 0), '{"b": "\u00e9", "rc": 1}');
 * assert.equal(dumpResults({ rc: 1 }, 0, 4), '{\n    "rc": 1\n}');
 * ```
 */
export function dumpResults(r: Dict, verbosity: number, indent?: number): string {
  if (!indent && (pyTruthy(r._ansible_verbose_always) || verbosity > 2)) indent = 4;
  const skipTop = verbosity < 3 ? SKIP_TOP_QUIET : SKIP_TOP_VERBOSE;
  try {
    return dumpJson(r, indent || 0, 0, skipTop, { left: MAX_DISPLAY_CHARS });
  } catch (error) {
    if (!(error instanceof DisplayTooLongError)) throw error;
    return dumpJson({ msg: `tachyon: ${error.message}` }, indent || 0, 0);
  }
}

/**
 * The most characters of JSON printed for one result: 8 MiB. Past it the
 * result is replaced by a notice, so a value with shared parts (a YAML alias
 * bomb, billions of items once written out) cannot stall the job.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_DISPLAY_CHARS } from "./result_dump.ts";
 * assert.equal(MAX_DISPLAY_CHARS, 8388608);
 * ```
 */
export const MAX_DISPLAY_CHARS = 8 * 1024 * 1024;

/**
 * A result's JSON text went past its budget (see {@linkcode MAX_DISPLAY_CHARS}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DisplayTooLongError, dumpJson } from "./result_dump.ts";
 * assert.throws(() => dumpJson(["x".repeat(20)], 0, 0, undefined, { left: 10 }), DisplayTooLongError);
 * ```
 */
export class DisplayTooLongError extends Error {
  override name = "DisplayTooLongError";
}

/** Characters a dump may still write; {@linkcode dumpJson} throws once it is spent. */
export interface DumpBudget {
  /** Characters left. */
  left: number;
}

function spend(budget: DumpBudget | undefined, text: string): string {
  if (budget !== undefined && (budget.left -= text.length) < 0) {
    throw new DisplayTooLongError(
      `the result is too large to display (over ${MAX_DISPLAY_CHARS} characters of JSON)`,
    );
  }
  return text;
}

/**
 * Python `json.dumps(v, sort_keys=True, ensure_ascii=False, indent=indent || None)`
 * of JSON data at nesting `depth`, skipping `_ansible_*` keys at any depth
 * and, at this level only, the `skipTop` keys. Same output as
 * `pythonJsonDumps` (whose string escaping with `ensureAscii: false` is
 * `JSON.stringify`'s), about three times faster.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dumpJson } from "./result_dump.ts";
 * assert.equal(dumpJson({ b: [1.5, null], a: { _ansible_x: 1 } }, 0, 0), '{"a": {}, "b": [1.5, null]}');
 * assert.equal(dumpJson({ a: 1, skip: 2 }, 0, 0, new Set(["skip"])), '{"a": 1}');
 * ```
 */
export function dumpJson(
  v: unknown,
  indent: number,
  depth: number,
  skipTop?: ReadonlySet<string>,
  budget?: DumpBudget,
): string {
  switch (typeof v) {
    case "string":
      return spend(budget, JSON.stringify(v));
    case "number":
      return spend(
        budget,
        Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : jsonNumber(v),
      );
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return v.toString();
    case "object":
      if (v === null) return "null";
      break;
    default:
      return "null";
  }
  const inner = indent ? "\n" + " ".repeat(indent * (depth + 1)) : "";
  const outer = indent ? "\n" + " ".repeat(indent * depth) : "";
  const sep = indent ? "," + inner : ", ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    let s = "[" + inner;
    for (let i = 0; i < v.length; i++) {
      if (i > 0) s += spend(budget, sep);
      s += dumpJson(v[i], indent, depth + 1, undefined, budget);
    }
    return s + outer + "]";
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === "function") {
    return dumpJson((v as { toJSON: () => unknown }).toJSON(), indent, depth, undefined, budget);
  }
  const o = v as Dict;
  const keys = Object.keys(o).filter((k) =>
    o[k] !== undefined && typeof o[k] !== "function" && !k.startsWith("_ansible_") &&
    !skipTop?.has(k)
  ).sort(codePointCompare);
  if (keys.length === 0) return "{}";
  let s = "{" + inner;
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) s += spend(budget, sep);
    s += spend(budget, JSON.stringify(keys[i]) + ": ") +
      dumpJson(o[keys[i]], indent, depth + 1, undefined, budget);
  }
  return s + outer + "}";
}
