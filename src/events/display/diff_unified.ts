/**
 * Python's `difflib.unified_diff`: the `---`/`+++` headers, `@@ -a,b +c,d @@`
 * hunk ranges and ` `/`-`/`+` lines that Ansible's `--diff` output is made of,
 * line for line as CPython 3 writes them.
 *
 * @module
 */

import { SequenceMatcher } from "./diff_matcher.ts";

/**
 * The keyword arguments of `unified_diff` (Python's defaults when left out).
 *
 * @example
 * ```ts
 * import type { UnifiedDiffOptions } from "./diff_unified.ts";
 * const headers: UnifiedDiffOptions = { fromfile: "before", tofile: "after", n: 3 };
 * ```
 */
export interface UnifiedDiffOptions {
  /** The `---` name (default `""`). */
  fromfile?: string;
  /** The `+++` name (default `""`). */
  tofile?: string;
  /** Written after a tab on the `---` line when not empty. */
  fromfiledate?: string;
  /** Written after a tab on the `+++` line when not empty. */
  tofiledate?: string;
  /** Lines of context (default 3). */
  n?: number;
  /** The ending of header and hunk lines (default `"\n"`). */
  lineterm?: string;
}

/** `_format_range_unified`: `start,length`, `start` alone for one line. */
function unifiedRange(start: number, stop: number): string {
  let beginning = start + 1;
  const length = stop - start;
  if (length === 1) return `${beginning}`;
  if (length === 0) beginning--;
  return `${beginning},${length}`;
}

/**
 * `list(difflib.unified_diff(a, b, …))`: nothing when `a` and `b` are equal.
 * Lines are written as given: they keep their own endings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unifiedDiff } from "./diff_unified.ts";
 * assert.deepEqual(unifiedDiff(["a\n", "b\n"], ["a\n", "c\n"], { fromfile: "x", tofile: "y" }), [
 *   "--- x\n", "+++ y\n", "@@ -1,2 +1,2 @@\n", " a\n", "-b\n", "+c\n",
 * ]);
 * ```
 */
export function unifiedDiff(
  a: readonly string[],
  b: readonly string[],
  options: UnifiedDiffOptions = {},
): string[] {
  const { fromfile = "", tofile = "", fromfiledate = "", tofiledate = "" } = options;
  const lineterm = options.lineterm ?? "\n";
  const out: string[] = [];
  for (const group of new SequenceMatcher(a, b).groupedOpcodes(options.n ?? 3)) {
    if (out.length === 0) {
      out.push(`--- ${fromfile}${fromfiledate ? `\t${fromfiledate}` : ""}${lineterm}`);
      out.push(`+++ ${tofile}${tofiledate ? `\t${tofiledate}` : ""}${lineterm}`);
    }
    const first = group[0];
    const last = group[group.length - 1];
    out.push(
      `@@ -${unifiedRange(first[1], last[2])} +${unifiedRange(first[3], last[4])} @@${lineterm}`,
    );
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === "equal") {
        for (const line of a.slice(i1, i2)) out.push(" " + line);
        continue;
      }
      if (tag === "replace" || tag === "delete") {
        for (const line of a.slice(i1, i2)) out.push("-" + line);
      }
      if (tag === "replace" || tag === "insert") {
        for (const line of b.slice(j1, j2)) out.push("+" + line);
      }
    }
  }
  return out;
}
