/**
 * Runs an automation or an ad hoc module against an inventory: the engine's
 * entry point for a job.
 *
 * @module
 */
import type { Inventory } from "./inventory/mod.ts";
import { selectHosts } from "./patterns/mod.ts";
import type { Automation, AutomationContext, Play } from "./automation.ts";
import { createPlay } from "./play.ts";
import { guardApi } from "./api_guard.ts";
import { callAutomation, describeAutomationError } from "./automation_stack.ts";
import { validateExtraVars } from "./extra_vars.ts";
import { Executor } from "./executor.ts";
import { HostConnections, type SshDefaults } from "./connection/host_connections.ts";
import { ProcessRegistry } from "./process_registry.ts";
import type { PlayInfo, RunObserver } from "./observer.ts";
import type { HostStats, PlayOptions } from "./types.ts";
import type { BecomeDefaults } from "./become_options.ts";
import type { ControllerPaths, ModuleArgsInput } from "./modules/module.ts";

/**
 * Ansible's exit code when some host failed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RC_FAILED_HOSTS } from "./run.ts";
 * assert.equal(RC_FAILED_HOSTS, 2);
 * ```
 */
export const RC_FAILED_HOSTS = 2;
/**
 * Ansible's exit code when some host was unreachable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RC_UNREACHABLE_HOSTS } from "./run.ts";
 * assert.equal(RC_UNREACHABLE_HOSTS, 4);
 * ```
 */
export const RC_UNREACHABLE_HOSTS = 4;

/**
 * Inputs of one engine run.
 *
 * @example
 * ```ts
 * import type { EngineRunOptions } from "./run.ts";
 * import { loadInventory } from "./inventory/mod.ts";
 * const options: EngineRunOptions = {
 *   inventory: await loadInventory([]),
 *   extraVars: { target_hosts: "localhost" },
 *   signal: new AbortController().signal,
 *   observer: { playStart() {}, taskStart() {}, hostStart() {}, hostResult() {}, message() {} },
 * };
 * ```
 */
export interface EngineRunOptions {
  /** The inventory. */
  inventory: Inventory;
  /** Extra vars (highest precedence). */
  extraVars: Record<string, unknown>;
  /** `--limit` applied to every pattern. */
  limit?: string;
  /** Max hosts working at once (default 50). */
  forks?: number;
  /** Check mode. */
  check?: boolean;
  /** Diff mode. */
  diff?: boolean;
  /** Aborts the run (cancel, timeouts). */
  signal: AbortSignal;
  /** Receives progress. */
  observer: RunObserver;
  /** Environment added to local commands. */
  env?: Record<string, string>;
  /** Working directory of local commands. */
  cwd?: string;
  /** Child process registry (so the caller can kill them all on cancel). */
  registry?: ProcessRegistry;
  /** Controller-side paths for modules (default: `cwd` for both). */
  controller?: ControllerPaths;
  /** Job-wide ssh defaults. */
  ssh?: SshDefaults;
  /** The job's become settings (its command line: `-b`, `--become-user`, `-K` …). */
  become?: BecomeDefaults;
}

/**
 * What a run ended with.
 *
 * @example
 * ```ts
 * import type { EngineRunSummary } from "./run.ts";
 * const summary: EngineRunSummary = { stats: new Map(), artifactData: {}, rc: 0 };
 * ```
 */
export interface EngineRunSummary {
  /** Per-host stats. */
  stats: Map<string, HostStats>;
  /** Data set with `setStats`. */
  artifactData: Record<string, unknown>;
  /** 0, 2 (failed hosts) or 4 (unreachable hosts), like ansible-playbook. */
  rc: number;
}

/**
 * The automation itself threw (or was aborted); `summary` holds what ran
 * before that.
 *
 * An automation's own throw is `fatal`: Ansible's fatal error (`ERROR!`,
 * the way ansible-playbook reports an error outside any host's task), after
 * which ansible-playbook prints no PLAY RECAP, so the recap cannot contradict
 * the failed status. `display` is the text for the `ERROR!` line: the error
 * with its stack trimmed to the automation's own frames
 * (`automation/site.ts:12:9`). What fails on a host (a module, a task's
 * `when` or per-host `args` function) is that host's failure instead, counted
 * in the recap, as in Ansible.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AutomationError } from "./run.ts";
 * const error = new AutomationError(new Error("boom"), { stats: new Map(), artifactData: {}, rc: 0 });
 * assert.equal(error.display, "Error: boom");
 * assert.equal(error.fatal, true);
 * ```
 */
