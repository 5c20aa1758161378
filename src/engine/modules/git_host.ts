/**
 * How `git` runs commands on the target: one exec per command, as Ansible's
 * module runs one process per command (`run_command`), with its
 * environment (the parsable locale, `GIT_SSH_COMMAND` with the task's ssh
 * options, the task's umask) and its rules: a command given as text is split
 * with shlex, a working directory that does not exist is ignored, and a
 * `check_rc` failure ends the module with `msg` (stderr), `cmd`, `rc`,
 * `stdout`, `stderr`. Failures travel as {@linkcode GitFailure}.
 *
 * @module
 */
import type { Connection } from "../connection/connection.ts";
import type { ModuleContext } from "./module.ts";
import type { ModuleResult } from "../types.ts";
import { shlexQuote, shlexSplit } from "../../python/shlex.ts";
import { runLibraryScript, type ShellOutput, shellQuote } from "./remote_sh.ts";

/**
 * The module must end with this result (Ansible's `fail_json`).
 *
 * @example
 * ```ts
 * throw new GitFailure({ msg: "Failed to checkout dev", rc: 1 });
 * ```
 */
export class GitFailure extends Error {
  /** The error name. */
  override name = "GitFailure";
  /** The result's keys (`msg` and whatever else Ansible reports). */
  readonly result: ModuleResult;

  /** Creates the failure from the result's keys. */
  constructor(result: ModuleResult) {
    super(String(result.msg));
    this.result = result;
  }
}

/** What one command printed. */
export interface GitRun {
  /** Exit status. */
  readonly rc: number;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
}

/** The environment every command gets. */
export interface GitEnvironment {
  /** The git program. */
  readonly git: string;
  /** `LANG`, `LC_ALL`, `LC_MESSAGES`, `LC_CTYPE`. */
  readonly locale: string;
  /** `GIT_SSH_COMMAND`, when set. */
  readonly sshCommand?: string;
  /** The umask, when the task sets one. */
  readonly umask?: number;
}

/** Options of {@linkcode GitHost.run}. */
export interface GitRunOptions {
  /** Working directory (ignored when it is not a directory). */
  readonly cwd?: string;
  /** Fail the module when the command fails. */
  readonly checkRc?: boolean;
}

/**
 * Ansible's printable form of a command line (`_clean_args`): each word
 * shlex-quoted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { commandText } from "./git_host.ts";
 * assert.equal(commandText(["/usr/bin/git", "log", "a b"]), "/usr/bin/git log 'a b'");
 * ```
 */
export function commandText(argv: readonly string[]): string {
  return argv.map((word) => shlexQuote(heuristicLogSanitize(word))).join(" ");
}

/**
 * Ansible's `heuristic_log_sanitize`: what looks like `user:password@` (a
 * URL's, or ssh's `user:pass@host`) becomes `user:********@`, with its
 * false positives (an `ssh://user@host` URL loses its user).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { heuristicLogSanitize } from "./git_host.ts";
 * assert.equal(heuristicLogSanitize("https://u:secret@example.org/r.git"), "https://u:********@example.org/r.git");
 * assert.equal(heuristicLogSanitize("ssh://git@example.org/r.git"), "ssh:********@example.org/r.git");
 * ```
 */
export function heuristicLogSanitize(data: string): string {
  const output: string[] = [];
  // Python's str.rindex(sub, 0, end): the last match that ends by `end`.
  const rindex = (sub: string, end: number) =>
    end < sub.length ? -1 : data.lastIndexOf(sub, end - sub.length);
  let begin = data.length;
  let prevBegin = begin;
  let sep: number | null = 1;
  while (sep) {
    const end = rindex("@", begin);
    if (end < 0) {
      output.unshift(data.slice(0, begin));
      break;
    }
    sep = null;
    let searchEnd = end;
    let exhausted = false;
    while (!sep) {
      begin = Math.max(rindex("://", searchEnd), 0);
      const found = data.indexOf(":", begin + 3);
      if (found >= 0 && found < end) {
        sep = found;
      } else if (begin === 0) {
        output.unshift(data.slice(0, prevBegin));
        exhausted = true;
        break;
      } else {
        searchEnd = begin;
      }
    }
    if (exhausted) break;
    output.unshift(data.slice(begin, sep! + 1), "********", data.slice(end, prevBegin));
    prevBegin = begin;
  }
  return output.join("");
}

