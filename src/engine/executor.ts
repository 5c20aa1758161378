/**
 * Runs one task on many hosts at once, bounded by forks, and keeps Ansible's
 * per-host stats.
 *
 * @module
 */
import type { Connection } from "./connection/connection.ts";
import { UnreachableError } from "./connection/connection.ts";
import type { ControllerPaths, ModuleArgsInput, ModuleContext } from "./modules/module.ts";
import { ModuleArgsError } from "./modules/module.ts";
import { findModule } from "./modules/registry.ts";
import type { HostResultInfo, PlayInfo, RunObserver, TaskInfo } from "./observer.ts";
import { type HostOutcome, type HostStats, type ModuleResult, outcomeOf } from "./types.ts";

/** A read-only view of one host, given to per-host arguments and conditions. */
export interface HostView {
  /** The host's inventory name. */
  readonly name: string;
  /** The host's effective variables (inventory, then extra vars). */
  readonly vars: Readonly<Record<string, unknown>>;
}

/** One task: a module call with its options. */
export interface TaskSpec {
  /** Module name (`ping`, `ansible.builtin.command`, …). */
  module: string;
  /** Arguments: an object, free-form text, or a function of the host. */
  args?: ModuleArgsInput | ((host: HostView) => ModuleArgsInput);
  /** Task name shown in the output (default: the module name). */
  name?: string;
  /** Runs the task only on hosts for which this returns true (others: skipped). */
  when?: (host: HostView) => boolean;
  /** Failures do not stop the host. */
  ignoreErrors?: boolean;
  /** Runs only on these hosts (of those still active); none left: the task is not run at all. */
  hosts?: readonly string[];
  /** Shown as a handler (`RUNNING HANDLER [name]`), like a notified Ansible handler. */
  handler?: boolean;
}

/** One host's result of a task. */
export interface HostTaskResult {
  /** The host's inventory name. */
  readonly host: string;
  /** How the task ended. */
  readonly outcome: HostOutcome;
  /** The module's result. */
  readonly result: ModuleResult;
}

/** Opens connections; one per host, reused for the whole run. */
export interface ConnectionProvider {
  /** The connection for `host` (opened on first use). */
  get(host: string, vars: Readonly<Record<string, unknown>>): Promise<Connection>;
  /** The address `host` is reached at (for `remote_addr`). */
  address(host: string, vars: Readonly<Record<string, unknown>>): string;
}

/** What the executor needs from the run. */
export interface ExecutorOptions {
  /** Effective variables of a host. */
  hostVars(host: string): Readonly<Record<string, unknown>>;
  /** Receives the `ansible_facts` a result carries. */
  addFacts?(host: string, facts: Record<string, unknown>): void;
  /** Connections to hosts. */
  connections: ConnectionProvider;
  /** Max hosts working at once. */
  forks: number;
  /** Check mode. */
  check: boolean;
  /** Diff mode. */
  diff: boolean;
  /** Aborted on cancel and timeouts. */
  signal: AbortSignal;
  /** Receives progress. */
  observer: RunObserver;
  /** Controller-side paths for modules. */
  controller: ControllerPaths;
}

/**
 * Runs tasks and accumulates per-host stats.
 *
 * @example
 * ```ts
 * const results = await executor.runTask(["web1", "web2"], { module: "ping" });
 * ```
 */
export class Executor {
  /** Per-host recap counters, by host, in first-seen order. */
  readonly stats = new Map<string, HostStats>();
  #options: ExecutorOptions;

  /** Creates an executor. */
  constructor(options: ExecutorOptions) {
    this.#options = options;
  }

