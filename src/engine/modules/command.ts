/**
 * `command` and `shell`: run a command on the host and report its output.
 *
 * @module
 */
import {
  ModuleArgsError,
  type ModuleContext,
  type ModuleDefinition,
  objectArgs,
} from "./module.ts";
import { parseKeyValue } from "../key_value.ts";
import { shellQuote } from "../connection/connection.ts";
import { shlexSplit } from "../../python/shlex.ts";
import type { ModuleResult } from "../types.ts";

/** Arguments of `command` / `shell`. */
export interface CommandArgs {
  /** The command line (`_raw_params` / `cmd`). */
  cmd?: string;
  /** The argv list (command only). */
  argv?: string[];
  /** Directory to run in. */
  chdir?: string;
  /** Skip when this path exists. */
  creates?: string;
  /** Skip unless this path exists. */
  removes?: string;
  /** Text for stdin. */
  stdin?: string;
  /** Add a newline to stdin (default true). */
  stdinAddNewline: boolean;
  /** Strip trailing empty lines of stdout/stderr (default true). */
  stripEmptyEnds: boolean;
  /** Shell to use (shell only). */
  executable?: string;
}

const ALLOWED = [
  "_raw_params",
  "cmd",
  "argv",
  "chdir",
  "creates",
  "removes",
  "stdin",
  "stdin_add_newline",
  "strip_empty_ends",
  "executable",
];

function parseCommandArgs(module: string, input: unknown): CommandArgs {
  const raw = objectArgs(
    module,
    input as Record<string, unknown> | string | undefined,
    ALLOWED,
    (text) => {
      const { params, raw } = parseKeyValue(text);
      return raw ? { _raw_params: raw, ...params } : params;
    },
  );
  const cmd = raw._raw_params ?? raw.cmd;
  const argv = Array.isArray(raw.argv) ? raw.argv.map(String) : undefined;
  if (cmd === undefined && argv === undefined) {
    throw new ModuleArgsError(module, "no command given");
  }
  if (cmd !== undefined && argv !== undefined) {
    throw new ModuleArgsError(module, "only command or argv can be given, not both");
  }
  return {
    cmd: cmd === undefined ? undefined : String(cmd),
    argv,
    chdir: optional(raw.chdir),
    creates: optional(raw.creates),
    removes: optional(raw.removes),
    stdin: optional(raw.stdin),
    stdinAddNewline: raw.stdin_add_newline !== false,
    stripEmptyEnds: raw.strip_empty_ends !== false,
    executable: optional(raw.executable),
  };
}

function optional(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

async function runCommand(
  ctx: ModuleContext,
  args: CommandArgs,
  useShell: boolean,
): Promise<ModuleResult> {
  const argv = args.argv ?? (useShell ? undefined : shlexSplit(args.cmd ?? ""));
  const cmdShown: unknown = useShell ? args.cmd : argv;
  const connection = await ctx.connection();
  let script = useShell
    ? (args.executable
      ? `exec ${shellQuote(args.executable)} -c ${shellQuote(args.cmd ?? "")}`
      : (args.cmd ?? ""))
    : `exec ${argv!.map(shellQuote).join(" ")}`;
  for (const [path, skipIfExists] of [[args.creates, true], [args.removes, false]] as const) {
    if (path === undefined) continue;
    const test = await connection.exec(`test -e ${shellQuote(path)}`, { signal: ctx.signal });
    if ((test.rc === 0) === skipIfExists) {
      return {
        changed: false,
        stdout: `skipped, since ${path} ${skipIfExists ? "exists" : "does not exist"}`,
        stderr: "",
        rc: 0,
        cmd: cmdShown,
        msg: `Did not run command since '${path}' ${skipIfExists ? "exists" : "does not exist"}`,
        stdout_lines: [],
        stderr_lines: [],
      };
    }
  }
  if (ctx.check) {
    return { changed: false, msg: "Command would have run if not in check mode", skipped: true };
  }
  if (args.chdir !== undefined) script = `cd ${shellQuote(args.chdir)} && ${script}`;
  const stdin = args.stdin === undefined
    ? undefined
    : new TextEncoder().encode(args.stdin + (args.stdinAddNewline ? "\n" : ""));
  const start = new Date();
  const { rc, stdout, stderr } = await connection.exec(script, { stdin, signal: ctx.signal });
  const end = new Date();
  const out = args.stripEmptyEnds ? stdout.replace(/\n+$/, "") : stdout;
  const err = args.stripEmptyEnds ? stderr.replace(/\n+$/, "") : stderr;
  const result: ModuleResult = {
    changed: true,
    stdout: out,
    stderr: err,
    rc,
    cmd: cmdShown,
    start: ansibleTime(start),
    end: ansibleTime(end),
    delta: ansibleDelta(end.getTime() - start.getTime()),
    msg: rc === 0 ? "" : "non-zero return code",
    stdout_lines: out === "" ? [] : out.split("\n"),
    stderr_lines: err === "" ? [] : err.split("\n"),
  };
  if (rc !== 0) result.failed = true;
  return result;
}

/**
 * Formats a time like Ansible's command results (`2026-11-28 15:42:20.871605`, local time).
 *
 * @example
 * ```ts
 * ansibleTime(new Date());
 * ```
 */
export function ansibleTime(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ` +
    `${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}.` +
    `${p(date.getMilliseconds(), 3)}000`;
}

function ansibleDelta(ms: number): string {
  const s = Math.floor(ms / 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(s / 3600)}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}.` +
    `${String((ms % 1000) * 1000).padStart(6, "0")}`;
}

/**
 * The `command` module: runs argv without a shell.
 *
 * @example
 * ```ts
 * await play.command("uname -a");
 * ```
 */
export const commandModule: ModuleDefinition<CommandArgs> = {
  name: "command",
  fqcn: "ansible.builtin.command",
  supportsCheckMode: true,
  targetPaths: ["chdir", "creates", "removes"],
  parseArgs: (input) => parseCommandArgs("command", input),
  run: (ctx, args) => runCommand(ctx, args, false),
};

/**
 * The `shell` module: runs a command line through `/bin/sh`.
 *
 * @example
 * ```ts
 * await play.shell("echo $HOME | tr a-z A-Z");
 * ```
 */
export const shellModule: ModuleDefinition<CommandArgs> = {
  name: "shell",
  fqcn: "ansible.builtin.shell",
  supportsCheckMode: true,
  targetPaths: ["chdir", "creates", "removes", "executable"],
  parseArgs: (input) => parseCommandArgs("shell", input),
  run: (ctx, args) => runCommand(ctx, args, true),
};
