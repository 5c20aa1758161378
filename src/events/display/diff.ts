/**
 * What Ansible prints for a result's `diff` under `--diff`: the
 * `runner_on_file_diff` event's `stdout`. This is the callbacks'
 * `_get_diff` (coloured unified diffs with `before`/`after` headers, the
 * "diff skipped" notices for binary and large files, `prepared` text, and
 * `before`/`after` dicts written as sorted, indented JSON "files") and their
 * `v2_on_file_diff` (the `default` callback shows only changed results, item
 * by item in a loop; `minimal`, for ad hoc commands, shows any).
 *
 * @module
 */

import { type Dict, isDict } from "../../python/dict.ts";
import { pythonJsonDumps } from "../../python/json_dumps.ts";
import { pySplitlines } from "../../python/splitlines.ts";
import { pyStr } from "../../python/str.ts";
import { pyTruthy } from "../../python/truthy.ts";
import { stringc } from "./colors.ts";
import { unifiedDiff } from "./diff_unified.ts";
import { display, ptyText } from "./display.ts";

/**
 * Ansible's diff colours (`COLOR_DIFF_ADD`, `COLOR_DIFF_REMOVE`,
 * `COLOR_DIFF_LINES`) and its `DIFF_CONTEXT`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DIFF_STYLE } from "./diff.ts";
 * assert.equal(DIFF_STYLE.context, 3);
 * ```
 */
export const DIFF_STYLE = {
  add: "0;32",
  remove: "0;31",
  lines: "0;36",
  context: 3,
} as const;

/**
 * A diff Ansible's callback cannot print: `before`/`after` that is neither
 * text, a dict nor None, or `prepared` that is not text. Ansible's callback
 * fails there (and warns); nothing more of the diff is shown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DiffDisplayError, diffText } from "./diff.ts";
 * assert.throws(() => diffText({ before: [1], after: "x" }), DiffDisplayError);
 * ```
 */
export class DiffDisplayError extends Error {
  /** The error name. */
  override name = "DiffDisplayError";
}

/** `_serialize_diff` with the default `result_format` (json). */
function serialized(value: Dict): string {
  return pythonJsonDumps(value, { sortKeys: true, indent: 4 }) + "\n";
}

/** A `before`/`after` value as the text `_get_diff` splits into lines. */
function asText(value: unknown, which: string): string {
  if (isDict(value)) return serialized(value);
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  throw new DiffDisplayError(`the diff's ${which} is neither text nor a dict`);
}

/** The lines of a side, the last one marked when it has no newline. */
function sideLines(text: string): string[] {
  const lines = pySplitlines(text, true);
  const last = lines.length - 1;
  if (last >= 0 && !lines[last].endsWith("\n")) {
    lines[last] += "\n\\ No newline at end of file\n";
  }
  return lines;
}

/** The coloured unified diff of one entry with `before` and `after`. */
function entryDiff(entry: Dict): string[] {
  const before = asText(entry.before, "before");
  const after = asText(entry.after, "after");
  const fromfile = "before_header" in entry ? `before: ${pyStr(entry.before_header)}` : "before";
  const tofile = "after_header" in entry ? `after: ${pyStr(entry.after_header)}` : "after";
  const lines = unifiedDiff(sideLines(before), sideLines(after), {
    fromfile,
    tofile,
    n: DIFF_STYLE.context,
  });
  const out = lines.map((line) => {
    if (line.startsWith("+")) return stringc(line, DIFF_STYLE.add);
    if (line.startsWith("-")) return stringc(line, DIFF_STYLE.remove);
    if (line.startsWith("@@")) return stringc(line, DIFF_STYLE.lines);
    return line;
  });
  if (out.length > 0) out.push("\n");
  return out;
}

/** `"%d" % value`. */
function pyInteger(value: unknown): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  const n = Number(value);
  if (!Number.isFinite(n)) throw new DiffDisplayError(`${String(value)} is not a size`);
  return Math.trunc(n).toString();
}

/**
 * `CallbackBase._get_diff(diff)`: the text for a result's `diff`, one entry
 * or a list of them (an empty text when nothing differs). Not coloured line
 * by line beyond what Ansible colours: `+` lines green, `-` lines red, `@@`
 * lines cyan, each followed by an empty coloured segment where the line's own
 * newline was, as `stringc` writes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { diffText } from "./diff.ts";
 * assert.equal(
 *   diffText({ before: "a\n", after: "b\n" }),
 *   "\u001b[0;31m--- before\u001b[0m\n\u001b[0;31m\u001b[0m" +
 *     "\u001b[0;32m+++ after\u001b[0m\n\u001b[0;32m\u001b[0m" +
 *     "\u001b[0;36m@@ -1 +1 @@\u001b[0m\n\u001b[0;36m\u001b[0m" +
 *     "\u001b[0;31m-a\u001b[0m\n\u001b[0;31m\u001b[0m" +
 *     "\u001b[0;32m+b\u001b[0m\n\u001b[0;32m\u001b[0m\n",
 * );
 * assert.equal(diffText([{ dst_binary: 1 }]), "diff skipped: destination file appears to be binary\n");
 * ```
 */
