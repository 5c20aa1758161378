/**
 * The diff oracles: CPython's `difflib.unified_diff` on many pairs of line
 * lists at once, and Ansible 2.14's own `_get_diff` (the `default` stdout
 * callback's, coloured as under ansible-runner's pty) on many `diff` values
 * at once. Recorded, so the unit tier needs neither Python nor Ansible.
 *
 * @module
 */
import { defineOracle, type Json } from "./recorded.ts";
import { runPython } from "./python.ts";

/** One pair to diff: `a`, `b` (lists of lines with their endings) and the context `n`. */
export interface UnifiedDiffCase {
  [key: string]: Json;
  /** The old lines. */
  a: string[];
  /** The new lines. */
  b: string[];
  /** Lines of context. */
  n: number;
  /** `fromfile`. */
  fromfile: string;
  /** `tofile`. */
  tofile: string;
}

/** Many pairs, answered in one Python run. */
export interface UnifiedDiffQuestion {
  [key: string]: Json;
  /** The pairs. */
  cases: UnifiedDiffCase[];
}

const UNIFIED_CODE = `import difflib, json, sys
cases = json.load(sys.stdin)["cases"]
print(json.dumps([list(difflib.unified_diff(c["a"], c["b"], fromfile=c["fromfile"],
    tofile=c["tofile"], n=c["n"])) for c in cases]))
`;

/**
 * `list(difflib.unified_diff(a, b, fromfile, tofile, n=n))` for each case.
 *
 * @example
 * ```ts
 * const [lines] = await pythonUnifiedDiffs({
 *   cases: [{ a: ["a\n"], b: ["b\n"], n: 3, fromfile: "before", tofile: "after" }],
 * });
 * ```
 */
export const pythonUnifiedDiffs: (question: UnifiedDiffQuestion) => Promise<string[][]> =
  defineOracle(
    "python-difflib-unified",
    async (question: UnifiedDiffQuestion) =>
      await runPython({ code: UNIFIED_CODE, input: question }) as string[][],
  );

/** Many `diff` values (what a module returns as its result's `diff`). */
export interface GetDiffQuestion {
  [key: string]: Json;
  /** The values, each passed to `_get_diff` on its own. */
  diffs: Json[];
}

const GET_DIFF_CODE = `import json, sys
from ansible.plugins.loader import callback_loader
cb = callback_loader.get("ansible.builtin.default")
cb.set_options()
out = []
for diff in json.load(sys.stdin)["diffs"]:
    try:
        out.append({"text": cb._get_diff(diff)})
    except Exception as e:
        out.append({"error": type(e).__name__})
print(json.dumps(out))
`;

/** Ansible's answer for one `diff`: its text, or the exception's class name. */
export type GetDiffAnswer = { text: string } | { error: string };

/**
 * Ansible's `default` callback `_get_diff(diff)` for each value, coloured
 * (`ANSIBLE_FORCE_COLOR`), before the pty turns `\n` into `\r\n`.
 *
 * @example
 * ```ts
 * const [answer] = await ansibleGetDiffs({ diffs: [{ before: "a\n", after: "b\n" }] });
 * ```
 */
export const ansibleGetDiffs: (question: GetDiffQuestion) => Promise<GetDiffAnswer[]> =
  defineOracle("ansible-get-diff", async (question: GetDiffQuestion) => {
    const home = await Deno.makeTempDir({ prefix: "tachyon_get_diff_" });
    try {
      return await runPython({ code: GET_DIFF_CODE, input: question }, {
        env: { HOME: home, ANSIBLE_FORCE_COLOR: "1", ANSIBLE_LOCAL_TEMP: `${home}/tmp` },
      }) as GetDiffAnswer[];
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  });
