/**
 * `raw`: sends a command line to the host's shell as is.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { parseKeyValue } from "../key_value.ts";
import { shellQuote } from "../connection/connection.ts";
import { execResult } from "./exec_result.ts";

/** Arguments of `raw`. */
export interface RawArgs {
  /** The command line, unchanged. */
  cmd: string;
  /** A shell to run it with (`EXECUTABLE -c CMD`) instead of `/bin/sh`. */
  executable?: string;
}

function freeForm(text: string): Record<string, unknown> {
  const m = /(^|\s)executable=("[^"]*"|'[^']*'|\S+)/.exec(text);
  if (!m) return { _raw_params: text };
  const executable = parseKeyValue(m[0].trim()).params.executable;
  const rest = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).trim();
  return { _raw_params: rest, executable };
}

/**
 * The `raw` module: `{ rc, stdout, stderr, stdout_lines, stderr_lines, changed: true }`.
 * Check mode skips it, as Ansible does.
 *
 * @example
 * ```ts
 * await play.task("raw", "uptime");
 * ```
 */
export const rawModule: ModuleDefinition<RawArgs> = {
  name: "raw",
  fqcn: "ansible.builtin.raw",
  supportsCheckMode: true,
  parseArgs(input) {
    const a = ArgReader.from(
      "raw",
      input,
      [{ name: "_raw_params" }, { name: "executable" }],
      freeForm,
    );
    const cmd = a.string("_raw_params") ?? "";
    if (cmd.trim() === "") throw a.error("no command given");
    return { cmd, executable: a.string("executable") };
  },
  async run(ctx, args) {
    if (ctx.check) return { changed: false, skipped: true };
    const connection = await ctx.connection();
    const command = args.executable === undefined
      ? args.cmd
      : `exec ${shellQuote(args.executable)} -c ${shellQuote(args.cmd)}`;
    return execResult(await connection.exec(command, { signal: ctx.signal }));
  },
};
