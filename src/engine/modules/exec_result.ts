/**
 * The result of modules that run one command line on the host as is
 * (`raw`, `script`): its output, split into lines the way Python does.
 *
 * @module
 */
import type { ExecResult } from "../connection/connection.ts";
import type { ModuleResult } from "../types.ts";
import { pySplitlines } from "../../python/splitlines.ts";

/**
 * What `connection.exec` returned, as the module's result:
 * `{ changed: true, rc, stdout, stderr, stdout_lines, stderr_lines }`, plus
 * `failed` and `msg: "non-zero return code"` when `rc` is not 0.
 *
 * @example
 * ```ts
 * execResult({ rc: 1, stdout: "a\n", stderr: "" });
 * // { changed: true, rc: 1, stdout: "a\n", stderr: "", stdout_lines: ["a"], stderr_lines: [],
 * //   failed: true, msg: "non-zero return code" }
 * ```
 */
export function execResult({ rc, stdout, stderr }: ExecResult): ModuleResult {
  const result = {
    changed: true,
    rc,
    stdout,
    stderr,
    stdout_lines: pySplitlines(stdout),
    stderr_lines: pySplitlines(stderr),
  };
  return rc === 0 ? result : { ...result, failed: true, msg: "non-zero return code" };
}
