/**
 * The TypeScript automation API: what an automation under `automation/`
 * exports and the context it runs with.
 *
 * @module
 */
import type { Inventory } from "./inventory/mod.ts";
import type { Executor, HostTaskResult, HostView, TaskSpec } from "./executor.ts";
import type { ModuleArgsInput } from "./modules/module.ts";
import type { PlayInfo } from "./observer.ts";

/** A value `debug` can print. */
export type DebugMessage =
  | string
  | number
  | boolean
  | null
  | readonly unknown[]
  | { readonly [key: string]: unknown };

/** Options of one task call. */
export interface TaskOptions {
  /** Task name shown in the output. */
  name?: string;
  /** Runs only on hosts for which this returns true; the others are `skipped`. */
  when?: (host: HostView) => boolean;
  /** A failure does not take the host out of the play. */
  ignoreErrors?: boolean;
  /** Runs only on these hosts (those still active); when none is left the task does not run. */
  hosts?: readonly string[];
  /**
   * Shows the task as a handler (`RUNNING HANDLER`): with `hosts` set to the
   * hosts where an earlier task changed something, this is "restart only if changed".
   */
  handler?: boolean;
}

/**
 * The per-host results of one task.
 *
 * @example
 * ```ts
 * const r = await play.command("uptime");
 * for (const { host, result } of r.results) console.log(host, result.stdout);
 * ```
 */
export class TaskResults {
  /** Each host's result, in host order. */
  readonly results: readonly HostTaskResult[];

  /** Wraps results. */
  constructor(results: readonly HostTaskResult[]) {
    this.results = results;
  }

  /** The result of `host`, if it ran the task. */
  get(host: string): HostTaskResult | undefined {
    return this.results.find((r) => r.host === host);
  }

  /** Hosts where the task changed something. */
  get changedHosts(): string[] {
    return this.results.filter((r) => r.outcome === "changed").map((r) => r.host);
  }

  /** Hosts where the task failed (ignored or not). */
  get failedHosts(): string[] {
    return this.results.filter((r) => r.outcome === "failed").map((r) => r.host);
  }

  /** Whether any host changed. */
  get changed(): boolean {
    return this.changedHosts.length > 0;
  }
}

/**
 * A play: a named set of hosts that runs tasks in order (Ansible's linear
 * strategy: a host that fails or is unreachable takes no further tasks).
 */
export interface Play {
  /** The play's name. */
  readonly name: string;
  /** Hosts still active in the play. */
  readonly hosts: readonly string[];
  /** Runs any module as one task on the active hosts. */
  task(
    module: string,
    args?: ModuleArgsInput | ((host: HostView) => ModuleArgsInput),
    options?: TaskOptions,
  ): Promise<TaskResults>;
  /** `ping` on the active hosts. */
  ping(options?: TaskOptions): Promise<TaskResults>;
  /** `command` (no shell) on the active hosts. */
  command(cmd: string | ((host: HostView) => string), options?: TaskOptions): Promise<TaskResults>;
  /** `shell` on the active hosts. */
  shell(cmd: string | ((host: HostView) => string), options?: TaskOptions): Promise<TaskResults>;
  /** `debug` with a message (a value, or a function of the host). */
  debug(
    msg: DebugMessage | ((host: HostView) => unknown),
    options?: TaskOptions,
  ): Promise<TaskResults>;
}

/** What an automation receives. */
export interface AutomationContext {
  /** The job's extra vars. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** The job's inventory. */
  readonly inventory: Inventory;
  /** Check mode (`--check`). */
  readonly check: boolean;
  /** Diff mode (`--diff`). */
  readonly diff: boolean;
  /** Aborted when the job is canceled or times out. */
  readonly signal: AbortSignal;
  /** Effective variables of a host (inventory, then extra vars). */
  hostVars(host: string): Readonly<Record<string, unknown>>;
  /** Hosts a pattern selects (with the job's limit applied). */
  hosts(pattern: string): string[];
  /** Runs `fn` as a play on the hosts `pattern` selects. */
  play(name: string, pattern: string, fn: (play: Play) => Promise<void>): Promise<void>;
  /** Sets data for `artifact_data` of the final stats (AWX job artifacts). */
  setStats(data: Record<string, unknown>): void;
  /** Prints a line of output (a `verbose` event). */
  log(message: string): void;
  /** Prints a warning (a `warning` event). */
  warn(message: string): void;
}

/** An automation: the default export of a module under `automation/`. */
export interface Automation {
  /** A short name, shown as the playbook name when AWX sent none. */
  readonly name: string;
  /** What it does, for people listing automations. */
  readonly description?: string;
  /** The automation's body. */
  run(ctx: AutomationContext): Promise<void>;
}

/**
 * Defines an automation (the default export of `automation/<name>.ts`).
 *
 * @example
 * ```ts
 * export default defineAutomation({
 *   name: "uptime",
 *   async run(ctx) {
 *     await ctx.play("Uptime", "all", async (play) => {
 *       await play.command("uptime");
 *     });
 *   },
 * });
 * ```
 */
export function defineAutomation(definition: {
  name: string;
  description?: string;
  run(ctx: AutomationContext): Promise<void>;
}): Automation {
  return Object.freeze({ ...definition });
}

/** Internals the context is built from (see `runAutomation`). */
export interface PlayHost {
  /** The executor that runs the tasks. */
  executor: Executor;
  /** Announces a play. */
  startPlay(play: PlayInfo): void;
}

/**
 * Creates the {@linkcode Play} object for one play.
 *
 * @example
 * ```ts
 * const play = createPlay(info, ["web1"], executor);
 * ```
 */
export function createPlay(info: PlayInfo, hosts: readonly string[], executor: Executor): Play {
  let active = [...hosts];
  const run = async (spec: TaskSpec): Promise<TaskResults> => {
    const targets = spec.hosts ? active.filter((h) => spec.hosts!.includes(h)) : active;
    if (targets.length === 0 && spec.hosts) return new TaskResults([]);
    const results = await executor.runTask(targets, spec, info);
    const stopped = new Set(
      results.filter((r) =>
        r.outcome === "unreachable" || (r.outcome === "failed" && !spec.ignoreErrors)
      ).map((r) => r.host),
    );
    if (stopped.size > 0) active = active.filter((h) => !stopped.has(h));
    return new TaskResults(results);
  };
  const withOptions = (spec: TaskSpec, options: TaskOptions = {}): TaskSpec => ({
    ...spec,
    ...options,
  });
  return {
    name: info.name,
    get hosts() {
      return active;
    },
    task: (module, args, options) => run(withOptions({ module, args }, options)),
    ping: (options) => run(withOptions({ module: "ping" }, options)),
    command: (cmd, options) =>
      run(withOptions({
        module: "command",
        args: typeof cmd === "function" ? (h) => ({ _raw_params: cmd(h) }) : { _raw_params: cmd },
      }, options)),
    shell: (cmd, options) =>
      run(withOptions({
        module: "shell",
        args: typeof cmd === "function" ? (h) => ({ _raw_params: cmd(h) }) : { _raw_params: cmd },
      }, options)),
    debug: (msg, options) =>
      run(withOptions({
        module: "debug",
        args: typeof msg === "function" ? (h) => ({ msg: msg(h) }) : { msg },
      }, options)),
  };
}