  /**
   * Runs `spec` on `hosts` (at most `forks` at once); returns each host's
   * result in host order. Unknown modules throw before any host starts.
   */
  async runTask(
    hosts: readonly string[],
    spec: TaskSpec,
    play?: PlayInfo,
    adhoc = false,
  ): Promise<HostTaskResult[]> {
    const { observer, signal } = this.#options;
    signal.throwIfAborted();
    const module = await findModule(spec.module);
    const task: TaskInfo = {
      uuid: crypto.randomUUID(),
      name: spec.name ?? spec.module,
      action: spec.module,
      resolvedAction: adhoc ? null : module.fqcn,
      ignoreErrors: spec.ignoreErrors ?? false,
      conditional: spec.when !== undefined,
      handler: spec.handler ?? false,
    };
    if (!adhoc) observer.taskStart(task, play);
    const results: HostTaskResult[] = new Array(hosts.length);
    let next = 0;
    const worker = async () => {
      while (next < hosts.length) {
        const index = next++;
        results[index] = await this.#runOnHost(hosts[index], spec, task, module);
      }
    };
    const workers = Array.from(
      { length: Math.max(1, Math.min(this.#options.forks, hosts.length)) },
      worker,
    );
    await Promise.all(workers);
    signal.throwIfAborted();
    return results;
  }

  async #runOnHost(
    host: string,
    spec: TaskSpec,
    task: TaskInfo,
    module: Awaited<ReturnType<typeof findModule>>,
  ): Promise<HostTaskResult> {
    const { observer, signal, connections } = this.#options;
    const vars = this.#options.hostVars(host);
    const view: HostView = { name: host, vars };
    const start = new Date();
    observer.hostStart(task, host);
    let result: ModuleResult;
    try {
      if (spec.when && !spec.when(view)) {
        result = { changed: false, skip_reason: "Conditional result was False", skipped: true };
      } else {
        const input = typeof spec.args === "function" ? spec.args(view) : spec.args;
        const args = module.parseArgs(input);
        if (this.#options.check && !module.supportsCheckMode) {
          result = {
            changed: false,
            msg: "remote module does not support check mode",
            skipped: true,
          };
        } else {
          const ctx: ModuleContext = {
            host,
            vars,
            connection: () => connections.get(host, vars),
            check: this.#options.check,
            diff: this.#options.diff,
            signal,
            controller: this.#options.controller,
          };
          result = await module.run(ctx, args);
        }
      }
    } catch (error) {
      signal.throwIfAborted();
      if (error instanceof UnreachableError) {
        result = { unreachable: true, msg: error.message, changed: false };
      } else if (error instanceof ModuleArgsError) {
        result = { failed: true, msg: error.message, changed: false };
      } else {
        const message = error instanceof Error ? error.message : String(error);
        result = { failed: true, msg: `MODULE FAILURE: ${message}`, changed: false };
      }
    }
    signal.throwIfAborted();
    const facts = result.ansible_facts;
    if (typeof facts === "object" && facts !== null && !Array.isArray(facts)) {
      this.#options.addFacts?.(host, facts as Record<string, unknown>);
    }
    const outcome = outcomeOf(result);
    this.#count(host, outcome, result, task.ignoreErrors);
    const info: HostResultInfo = {
      host,
      remoteAddr: connections.address(host, vars),
      outcome,
      result,
      start,
      end: new Date(),
    };
    observer.hostResult(task, info);
    return { host, outcome, result };
  }

  #count(host: string, outcome: HostOutcome, result: ModuleResult, ignoreErrors: boolean): void {
    let s = this.stats.get(host);
    if (!s) {
      s = { ok: 0, changed: 0, dark: 0, failures: 0, skipped: 0, rescued: 0, ignored: 0 };
      this.stats.set(host, s);
    }
    switch (outcome) {
      case "unreachable":
        s.dark++;
        break;
      case "skipped":
        s.skipped++;
        break;
      case "failed":
        if (ignoreErrors) {
          s.ok++;
          s.ignored++;
          if (result.changed) s.changed++;
        } else {
          s.failures++;
        }
        break;
      default:
        s.ok++;
        if (outcome === "changed") s.changed++;
    }
  }
}