export class AutomationError extends Error {
  /** The error's name. */
  override name = "AutomationError";
  /** The stats and artifact data up to the failure. */
  readonly summary: EngineRunSummary;
  /** The error and its automation frames (`    at run (automation/site.ts:12:9)`). */
  readonly display: string;
  /** An automation's own error: Ansible's fatal `ERROR!`, with no PLAY RECAP after it. */
  readonly fatal: boolean;

  /** Wraps `cause`; `fatal` is false for ad hoc runs (their recap is kept). */
  constructor(cause: unknown, summary: EngineRunSummary, options: { fatal?: boolean } = {}) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.summary = summary;
    this.fatal = options.fatal ?? true;
    this.display = this.fatal
      ? describeAutomationError(cause)
      : cause instanceof Error
      ? `${cause.name}: ${cause.message}`
      : String(cause);
  }
}

class EngineRun {
  readonly executor: Executor;
  readonly connections: HostConnections;
  readonly artifactData: Record<string, unknown> = {};
  #options: EngineRunOptions;
  #varsCache = new Map<string, Readonly<Record<string, unknown>>>();
  #facts = new Map<string, Record<string, unknown>>();
  #varDefaults: Readonly<Record<string, unknown>> = {};

  constructor(options: EngineRunOptions) {
    this.#options = options;
    this.connections = new HostConnections({
      registry: options.registry ?? new ProcessRegistry(),
      env: options.env,
      cwd: options.cwd,
      ssh: options.ssh,
      signal: options.signal,
    });
    this.executor = new Executor({
      hostVars: (h) => this.hostVars(h),
      addFacts: (h, facts) => this.addFacts(h, facts),
      connections: this.connections,
      become: options.become,
      forks: options.forks ?? 50,
      check: options.check ?? false,
      diff: options.diff ?? false,
      signal: options.signal,
      observer: options.observer,
      controller: options.controller ?? {
        projectDir: options.cwd ?? Deno.cwd(),
        privateDataDir: options.cwd ?? Deno.cwd(),
      },
    });
  }

  /**
   * Ansible's precedence, lowest first: inventory vars (as
   * `Inventory.hostVars` merges them), then facts the host reported
   * (`ansible_facts` of any result, e.g. `setup`; also kept whole under
   * `ansible_facts`), then the defaults of the automation's declared vars
   * (as a twin playbook's play vars), then extra vars as the job sent them.
   */
  hostVars(host: string): Readonly<Record<string, unknown>> {
    const cached = this.#varsCache.get(host);
    if (cached) return cached;
    const inventory = this.#options.inventory;
    const base = inventory.hosts.has(host)
      ? inventory.hostVars(host)
      : { inventory_hostname: host, ansible_connection: "local" };
    const facts = this.#facts.get(host) ?? {};
    const vars = Object.freeze({
      ...base,
      ...facts,
      ansible_facts: { ...facts },
      ...this.#varDefaults,
      ...this.#options.extraVars,
    });
    this.#varsCache.set(host, vars);
    return vars;
  }

  /**
   * The automation's validated vars: those the job did not send (their
   * schema's defaults) become every host's variables, so templates see them.
   */
  useDeclaredVars(declared: readonly string[], vars: Readonly<Record<string, unknown>>): void {
    const defaults: Record<string, unknown> = {};
    for (const name of declared) {
      if (!Object.hasOwn(this.#options.extraVars, name) && vars[name] !== undefined) {
        defaults[name] = vars[name];
      }
    }
    this.#varDefaults = defaults;
    this.#varsCache.clear();
  }

  /** Records facts a host reported; later tasks see them as variables. */
  addFacts(host: string, facts: Record<string, unknown>): void {
    this.#facts.set(host, { ...this.#facts.get(host), ...facts });
    this.#varsCache.delete(host);
  }

  /** Hosts that failed or were unreachable in a finished play: later plays leave them out. */
  readonly stoppedHosts = new Set<string>();
  /** A play ended with every host stopped: as in Ansible, no later play runs. */
  ended = false;

  select(pattern: string): string[] {
    const { hosts, warnings } = selectHosts(this.#options.inventory, pattern, this.#options.limit, {
      cwd: this.#options.cwd,
    });
    for (const w of warnings) this.#options.observer.message(w, "warning");
    return hosts;
  }

  summary(): EngineRunSummary {
    let rc = 0;
    for (const s of this.executor.stats.values()) {
      if (s.dark > 0) rc = RC_UNREACHABLE_HOSTS;
      else if (s.failures > 0 && rc === 0) rc = RC_FAILED_HOSTS;
    }
    return { stats: this.executor.stats, artifactData: this.artifactData, rc };
  }
}