/**
 * Runs commands for one `git` task on one host.
 *
 * @example
 * ```ts
 * const host = new GitHost(ctx, connection, { git: "/usr/bin/git", locale: "C.utf8" });
 * const { stdout } = await host.run(["/usr/bin/git", "rev-parse", "HEAD"], { cwd: "/srv/app" });
 * ```
 */
export class GitHost {
  readonly #ctx: ModuleContext;
  readonly #connection: Connection;
  /** The environment of every command. */
  readonly env: GitEnvironment;

  /** Wraps the task's context, its connection and the environment. */
  constructor(ctx: ModuleContext, connection: Connection, env: GitEnvironment) {
    this.#ctx = ctx;
    this.#connection = connection;
    this.env = env;
  }

  /** The git program. */
  get git(): string {
    return this.env.git;
  }

  /**
   * Runs `command` (words, or text split as shlex splits it); with
   * `checkRc`, a failure throws {@linkcode GitFailure} as `run_command` fails.
   */
  async run(command: readonly string[] | string, options: GitRunOptions = {}): Promise<GitRun> {
    const argv = typeof command === "string" ? shlexSplit(command) : [...command];
    const { locale, sshCommand, umask } = this.env;
    const vars = ["LANG", "LC_ALL", "LC_MESSAGES", "LC_CTYPE"];
    const lines = [
      ...(options.cwd !== undefined ? [`cd -- ${shellQuote(options.cwd)} 2>/dev/null`] : []),
      ...(umask !== undefined ? [`umask ${umask.toString(8).padStart(4, "0")}`] : []),
      ...vars.map((v) => `${v}=${shellQuote(locale)}`),
      ...(sshCommand !== undefined ? [`GIT_SSH_COMMAND=${shellQuote(sshCommand)}`] : []),
      `export ${vars.join(" ")}${sshCommand !== undefined ? " GIT_SSH_COMMAND" : ""}`,
      `exec ${argv.map(shellQuote).join(" ")} < /dev/null`,
    ];
    const { rc, stdout, stderr } = await this.#connection.exec(lines.join("\n"), {
      signal: this.#ctx.signal,
    });
    if (rc !== 0 && options.checkRc) {
      throw new GitFailure({
        msg: heuristicLogSanitize(stderr.trimEnd()),
        cmd: commandText(argv),
        rc,
        stdout,
        stderr,
      });
    }
    return { rc, stdout, stderr };
  }

  /** Runs a library script (file tests and reads) under the task's umask. */
  async sh(body: string): Promise<ShellOutput> {
    const umask = this.env.umask;
    const prefix = umask !== undefined ? `umask ${umask.toString(8).padStart(4, "0")}\n` : "";
    return await runLibraryScript(this.#ctx, prefix + body, undefined, this.#connection);
  }

  /** Whether `path` exists (symlinks followed, as `os.path.exists`). */
  async exists(path: string): Promise<boolean> {
    const out = await this.sh(`[ ! -e ${shellQuote(path)} ] || echo Y\n`);
    return out.first("Y") !== undefined;
  }

  /** The first line of a file (with its newline), or undefined when it is not a file. */
  async firstLine(path: string): Promise<string | undefined> {
    const p = shellQuote(path);
    const out = await this.sh(
      `if [ -f ${p} ]; then printf 'F %s\\n' "$(head -n 1 ${p} | base64 | tr -d '\\n')"; fi\n`,
    );
    const line = out.first("F");
    if (line === undefined) return undefined;
    return new TextDecoder().decode(Uint8Array.from(atob(line.trim()), (c) => c.charCodeAt(0)));
  }
}
