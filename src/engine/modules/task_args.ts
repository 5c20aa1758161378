/**
 * The arguments a task may give each built-in module, as types: what
 * `play.task("file", { … })` checks and what an editor completes. Types only:
 * importing this file (even without `import type`) loads no module, so the
 * registry stays lazy.
 *
 * Names and aliases are Ansible's, the ones each module's `parseArgs`
 * accepts (`tests/engine/modules/task_args_test.ts` keeps the two in step).
 * Where `parseArgs` is lenient for free-form text (`force=yes`, `port=80`),
 * these types ask for the TypeScript value (`true`, `80`). A parameter that
 * is required (under any of its aliases) is required here. Every module but
 * `assert` also takes Ansible's `k=v` free form as a string. The types of
 * the file modules, and `mode` (a string, never a number), are in
 * `file_task_args.ts`.
 *
 * One alias is left out: `name` for the path of `file`, `lineinfile`,
 * `blockinfile` and `stat` (still accepted at run time). Every function has
 * a `name`, so with it a per-host function returning anything at all would
 * pass for arguments; and beside the task option `name` it misleads.
 *
 * @module
 */
import type { Assertion } from "./assert.ts";
import type {
  BlockinfileTaskArgs,
  CopyTaskArgs,
  FetchTaskArgs,
  FileTaskArgs,
  LineinfileTaskArgs,
  OneOf,
  SlurpTaskArgs,
  StatTaskArgs,
} from "./file_task_args.ts";

/**
 * `assert`: conditions are booleans or functions of the host's variables.
 *
 * @example
 * ```ts
 * import type { AssertTaskArgs } from "./task_args.ts";
 * const args: AssertTaskArgs = { that: [(vars) => vars.port === 443], fail_msg: "not 443" };
 * ```
 */
export type AssertTaskArgs = {
  /** The conditions; all must hold. */
  that: Assertion | readonly Assertion[];
  /** Message when a condition fails. */
  fail_msg?: string | readonly string[];
  /** The same as `fail_msg` (used when `fail_msg` is not given). */
  msg?: string | readonly string[];
  /** Message when all conditions hold. */
  success_msg?: string | readonly string[];
  /** Leaves the result out of the output when all hold. */
  quiet?: boolean;
};

/**
 * Options `command` and `shell` share.
 *
 * @example
 * ```ts
 * import type { CommandOptions } from "./task_args.ts";
 * const options: CommandOptions = { chdir: "/srv/app", creates: "/srv/app/.done" };
 * ```
 */
export type CommandOptions = {
  /** Directory to run in. */
  chdir?: string;
  /** Skip when this path exists. */
  creates?: string;
  /** Skip unless this path exists. */
  removes?: string;
  /** Text for stdin. */
  stdin?: string;
  /** Add a newline to `stdin` (default true). */
  stdin_add_newline?: boolean;
  /** Strip trailing empty lines of stdout and stderr (default true). */
  strip_empty_ends?: boolean;
};

/**
 * `command`: a command line (split, no shell) or an argv list.
 *
 * @example
 * ```ts
 * import type { CommandTaskArgs } from "./task_args.ts";
 * const args: CommandTaskArgs = { argv: ["ls", "-l", "/tmp"], chdir: "/" };
 * ```
 */
export type CommandTaskArgs =
  & (
    | (OneOf<"cmd" | "_raw_params", string> & { argv?: never })
    | {
      /** The command as a list of words (no splitting, no quoting). */
      argv: readonly string[];
      /** Not with `argv`. */
      cmd?: never;
      /** Not with `argv`. */
      _raw_params?: never;
    }
  )
  & CommandOptions
  & {
    /** Accepted and ignored, as in Ansible's `command`. */
    executable?: string;
  };

/**
 * `debug`: prints a message or a variable.
 *
 * @example
 * ```ts
 * import type { DebugTaskArgs } from "./task_args.ts";
 * const args: DebugTaskArgs = { var: "ansible_hostname" };
 * ```
 */
export type DebugTaskArgs =
  & ({
    /** What to print: any value. */
    msg?: unknown;
    /** Not with `msg`. */
    var?: never;
  } | {
    /** The name of a variable to print. */
    var: string;
    /** Not with `var`. */
    msg?: never;
  })
  & {
    /** Printed only at this verbosity or higher. */
    verbosity?: number;
  };

/**
 * `fail`: fails the host with a message.
 *
 * @example
 * ```ts
 * import type { FailTaskArgs } from "./task_args.ts";
 * const args: FailTaskArgs = { msg: "unsupported OS" };
 * ```
 */
export type FailTaskArgs = {
  /** Default `Failed as requested from task`. */
  msg?: string;
};

