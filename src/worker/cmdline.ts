/**
 * The job's command line (`env/cmdline` or the `cmdline` kwarg), parsed the
 * way the command ansible-runner would run parses it: `ansible-playbook`
 * for playbook jobs, `ansible` for ad hoc ones. The option tables below are
 * ansible-core 2.14's (same options, order, actions and int types; a test
 * compares them with the real parsers) and {@linkcode parseKnownArgs}
 * applies argparse's rules to them.
 *
 * Two deliberate differences: words argparse does not know are collected
 * in `unknown` (tachyon warns, ansible would exit), and `-h`/`--version`
 * are options tachyon ignores with a warning instead of actions that end
 * the run. The positionals (the playbook, the host pattern) are optional,
 * since ansible-runner adds them after the command line.
 *
 * @module
 */
import { type ArgOption, type ArgParserSpec, parseKnownArgs } from "./argparse.ts";
import { shlexSplit } from "../python/shlex.ts";

/**
 * The command whose options a command line holds.
 *
 * @example
 * ```ts
 * import type { AnsibleCommand } from "./cmdline.ts";
 *
 * const adhoc: AnsibleCommand = "ansible"; // a job with a `module`
 * ```
 */
export type AnsibleCommand = "ansible-playbook" | "ansible";

/**
 * The options a job's command line sets.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type CmdlineOptions, parseCmdline } from "./cmdline.ts";
 *
 * const options: CmdlineOptions = parseCmdline("-C -D");
 * assert.deepEqual([options.check, options.diff], [true, true]);
 * ```
 */
export interface CmdlineOptions {
  /** `-u/--user`: default remote user. */
  remoteUser?: string;
  /** `-b/--become`. */
  become: boolean;
  /** `--become-method`. */
  becomeMethod?: string;
  /** `--become-user`. */
  becomeUser?: string;
  /** `-k/--ask-pass` given (the password comes from `passwords`). */
  askPass: boolean;
  /** `-K/--ask-become-pass` given. */
  askBecomePass: boolean;
  /** `--ask-vault-pass` / `--vault-id` / `--vault-password-file` given. */
  vault: boolean;
  /** `-f/--forks`. */
  forks?: number;
  /** `-l/--limit` (the last one, as argparse stores it). */
  limit?: string;
  /** `-v…` count or `--verbose`. */
  verbosity: number;
  /** `-t/--tags` (comma lists flattened; `ansible-playbook` only). */
  tags: string[];
  /** `--skip-tags`. */
  skipTags: string[];
  /** `-C/--check`. */
  check: boolean;
  /** `-D/--diff`. */
  diff: boolean;
  /** `-e/--extra-vars` values in order (JSON/YAML text, `k=v` text, or `@file`). */
  extraVars: string[];
  /** `--private-key/--key-file`. */
  privateKey?: string;
  /** `-c/--connection`. */
  connection?: string;
  /** `-T/--timeout`: connection timeout in seconds. */
  timeout?: number;
  /** `-i/--inventory` values. */
  inventory: string[];
  /** `-m/--module-name` (`ansible` only). */
  module?: string;
  /** `-a/--args` (`ansible` only). */
  moduleArgs?: string;
  /** `--start-at-task`. */
  startAtTask?: string;
  /** `--ssh-common-args`. */
  sshCommonArgs?: string;
  /** `--ssh-extra-args`. */
  sshExtraArgs?: string;
  /** Words the command does not know, and options tachyon does not support (warned about). */
  unknown: string[];
  /** Positional words (a playbook, or the host pattern). */
  positionals: string[];
}

const opt = (flags: string[], dest: string, more: Partial<ArgOption> = {}): ArgOption => ({
  flags,
  dest,
  ...more,
});
const flag = (flags: string[], dest: string): ArgOption =>
  opt(flags, dest, { action: "store_true" });
const int = (flags: string[], dest: string): ArgOption => opt(flags, dest, { type: "int" });
const append = (flags: string[], dest: string): ArgOption => opt(flags, dest, { action: "append" });

// ansible/cli/arguments/option_helpers.py, one group per add_*_options().
const BASE = [
  flag(["-h", "--help"], "help"),
  flag(["--version"], "version"),
  opt(["-v", "--verbose"], "verbosity", { action: "count" }),
];
const CONNECT = [
  opt(["--private-key", "--key-file"], "private_key_file"),
  opt(["-u", "--user"], "remote_user"),
  opt(["-c", "--connection"], "connection"),
  int(["-T", "--timeout"], "timeout"),
  opt(["--ssh-common-args"], "ssh_common_args"),
  opt(["--sftp-extra-args"], "sftp_extra_args"),
  opt(["--scp-extra-args"], "scp_extra_args"),
  opt(["--ssh-extra-args"], "ssh_extra_args"),
  flag(["-k", "--ask-pass"], "ask_pass"),
  opt(["--connection-password-file", "--conn-pass-file"], "connection_password_file"),
];
const META = [flag(["--force-handlers"], "force_handlers"), flag(["--flush-cache"], "flush_cache")];
const RUNAS = [
  flag(["-b", "--become"], "become"),
  opt(["--become-method"], "become_method"),
  opt(["--become-user"], "become_user"),
  flag(["-K", "--ask-become-pass"], "become_ask_pass"),
  opt(["--become-password-file", "--become-pass-file"], "become_password_file"),
];
const SUBSET = [append(["-t", "--tags"], "tags"), append(["--skip-tags"], "skip_tags")];
const CHECK = [flag(["-C", "--check"], "check"), flag(["-D", "--diff"], "diff")];
const INVENTORY = [
  append(["-i", "--inventory", "--inventory-file"], "inventory"),
  flag(["--list-hosts"], "listhosts"),
  opt(["-l", "--limit"], "subset"),
];
const RUNTASK = [append(["-e", "--extra-vars"], "extra_vars")];
const VAULT = [
  append(["--vault-id"], "vault_ids"),
  flag(["--ask-vault-password", "--ask-vault-pass"], "ask_vault_pass"),
  append(["--vault-password-file", "--vault-pass-file"], "vault_password_files"),
];
const FORK = [int(["-f", "--forks"], "forks")];
const MODULE = [append(["-M", "--module-path"], "module_path")];
const ASYNC = [int(["-P", "--poll"], "poll_interval"), int(["-B", "--background"], "seconds")];
const OUTPUT = [flag(["-o", "--one-line"], "one_line"), opt(["-t", "--tree"], "tree")];
const BASEDIR = [opt(["--playbook-dir"], "basedir")];
const TASKNOPLAY = [int(["--task-timeout"], "task_timeout")];
const EXCLUSIVE = [
  ["ask_pass", "connection_password_file"],
  ["become_ask_pass", "become_password_file"],
  ["ask_vault_pass", "vault_password_files"],
];

