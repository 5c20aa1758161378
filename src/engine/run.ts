/**
 * Runs an automation or an ad hoc module against an inventory: the engine's
 * entry point for a job.
 *
 * @module
 */
import type { Inventory } from "./inventory/mod.ts";
import { selectHosts } from "./patterns/mod.ts";
import { type Automation, type AutomationContext, createPlay } from "./automation.ts";
import { Executor } from "./executor.ts";
import { HostConnections, type SshDefaults } from "./connection/host_connections.ts";
import { ProcessRegistry } from "./process_registry.ts";
import type { PlayInfo, RunObserver } from "./observer.ts";
import type { HostStats } from "./types.ts";
import type { ControllerPaths, ModuleArgsInput } from "./modules/module.ts";

/** Ansible's exit code when some host failed. */
export const RC_FAILED_HOSTS = 2;
/** Ansible's exit code when some host was unreachable. */
export const RC_UNREACHABLE_HOSTS = 4;

/** Inputs of one engine run. */
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
}

/** What a run ended with. */
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
 * @example
 * ```ts
 * throw new AutomationError(new Error("boom"), summary);
 * ```
 */
export class AutomationError extends Error {
  override name = "AutomationError";
  /** The stats and artifact data up to the failure. */
  readonly summary: EngineRunSummary;

  /** Wraps `cause`. */
  constructor(cause: unknown, summary: EngineRunSummary) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.summary = summary;
  }
}

class EngineRun {
  readonly executor: Executor;
  readonly connections: HostConnections;
  readonly artifactData: Record<string, unknown> = {};
  #options: EngineRunOptions;
  #varsCache = new Map<string, Readonly<Record<string, unknown>>>();
  #facts = new Map<string, Record<string, unknown>>();

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
   * Ansible's precedence, lowest first: inventory vars, then facts the host
   * reported (`ansible_facts` of any result, e.g. `setup`), then extra vars.
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
      ...this.#options.extraVars,
    });
    this.#varsCache.set(host, vars);
    return vars;
  }

  /** Records facts a host reported; later tasks see them as variables. */
  addFacts(host: string, facts: Record<string, unknown>): void {
    this.#facts.set(host, { ...this.#facts.get(host), ...facts });
    this.#varsCache.delete(host);
  }

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
 * when the automation throws.
 *
 * @example
 * ```ts
 * const summary = await runAutomation(automation, { inventory, extraVars: {}, signal, observer });
 * ```
 */
export async function runAutomation(
  automation: Automation,
  options: EngineRunOptions,
): Promise<EngineRunSummary> {
  const run = new EngineRun(options);
  const { observer } = options;
  const ctx: AutomationContext = {
    vars: Object.freeze({ ...options.extraVars }),
    inventory: options.inventory,
    check: options.check ?? false,
    diff: options.diff ?? false,
    signal: options.signal,
    hostVars: (h) => run.hostVars(h),
    hosts: (pattern) => run.select(pattern),
    async play(name, pattern, fn) {
      options.signal.throwIfAborted();
      const info: PlayInfo = { uuid: crypto.randomUUID(), name, pattern };
      observer.playStart(info);
      const hosts = run.select(pattern);
      if (hosts.length === 0) {
        observer.message("skipping: no hosts matched", "verbose");
        return;
      }
      await fn(createPlay(info, hosts, run.executor));
    },
    setStats(data) {
      Object.assign(run.artifactData, data);
    },
    log: (message) => observer.message(message, "verbose"),
    warn: (message) => observer.message(message, "warning"),
  };
  try {
    await automation.run(ctx);
    return run.summary();
  } catch (error) {
    throw new AutomationError(error, run.summary());
  } finally {
    await run.connections.closeAll();
  }
}

/**
 * Runs one module on the hosts `pattern` selects, the way `ansible PATTERN -m
 * MODULE -a ARGS` does (no play or task start events).
 *
 * @example
 * ```ts
 * await runAdhoc("ping", undefined, "all", { inventory, extraVars: {}, signal, observer });
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
    throw new AutomationError(error, run.summary());
  } finally {
    await run.connections.closeAll();
  }
}