/**
 * `ping`: checks the host answers.
 *
 * @example
 * ```ts
 * import type { PingTaskArgs } from "./task_args.ts";
 * const args: PingTaskArgs = { data: "pong" };
 * ```
 */
export type PingTaskArgs = {
  /** What `ping` returns (default `pong`). */
  data?: string;
};

/**
 * `raw`: a command line for the host's shell, as is.
 *
 * @example
 * ```ts
 * import type { RawTaskArgs } from "./task_args.ts";
 * const args: RawTaskArgs = { _raw_params: "uptime", executable: "/bin/bash" };
 * ```
 */
export type RawTaskArgs = {
  /** The command line. */
  _raw_params: string;
  /** A shell to run it with instead of `/bin/sh`. */
  executable?: string;
};

/**
 * `script`: a controller-side script run on the host.
 *
 * @example
 * ```ts
 * import type { ScriptTaskArgs } from "./task_args.ts";
 * const args: ScriptTaskArgs = { cmd: "scripts/check.sh --quick", chdir: "/tmp" };
 * ```
 */
export type ScriptTaskArgs = OneOf<"cmd" | "_raw_params", string> & {
  /** Skip when this path exists on the host. */
  creates?: string;
  /** Skip unless this path exists on the host. */
  removes?: string;
  /** Directory to run in on the host. */
  chdir?: string;
  /** Interpreter to run the script with. */
  executable?: string;
};

/**
 * `setup`: gathers facts.
 *
 * @example
 * ```ts
 * import type { SetupTaskArgs } from "./task_args.ts";
 * const args: SetupTaskArgs = { gather_subset: ["!all", "min"] };
 * ```
 */
export type SetupTaskArgs = {
  /** Fact subsets (`all`, `min`, `hardware`, `network`, `!facter`, …). */
  gather_subset?: string | readonly string[];
  /** Only facts matching these globs. */
  filter?: string | readonly string[];
  /** Seconds per fact collector (accepted; default 10). */
  gather_timeout?: number;
  /** Directory of local facts (accepted). */
  fact_path?: string;
};

/**
 * `shell`: a command line run by `/bin/sh` (or `executable`).
 *
 * @example
 * ```ts
 * import type { ShellTaskArgs } from "./task_args.ts";
 * const args: ShellTaskArgs = { cmd: "echo $HOME > /tmp/home", creates: "/tmp/home" };
 * ```
 */
export type ShellTaskArgs = OneOf<"cmd" | "_raw_params", string> & CommandOptions & {
  /** The shell to run the command with. */
  executable?: string;
};

/**
 * `wait_for`: waits for a port or a path.
 *
 * @example
 * ```ts
 * import type { WaitForTaskArgs } from "./task_args.ts";
 * const args: WaitForTaskArgs = { port: 8080, timeout: 30 };
 * ```
 */
export type WaitForTaskArgs = {
  /** Host to connect to for `port` (default `127.0.0.1`). */
  host?: string;
  /** A TCP port (1–65535). */
  port?: number;
  /** A file on the host. */
  path?: string;
  /** `started` (default), `stopped`, `present` or `absent`. */
  state?: "started" | "stopped" | "present" | "absent";
  /** Seconds to wait (default 300). */
  timeout?: number;
  /** Seconds before the first check. */
  delay?: number;
  /** Seconds between checks (default 1). */
  sleep?: number;
  /** Seconds per connection attempt (default 5). */
  connect_timeout?: number;
  /** A regular expression the file must contain. */
  search_regex?: string;
  /** Message on timeout. */
  msg?: string;
};

/**
 * Each built-in module's arguments, by short name.
 *
 * @example
 * ```ts
 * import type { ModuleTaskArgs } from "./task_args.ts";
 * const args: ModuleTaskArgs["copy"] = { dest: "/tmp/x", content: "x" };
 * ```
 */
