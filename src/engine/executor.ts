/**
 * Runs one task on many hosts at once, bounded by forks, and keeps Ansible's
 * per-host stats.
 *
 * @module
 */
import { BecomeError, type BecomeSpec } from "./connection/become.ts";
import { type BecomeDefaults, resolveBecome } from "./become_options.ts";
import type { Connection } from "./connection/connection.ts";
import { UnreachableError } from "./connection/connection.ts";
import type { ControllerPaths, ModuleArgsInput, ModuleContext } from "./modules/module.ts";
import { ModuleArgsError } from "./modules/module.ts";
import { findModule } from "./modules/registry.ts";
import { expandTargetPaths } from "./modules/target_paths.ts";
import type { HostResultInfo, PlayInfo, RunObserver, TaskInfo } from "./observer.ts";
import {
  type BecomeOptions,
  type HostOutcome,
  type HostStats,
  type HostView,
  type ModuleResult,
  outcomeOf,
  type TaskOptions,
} from "./types.ts";
import { errorLocation } from "./automation_stack.ts";

/**
 * One task: a module call with its options.
 *
 * @example
 * ```ts
 * import type { TaskSpec } from "./executor.ts";
 * const spec: TaskSpec = { module: "command", args: "uptime", name: "Uptime", ignoreErrors: true };
 * ```
 */
export interface TaskSpec extends TaskOptions {
  /** The play's become options (the task's own take precedence). */
  playBecome?: BecomeOptions;
  /** Module name (`ping`, `ansible.builtin.command`, …). */
  module: string;
  /** Arguments: an object, free-form text, or a function of the host. */
  args?: ModuleArgsInput | ((host: HostView) => ModuleArgsInput);
}

/**
 * One host's result of a task.
 *
 * @example
 * ```ts
 * import type { HostTaskResult } from "./executor.ts";
 * const r: HostTaskResult = { host: "web1", outcome: "ok", result: { ping: "pong" } };
 * ```
 */
export interface HostTaskResult {
  /** The host's inventory name. */
  readonly host: string;
  /** How the task ended. */
  readonly outcome: HostOutcome;
  /** The module's result. */
  readonly result: ModuleResult;
}

/**
 * Opens connections; one per host, reused for the whole run.
 *
 * @example
 * ```ts
 * import type { ConnectionProvider } from "./executor.ts";
 * import { HostConnections } from "./connection/host_connections.ts";
 * import { ProcessRegistry } from "./process_registry.ts";
 * const provider: ConnectionProvider = new HostConnections({ registry: new ProcessRegistry() });
 * ```
 */
export interface ConnectionProvider {
  /** The connection for `host` (opened on first use), as the `become` user when given. */
  get(
    host: string,
    vars: Readonly<Record<string, unknown>>,
    become?: BecomeSpec,
  ): Promise<Connection>;
  /** The address `host` is reached at (for `remote_addr`). */
  address(host: string, vars: Readonly<Record<string, unknown>>): string;
}

/**
 * What the executor needs from the run.
 *
 * @example
 * ```ts
 * import type { ExecutorOptions } from "./executor.ts";
 * import { HostConnections } from "./connection/host_connections.ts";
 * import { ProcessRegistry } from "./process_registry.ts";
 * const signal = new AbortController().signal;
 * const options: ExecutorOptions = {
 *   hostVars: (host) => ({ inventory_hostname: host, ansible_connection: "local" }),
 *   connections: new HostConnections({ registry: new ProcessRegistry(), signal }),
 *   forks: 5, check: false, diff: false, signal,
 *   observer: { playStart() {}, taskStart() {}, hostStart() {}, hostResult() {}, message() {} },
 *   controller: { projectDir: "/tmp", privateDataDir: "/tmp" },
 * };
 * ```
 */
export interface ExecutorOptions {
  /** Effective variables of a host. */
  hostVars(host: string): Readonly<Record<string, unknown>>;
  /** Receives the `ansible_facts` a result carries. */
  addFacts?(host: string, facts: Record<string, unknown>): void;
  /** Connections to hosts. */
  connections: ConnectionProvider;
  /** The job's become settings (its command line). */
  become?: BecomeDefaults;
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
 * import assert from "node:assert/strict";
 * import { Executor } from "./executor.ts";
 * import { HostConnections } from "./connection/host_connections.ts";
 * import { ProcessRegistry } from "./process_registry.ts";
 * const signal = new AbortController().signal;
 * const executor = new Executor({
 *   hostVars: (host) => ({ inventory_hostname: host }),
 *   connections: new HostConnections({ registry: new ProcessRegistry(), signal }),
 *   forks: 5, check: false, diff: false, signal,
 *   observer: { playStart() {}, taskStart() {}, hostStart() {}, hostResult() {}, message() {} },
 *   controller: { projectDir: "/tmp", privateDataDir: "/tmp" },
 * });
 * const results = await executor.runTask(["web1", "web2"], { module: "debug", args: "msg=hi" });
 * assert.deepEqual(results.map((r) => r.outcome), ["ok", "ok"]);
 * assert.equal(executor.stats.get("web1")?.ok, 1);
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
    if (module.runOnce) hosts = hosts.slice(0, 1);
    const task: TaskInfo = {
      uuid: crypto.randomUUID(),
      name: spec.name ?? spec.module,
      action: spec.module,
      resolvedAction: adhoc ? null : module.fqcn,
      ignoreErrors: spec.ignoreErrors ?? false,
      conditional: spec.when !== undefined,
      handler: spec.handler ?? false,
      diff: this.#options.diff,
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
      if (spec.when && !authorCode("when", () => spec.when!(view))) {
        result = { changed: false, skip_reason: "Conditional result was False", skipped: true };
      } else {
        const given = spec.args;
        const input = typeof given === "function" ? authorCode("args", () => given(view)) : given;
        const args = module.parseArgs(input);
        if (this.#options.check && !module.supportsCheckMode) {
          result = {
            changed: false,
            msg: `remote module (ansible.legacy.${module.name}) does not support check mode`,
            skipped: true,
          };
        } else {
          const become = resolveBecome(
            vars,
            spec,
            spec.playBecome ?? {},
            this.#options.become ?? {},
          );
          const ctx: ModuleContext = {
            host,
            vars,
            connection: () => connections.get(host, vars, become),
            check: this.#options.check,
            diff: this.#options.diff,
            signal,
            controller: this.#options.controller,
          };
          const paths = module.targetPaths;
          result = await module.run(
            ctx,
            paths === undefined ? args : await expandTargetPaths(ctx, args, paths),
          );
        }
      }
    } catch (error) {
      signal.throwIfAborted();
      if (error instanceof UnreachableError) {
        result = { unreachable: true, msg: error.message, changed: false };
      } else if (
        error instanceof ModuleArgsError || error instanceof AuthorCodeError ||
        error instanceof BecomeError
      ) {
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

/** A task's `when` or per-host `args` function threw: the author's error, not the module's. */
class AuthorCodeError extends Error {
  override name = "AuthorCodeError";
}

/**
 * Runs a function of the automation's for one host. What it throws fails
 * the host (Ansible's templating errors do the same) with the error and the
 * automation's line: "The task's when function threw TypeError: … (at
 * automation/site.ts:12:9)".
 */
function authorCode<T>(what: "when" | "args", fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const at = errorLocation(error);
    throw new AuthorCodeError(
      `The task's ${what === "when" ? "when" : "arguments"} function threw ${text}` +
        (at ? ` (at ${at})` : ""),
      { cause: error },
    );
  }
}
