/**
 * Running an account tool (`useradd`, `groupmod`, `chpasswd`, …) inside a
 * module's library script and reading back exactly what Ansible's
 * `run_command` reports: the exit status, stdout and stderr byte for byte
 * (trailing newlines kept). Shared by `user` and `group`.
 *
 * @module
 */
import { type ShellOutput, shellQuote } from "./remote_sh.ts";
import { pySplitlines } from "../../python/splitlines.ts";
import type { ModuleResult } from "../types.ts";

/**
 * The sh line that makes the sbin directories findable, as Ansible's
 * `get_bin_path` does for a user whose PATH lacks them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SBIN_PATH } from "./user_command.ts";
 * assert.match(SBIN_PATH, /usr\/sbin/);
 * ```
 */
export const SBIN_PATH =
  `PATH="\${PATH:-/usr/bin:/bin}:/sbin:/usr/sbin:/usr/local/sbin"; export PATH\n`;

/**
 * What one command printed and returned.
 *
 * @example
 * ```ts
 * const ran: CommandRun = { rc: 0, stdout: "", stderr: "" };
 * ```
 */
export interface CommandRun {
  /** The exit status. */
  readonly rc: number;
  /** Its stdout, as printed. */
  readonly stdout: string;
  /** Its stderr, as printed. */
  readonly stderr: string;
}

/**
 * The sh that runs `argv` (words quoted, no shell expansion), with `stdin`
 * an sh redirection or pipe source (default `/dev/null`), and prints its
 * status and outputs under `TAG R`, `TAG O`, `TAG E`. The status stays in
 * `$_trc` for what follows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { commandScript } from "./user_command.ts";
 * assert.match(commandScript("A", ["groupadd", "-r", "ops"]), /groupadd -r ops/);
 * ```
 */
export function commandScript(tag: string, argv: readonly string[], stdin = "</dev/null"): string {
  const words = argv.map(shellQuote).join(" ");
  return [
    `_to=$(mktemp) && _te=$(mktemp) || { echo 'E cannot create a temporary file'; exit 0; }`,
    `${words} ${stdin} >"$_to" 2>"$_te"; _trc=$?; printf '${tag}R %s\\n' "$_trc"`,
    `_tenc ${tag}O "$_to"; _tenc ${tag}E "$_te"; rm -f -- "$_to" "$_te"`,
  ].join("\n");
}

/**
 * The run printed by {@linkcode commandScript} under `tag`, if it ran.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ShellOutput } from "./remote_sh.ts";
 * import { readCommand } from "./user_command.ts";
 * const out = ShellOutput.parse("AR 0\nAO base64 aGkK\nAE base64 \n");
 * assert.deepEqual(readCommand(out, "A"), { rc: 0, stdout: "hi\n", stderr: "" });
 * ```
 */
export function readCommand(out: ShellOutput, tag: string): CommandRun | undefined {
  const rc = out.first(`${tag}R`);
  if (rc === undefined) return undefined;
  const text = (t: string) => new TextDecoder().decode(out.bytes(`${tag}${t}`) ?? new Uint8Array());
  return { rc: Number(rc), stdout: text("O"), stderr: text("E") };
}

/**
 * Adds `stdout`/`stderr` (when not empty) and their `_lines`, as Ansible's
 * task executor adds the lines to a module's result.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addOutputs } from "./user_command.ts";
 * assert.deepEqual(addOutputs({}, { rc: 0, stdout: "", stderr: "warning\n" }), {
 *   stderr: "warning\n",
 *   stderr_lines: ["warning"],
 * });
 * ```
 */
export function addOutputs(result: ModuleResult, ran: CommandRun): ModuleResult {
  if (ran.stdout) {
    Object.assign(result, { stdout: ran.stdout, stdout_lines: pySplitlines(ran.stdout) });
  }
  if (ran.stderr) {
    Object.assign(result, { stderr: ran.stderr, stderr_lines: pySplitlines(ran.stderr) });
  }
  return result;
}