export function diffText(diff: unknown): string {
  const entries = Array.isArray(diff) ? diff : [diff];
  const out: string[] = [];
  for (const entry of entries) {
    if (!isDict(entry)) continue;
    if ("dst_binary" in entry) out.push("diff skipped: destination file appears to be binary\n");
    if ("src_binary" in entry) out.push("diff skipped: source file appears to be binary\n");
    if ("dst_larger" in entry) {
      out.push(
        `diff skipped: destination file size is greater than ${pyInteger(entry.dst_larger)}\n`,
      );
    }
    if ("src_larger" in entry) {
      out.push(`diff skipped: source file size is greater than ${pyInteger(entry.src_larger)}\n`);
    }
    if ("before" in entry && "after" in entry) out.push(...entryDiff(entry));
    if ("prepared" in entry) {
      if (typeof entry.prepared !== "string") {
        throw new DiffDisplayError("the diff's prepared text is not text");
      }
      out.push(entry.prepared);
    }
  }
  return out.join("");
}

/**
 * How the callback is called: `adhoc` for the `minimal` callback (ad hoc
 * commands), `loop` when the task has a loop (the `default` callback then
 * shows each item result's diff).
 *
 * @example
 * ```ts
 * import type { FileDiffOptions } from "./diff.ts";
 * const adhoc: FileDiffOptions = { adhoc: true };
 * ```
 */
export interface FileDiffOptions {
  /** Ad hoc command (`minimal` callback). */
  adhoc?: boolean;
  /** The task has a loop. */
  loop?: boolean;
}

/**
 * A `runner_on_file_diff` event's text: its `stdout`, and the lines it takes
 * (`end_line - start_line`). ansible-runner counts the line breaks of what
 * was written, before it strips the trailing ones from `stdout`: a diff ends
 * with an empty line, and an empty diff shown ad hoc is one line.
 *
 * @example
 * ```ts
 * import type { FileDiffOutput } from "./diff.ts";
 * const output: FileDiffOutput = { stdout: "", lines: 1 };
 * ```
 */
export interface FileDiffOutput {
  /** The event's `stdout`. */
  stdout: string;
  /** The stdout lines the event takes. */
  lines: number;
}

/**
 * The `runner_on_file_diff` event text for the callback copy of a result:
 * `v2_on_file_diff` of the `default` callback (only a changed result with a
 * non-empty `diff`; with `loop`, each changed item of `results`) or of
 * `minimal` (any non-empty `diff`), through ansible-runner's pty (`\r\n`,
 * trailing line breaks stripped). A diff the callback cannot print gives what
 * was shown before it failed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileDiffOutput } from "./diff.ts";
 * const result = { changed: true, diff: { before: "a\n", after: "a\n" } };
 * assert.deepEqual(fileDiffOutput(result), { stdout: "", lines: 0 });
 * assert.deepEqual(fileDiffOutput(result, { adhoc: true }), { stdout: "", lines: 1 });
 * ```
 */
export function fileDiffOutput(result: Dict, options: FileDiffOptions = {}): FileDiffOutput {
  const out: string[] = [];
  const show = (diff: unknown, always: boolean) => {
    const text = diffText(diff);
    if (text || always) display(out, text);
  };
  try {
    if (options.adhoc) {
      if ("diff" in result && pyTruthy(result.diff)) show(result.diff, true);
    } else if (options.loop && "results" in result) {
      const items = Array.isArray(result.results) ? result.results : [];
      for (const item of items) {
        if (isDict(item) && "diff" in item && pyTruthy(item.diff) && pyTruthy(item.changed)) {
          show(item.diff, false);
        }
      }
    } else if ("diff" in result && pyTruthy(result.diff) && pyTruthy(result.changed)) {
      show(result.diff, false);
    }
  } catch (error) {
    if (!(error instanceof DiffDisplayError)) throw error;
  }
  const written = out.join("");
  let lines = 0;
  for (let i = written.indexOf("\n"); i !== -1; i = written.indexOf("\n", i + 1)) lines++;
  return { stdout: ptyText(out), lines };
}

/**
 * The `stdout` of a `runner_on_file_diff` event: {@linkcode fileDiffOutput}'s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileDiffText } from "./diff.ts";
 * const result = { changed: true, diff: { before: "", after: "x\n", after_header: "/etc/motd" } };
 * assert.equal(
 *   fileDiffText(result),
 *   "\u001b[0;31m--- before\u001b[0m\r\n\u001b[0;31m\u001b[0m" +
 *     "\u001b[0;32m+++ after: /etc/motd\u001b[0m\r\n\u001b[0;32m\u001b[0m" +
 *     "\u001b[0;36m@@ -0,0 +1 @@\u001b[0m\r\n\u001b[0;36m\u001b[0m" +
 *     "\u001b[0;32m+x\u001b[0m\r\n\u001b[0;32m\u001b[0m",
 * );
 * assert.equal(fileDiffText({ ...result, changed: false }), "");
 * ```
 */
export function fileDiffText(result: Dict, options: FileDiffOptions = {}): string {
  return fileDiffOutput(result, options).stdout;
}
