/**
 * The `ansible-playbook` / `ansible` flags that AWX writes into `env/cmdline`
 * (or the `cmdline` kwarg), parsed into what the engine honours.
 *
 * @module
 */
import { shlexSplit } from "./shlex.ts";

/** The options a job's command line sets. */
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
  /** `-l/--limit` (several are joined with `:`). */
  limit?: string;
  /** `-v…` count or `--verbose`. */
  verbosity: number;
  /** `-t/--tags` (comma lists flattened). */
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
  /** `-m/--module-name` (ad hoc). */
  module?: string;
  /** `-a/--args` (ad hoc). */
  moduleArgs?: string;
  /** `--start-at-task`. */
  startAtTask?: string;
  /** `--ssh-common-args`. */
  sshCommonArgs?: string;
  /** `--ssh-extra-args`. */
  sshExtraArgs?: string;
  /** Words tachyon does not understand (reported as a warning, never fatal). */
  unknown: string[];
  /** Positional words (e.g. a playbook or host pattern). */
  positionals: string[];
}

type Setter = (o: CmdlineOptions, value: string) => void;

const WITH_VALUE: Record<string, Setter> = {
  "-u": (o, v) => (o.remoteUser = v),
  "--user": (o, v) => (o.remoteUser = v),
  "--become-method": (o, v) => (o.becomeMethod = v),
  "--become-user": (o, v) => (o.becomeUser = v),
  "-f": (o, v) => (o.forks = toInt(v)),
  "--forks": (o, v) => (o.forks = toInt(v)),
  "-l": (o, v) => (o.limit = o.limit ? `${o.limit}:${v}` : v),
  "--limit": (o, v) => (o.limit = o.limit ? `${o.limit}:${v}` : v),
  "-t": (o, v) => o.tags.push(...splitList(v)),
  "--tags": (o, v) => o.tags.push(...splitList(v)),
  "--skip-tags": (o, v) => o.skipTags.push(...splitList(v)),
  "-e": (o, v) => o.extraVars.push(v),
  "--extra-vars": (o, v) => o.extraVars.push(v),
  "--private-key": (o, v) => (o.privateKey = v),
  "--key-file": (o, v) => (o.privateKey = v),
  "-c": (o, v) => (o.connection = v),
  "--connection": (o, v) => (o.connection = v),
  "-T": (o, v) => (o.timeout = toInt(v)),
  "--timeout": (o, v) => (o.timeout = toInt(v)),
  "-i": (o, v) => o.inventory.push(v),
  "--inventory": (o, v) => o.inventory.push(v),
  "--inventory-file": (o, v) => o.inventory.push(v),
  "-m": (o, v) => (o.module = v),
  "--module-name": (o, v) => (o.module = v),
  "-a": (o, v) => (o.moduleArgs = v),
  "--args": (o, v) => (o.moduleArgs = v),
  "--start-at-task": (o, v) => (o.startAtTask = v),
  "--ssh-common-args": (o, v) => (o.sshCommonArgs = v),
  "--ssh-extra-args": (o, v) => (o.sshExtraArgs = v),
  "--vault-id": (o) => (o.vault = true),
  "--vault-password-file": (o) => (o.vault = true),
  "--vault-pass-file": (o) => (o.vault = true),
  "--become-password-file": () => {},
  "--connection-password-file": () => {},
  "--scp-extra-args": () => {},
  "--sftp-extra-args": () => {},
  "-M": () => {},
  "--module-path": () => {},
};

type Flag = (o: CmdlineOptions) => void;

const FLAGS: Record<string, Flag> = {
  "-b": (o) => (o.become = true),
  "--become": (o) => (o.become = true),
  "-k": (o) => (o.askPass = true),
  "--ask-pass": (o) => (o.askPass = true),
  "-K": (o) => (o.askBecomePass = true),
  "--ask-become-pass": (o) => (o.askBecomePass = true),
  "--ask-vault-pass": (o) => (o.vault = true),
  "--ask-vault-password": (o) => (o.vault = true),
  "-C": (o) => (o.check = true),
  "--check": (o) => (o.check = true),
  "-D": (o) => (o.diff = true),
  "--diff": (o) => (o.diff = true),
  "--verbose": (o) => o.verbosity++,
  "--force-handlers": () => {},
  "--flush-cache": () => {},
  "--list-hosts": () => {},
  "--list-tasks": () => {},
  "--list-tags": () => {},
  "--syntax-check": () => {},
  "--step": () => {},
  "--one-line": () => {},
};

/**
 * Parses the words of a command line (`env/cmdline` text or an argv list).
 * Unknown flags are collected in `unknown`, never thrown.
 *
 * @example
 * ```ts
 * const o = parseCmdline("-u root --become --forks=5 -l web -vv --check");
 * o.remoteUser; // "root"
 * o.verbosity; // 2
 * ```
 */
export function parseCmdline(input: string | readonly string[]): CmdlineOptions {
  const words = typeof input === "string" ? shlexSplit(input) : [...input];
  const o: CmdlineOptions = {
    become: false,
    askPass: false,
    askBecomePass: false,
    vault: false,
    verbosity: 0,
    tags: [],
    skipTags: [],
    check: false,
    diff: false,
    extraVars: [],
    inventory: [],
    unknown: [],
    positionals: [],
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (/^-v+$/.test(word)) {
      o.verbosity += word.length - 1;
      continue;
    }
    if (FLAGS[word]) {
      FLAGS[word](o);
      continue;
    }
    const eq = word.startsWith("--") ? word.indexOf("=") : -1;
    const name = eq === -1 ? word : word.slice(0, eq);
    const setter = WITH_VALUE[name];
    if (setter) {
      if (eq !== -1) setter(o, word.slice(eq + 1));
      else if (i + 1 < words.length) setter(o, words[++i]);
      else o.unknown.push(word);
      continue;
    }
    // Short option with its value attached: -uroot, -f5, -lweb.
    const short = word.length > 2 && !word.startsWith("--") ? WITH_VALUE[word.slice(0, 2)] : null;
    if (short) {
      short(o, word.slice(2));
      continue;
    }
    if (word.startsWith("-") && word !== "-") o.unknown.push(word);
    else o.positionals.push(word);
  }
  return o;
}

function toInt(value: string): number | undefined {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : undefined;
}

function splitList(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}