/**
 * The option tables of `ansible-playbook` (ansible/cli/playbook.py) and
 * `ansible` (ansible/cli/adhoc.py), in their `init_parser` order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ANSIBLE_PARSERS } from "./cmdline.ts";
 *
 * assert.equal(ANSIBLE_PARSERS.ansible.prog, "ansible");
 * ```
 */
export const ANSIBLE_PARSERS: Readonly<Record<AnsibleCommand, ArgParserSpec>> = {
  "ansible-playbook": {
    prog: "ansible-playbook",
    options: [
      ...BASE,
      ...CONNECT,
      ...META,
      ...RUNAS,
      ...SUBSET,
      ...CHECK,
      ...INVENTORY,
      ...RUNTASK,
      ...VAULT,
      ...FORK,
      ...MODULE,
      flag(["--syntax-check"], "syntax"),
      flag(["--list-tasks"], "listtasks"),
      flag(["--list-tags"], "listtags"),
      flag(["--step"], "step"),
      opt(["--start-at-task"], "start_at_task"),
    ],
    positionals: [{ dest: "args", metavar: "playbook", nargs: "*" }],
    exclusive: EXCLUSIVE,
  },
  ansible: {
    prog: "ansible",
    options: [
      ...BASE,
      ...RUNAS,
      ...INVENTORY,
      ...ASYNC,
      ...OUTPUT,
      ...CONNECT,
      ...CHECK,
      ...RUNTASK,
      ...VAULT,
      ...FORK,
      ...MODULE,
      ...BASEDIR,
      ...TASKNOPLAY,
      opt(["-a", "--args"], "module_args"),
      opt(["-m", "--module-name"], "module_name"),
    ],
    positionals: [{ dest: "args", metavar: "pattern", nargs: "?" }],
    exclusive: EXCLUSIVE,
  },
};

/** Options whose effect tachyon does not have: using one is warned about. */
const UNSUPPORTED = new Set([
  "help",
  "version",
  "poll_interval",
  "seconds",
  "tree",
  "basedir",
  "task_timeout",
]);

/**
 * Parses a command line (`env/cmdline` text, split like `shlex.split`, or
 * words) as `command` would. Unknown words are collected in `unknown`;
 * what argparse rejects (a missing value, an int that is not one, an
 * ambiguous prefix) throws `ArgvError` with argparse's message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCmdline } from "./cmdline.ts";
 *
 * const o = parseCmdline("-u root --become --fork=5 -l web -vv --check");
 * assert.equal(o.remoteUser, "root");
 * assert.equal(o.forks, 5);
 * assert.equal(o.verbosity, 2);
 * assert.equal(parseCmdline("-m ping all", "ansible").module, "ping");
 * ```
 */
export function parseCmdline(
  input: string | readonly string[],
  command: AnsibleCommand = "ansible-playbook",
): CmdlineOptions {
  const words = typeof input === "string" ? shlexSplit(input) : [...input];
  const parsed = parseKnownArgs(words, ANSIBLE_PARSERS[command]);
  const unsupported = parsed.used.filter((u) => UNSUPPORTED.has(u.dest)).map((u) => u.flag);
  const given = (dest: string) => parsed.values.has(dest);
  const listed = (dest: string) => parsed.strings(dest).flatMap(splitList);
  const pattern = parsed.string("args");
  return {
    remoteUser: parsed.string("remote_user"),
    become: parsed.flag("become"),
    becomeMethod: parsed.string("become_method"),
    becomeUser: parsed.string("become_user"),
    askPass: parsed.flag("ask_pass"),
    askBecomePass: parsed.flag("become_ask_pass"),
    vault: given("vault_ids") || given("ask_vault_pass") || given("vault_password_files"),
    forks: parsed.number("forks"),
    limit: parsed.string("subset"),
    verbosity: parsed.number("verbosity") ?? 0,
    tags: listed("tags"),
    skipTags: listed("skip_tags"),
    check: parsed.flag("check"),
    diff: parsed.flag("diff"),
    extraVars: parsed.strings("extra_vars"),
    privateKey: parsed.string("private_key_file"),
    connection: parsed.string("connection"),
    timeout: parsed.number("timeout"),
    inventory: parsed.strings("inventory"),
    module: parsed.string("module_name"),
    moduleArgs: parsed.string("module_args"),
    startAtTask: parsed.string("start_at_task"),
    sshCommonArgs: parsed.string("ssh_common_args"),
    sshExtraArgs: parsed.string("ssh_extra_args"),
    unknown: [...unsupported, ...parsed.extras],
    positionals: pattern !== undefined ? [pattern] : parsed.strings("args"),
  };
}

function splitList(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}