export interface ModuleTaskArgs {
  /** `ansible.builtin.assert` */
  assert: AssertTaskArgs;
  /** `ansible.builtin.blockinfile` */
  blockinfile: BlockinfileTaskArgs;
  /** `ansible.builtin.command` */
  command: CommandTaskArgs;
  /** `ansible.builtin.copy` */
  copy: CopyTaskArgs;
  /** `ansible.builtin.debug` */
  debug: DebugTaskArgs;
  /** `ansible.builtin.fail` */
  fail: FailTaskArgs;
  /** `ansible.builtin.fetch` */
  fetch: FetchTaskArgs;
  /** `ansible.builtin.file` */
  file: FileTaskArgs;
  /** `ansible.builtin.lineinfile` */
  lineinfile: LineinfileTaskArgs;
  /** `ansible.builtin.ping` */
  ping: PingTaskArgs;
  /** `ansible.builtin.raw` */
  raw: RawTaskArgs;
  /** `ansible.builtin.script` */
  script: ScriptTaskArgs;
  /** `ansible.builtin.setup` */
  setup: SetupTaskArgs;
  /** The action of a play's "Gathering Facts" task: `setup` under its own name. */
  gather_facts: SetupTaskArgs;
  /** `ansible.builtin.shell` */
  shell: ShellTaskArgs;
  /** `ansible.builtin.slurp` */
  slurp: SlurpTaskArgs;
  /** `ansible.builtin.stat` */
  stat: StatTaskArgs;
  /** `ansible.builtin.wait_for` */
  wait_for: WaitForTaskArgs;
  /** `ansible.builtin.template` */
  template: import("./template_task_args.ts").TemplateTaskArgs;
  /** `ansible.builtin.group` */
  group: import("./group_task_args.ts").GroupTaskArgs;
  /** `ansible.builtin.user` */
  user: import("./user_task_args.ts").UserTaskArgs;
  /** `ansible.posix.authorized_key` (also resolved by its short name, as Ansible redirects it) */
  authorized_key: import("./authorized_key_task_args.ts").AuthorizedKeyTaskArgs;
  /** `ansible.builtin.replace` */
  replace: import("./replace_task_args.ts").ReplaceTaskArgs;
  /** `ansible.builtin.cron` */
  cron: import("./cron_task_args.ts").CronTaskArgs;
  /** `ansible.builtin.hostname` */
  hostname: import("./hostname_task_args.ts").HostnameTaskArgs;
  /** `ansible.posix.sysctl` (resolved by its short name, as Ansible redirects it) */
  sysctl: import("./sysctl_task_args.ts").SysctlTaskArgs;
  /** `ansible.builtin.pause` (runs once per play, on the controller) */
  pause: import("./pause_task_args.ts").PauseTaskArgs;
  /** `ansible.builtin.service` (runs `systemd`, `sysvinit` or the generic module, by init system) */
  service: import("./service_task_args.ts").ServiceTaskArgs;
  /** `ansible.builtin.sysvinit` */
  sysvinit: import("./service_task_args.ts").SysvinitTaskArgs;
  /** `ansible.builtin.systemd` */
  systemd: import("./service_task_args.ts").SystemdTaskArgs;
  /** `ansible.builtin.systemd_service` (the same module as `systemd`) */
  systemd_service: import("./service_task_args.ts").SystemdTaskArgs;
  /** `ansible.builtin.unarchive` */
  unarchive: import("./unarchive_task_args.ts").UnarchiveTaskArgs;
  /** `ansible.builtin.git` */
  git: import("./git_task_args.ts").GitTaskArgs;
  /** `ansible.builtin.get_url` */
  get_url: import("./get_url_task_args.ts").GetUrlTaskArgs;
  /** `ansible.builtin.uri` */
  uri: import("./uri_task_args.ts").UriTaskArgs;
  /** `ansible.builtin.apt` */
  apt: import("./apt_task_args.ts").AptTaskArgs;
  /** `ansible.builtin.package` (on Debian targets: `apt`) */
  package: import("./apt_task_args.ts").PackageTaskArgs;
}

/**
 * The short name of a built-in module.
 *
 * @example
 * ```ts
 * import type { BuiltinModule } from "./task_args.ts";
 * const name: BuiltinModule = "lineinfile";
 * ```
 */
export type BuiltinModule = keyof ModuleTaskArgs;

/**
 * A module name a task may use: short, `ansible.builtin.*` or `ansible.legacy.*`.
 *
 * @example
 * ```ts
 * import type { ModuleName } from "./task_args.ts";
 * const name: ModuleName = "ansible.builtin.copy";
 * ```
 */
export type ModuleName =
  | BuiltinModule
  | `ansible.builtin.${BuiltinModule}`
  | `ansible.legacy.${BuiltinModule}`;

/**
 * The short name of any {@linkcode ModuleName}.
 *
 * @example
 * ```ts
 * import type { ShortModuleName } from "./task_args.ts";
 * const short: ShortModuleName<"ansible.legacy.stat"> = "stat";
 * ```
 */
export type ShortModuleName<M extends ModuleName> = M extends
  `ansible.${"builtin" | "legacy"}.${infer S extends BuiltinModule}` ? S : M;

/**
 * What a task may pass to module `M`: its arguments, or (all but `assert`)
 * Ansible's `k=v` free-form text.
 *
 * @example
 * ```ts
 * import type { TaskArgsOf } from "./task_args.ts";
 * const args: TaskArgsOf<"file"> = "path=/tmp/x state=touch";
 * ```
 */
export type TaskArgsOf<M extends ModuleName> =
  | ModuleTaskArgs[ShortModuleName<M>]
  | (ShortModuleName<M> extends "assert" ? never : string);