/**
 * Runs `automation` and returns the summary; throws {@linkcode AutomationError}
 * when the automation throws or its declared extra vars do not match.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runAutomation } from "./run.ts";
 * import { defineAutomation } from "./automation.ts";
 * import { loadInventory } from "./inventory/mod.ts";
 *
 * const hello = defineAutomation({
 *   name: "hello",
 *   async run(ctx) {
 *     await ctx.play("Hello", "localhost", async (play) => {
 *       await play.debug("hello");
 *     });
 *     ctx.setStats({ greeted: true });
 *   },
 * });
 * const summary = await runAutomation(hello, {
 *   inventory: await loadInventory([]),
 *   extraVars: {},
 *   signal: new AbortController().signal,
 *   observer: { playStart() {}, taskStart() {}, hostStart() {}, hostResult() {}, message() {} },
 * });
 * assert.equal(summary.rc, 0);
 * assert.deepEqual(summary.artifactData, { greeted: true });
 * ```
 */
export async function runAutomation(
  automation: Automation,
  options: EngineRunOptions,
): Promise<EngineRunSummary> {
  const run = new EngineRun(options);
  try {
    await callAutomation(async () => {
      const vars = automation.vars
        ? await validateExtraVars(automation.name, automation.vars, options.extraVars)
        : { ...options.extraVars };
      if (automation.vars) run.useDeclaredVars(Object.keys(automation.vars), vars);
      await automation.run(automationContext(run, options, vars));
    });
    return run.summary();
  } catch (error) {
    throw new AutomationError(error, run.summary());
  } finally {
    await run.connections.closeAll();
  }
}

/** The frozen, guarded `ctx` an automation runs with. */
function automationContext(
  run: EngineRun,
  options: EngineRunOptions,
  vars: Record<string, unknown>,
): AutomationContext {
  const { observer } = options;
  return guardApi(
    "ctx",
    {
      vars: Object.freeze(vars),
      inventory: options.inventory,
      check: options.check ?? false,
      diff: options.diff ?? false,
      signal: options.signal,
      hostVars: (h: string) => run.hostVars(h),
      hosts: (pattern: string) => run.select(pattern),
      async play(
        name: string,
        pattern: string,
        fn: (play: Play) => Promise<void>,
        playOptions: PlayOptions = {},
      ) {
        options.signal.throwIfAborted();
        // After a play whose every host failed, Ansible runs no further play.
        if (run.ended) return;
        const info: PlayInfo = { uuid: crypto.randomUUID(), name, pattern };
        observer.playStart(info);
        const hosts = run.select(pattern).filter((h) => !run.stoppedHosts.has(h));
        if (hosts.length === 0) {
          observer.message("skipping: no hosts matched", "verbose");
          return;
        }
        const play = createPlay(info, hosts, run.executor, playOptions);
        try {
          await fn(play);
        } finally {
          const left = new Set(play.hosts);
          for (const h of hosts) if (!left.has(h)) run.stoppedHosts.add(h);
          if (left.size === 0) run.ended = true;
        }
      },
      setStats(data: Record<string, unknown>) {
        Object.assign(run.artifactData, data);
      },
      log: (message: string) => observer.message(message, "verbose"),
      warn: (message: string) => observer.message(message, "warning"),
    } satisfies AutomationContext,
  );
}

/**
 * Runs one module on the hosts `pattern` selects, the way `ansible PATTERN -m
 * MODULE -a ARGS` does (no play or task start events).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runAdhoc } from "./run.ts";
 * import { loadInventory } from "./inventory/mod.ts";
 * const summary = await runAdhoc("debug", "msg=hi", "localhost", {
 *   inventory: await loadInventory([]),
 *   extraVars: {},
 *   signal: new AbortController().signal,
 *   observer: { playStart() {}, taskStart() {}, hostStart() {}, hostResult() {}, message() {} },
 * });
 * assert.equal(summary.stats.get("localhost")?.ok, 1);
 * ```
 */
export async function runAdhoc(
  module: string,
  args: ModuleArgsInput,
  pattern: string,
  options: EngineRunOptions,
): Promise<EngineRunSummary> {
  const run = new EngineRun(options);
  try {
    const hosts = run.select(pattern);
    if (hosts.length === 0) {
      options.observer.message("No hosts matched, nothing to do", "warning");
    } else {
      await run.executor.runTask(hosts, { module, args, name: module }, undefined, true);
    }
    return run.summary();
  } catch (error) {
    throw new AutomationError(error, run.summary(), { fatal: false });
  } finally {
    await run.connections.closeAll();
  }
}
