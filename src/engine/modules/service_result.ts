/**
 * The last touch Ansible's action plugins give every module result: a
 * `stdout` gets `stdout_lines`, a `stderr` gets `stderr_lines` (split the
 * way Python's `splitlines` splits). The service modules' failures carry
 * a command's `stdout` and `stderr`, so they get both.
 *
 * @module
 */
import { pySplitlines } from "../../python/splitlines.ts";
import type { ModuleResult } from "../types.ts";

/**
 * `result` with `stdout_lines`/`stderr_lines` added where `stdout`/`stderr` are.
 *
 * @example
 * ```ts
 * withOutputLines({ stdout: "a\nb\n" }); // { stdout: "a\nb\n", stdout_lines: ["a", "b"] }
 * ```
 */
export function withOutputLines(result: ModuleResult): ModuleResult {
  const out: ModuleResult = { ...result };
  for (const key of ["stdout", "stderr"]) {
    if (key in out && !(`${key}_lines` in out)) {
      const text = out[key];
      out[`${key}_lines`] = pySplitlines(typeof text === "string" ? text : "");
    }
  }
  return out;
}
