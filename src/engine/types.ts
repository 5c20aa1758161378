/**
 * Shared engine types: module results, per-host outcomes, stats, and the
 * options of one task.
 *
 * @module
 */

/**
 * A module's result, in Ansible's shape (`changed`, `failed`, `msg`, `rc`,
 * `stdout`, `stdout_lines`, …). Modules add their own keys.
 *
 * @example
 * ```ts
 * import type { ModuleResult } from "./types.ts";
 * const result: ModuleResult = { changed: false, rc: 0, stdout: "up 3 days" };
 * ```
 */
export interface ModuleResult {
  /** Module-specific keys (`rc`, `stdout`, `stat`, `ansible_facts`, …). */
  [key: string]: unknown;
  /** Whether the module changed something. */
  changed?: boolean;
  /** Whether the module failed. */
  failed?: boolean;
  /** Whether the host could not be reached. */
  unreachable?: boolean;
  /** Whether the task was skipped on this host. */
  skipped?: boolean;
  /** A human-readable message (debug may carry any value). */
  msg?: unknown;
}

/**
 * How one task ended on one host.
 *
 * @example
 * ```ts
 * import type { HostOutcome } from "./types.ts";
 * const outcome: HostOutcome = "changed";
 * ```
 */
export type HostOutcome = "ok" | "changed" | "failed" | "unreachable" | "skipped";

/**
 * Ansible's per-host recap counters.
 *
 * @example
 * ```ts
 * import type { HostStats } from "./types.ts";
 * const stats: HostStats = {
 *   ok: 2, changed: 1, dark: 0, failures: 0, skipped: 0, rescued: 0, ignored: 0,
 * };
 * ```
 */
export interface HostStats {
  /** Tasks that ended ok (changed and ignored failures included). */
  ok: number;
  /** Tasks that changed something. */
  changed: number;
  /** Tasks that could not reach the host. */
  dark: number;
  /** Tasks that failed (not ignored). */
  failures: number;
  /** Tasks skipped by a condition. */
  skipped: number;
  /** Failures rescued. */
  rescued: number;
  /** Failures ignored. */
  ignored: number;
}

/**
 * The outcome of a result as Ansible classifies it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { outcomeOf } from "./types.ts";
 * assert.equal(outcomeOf({ changed: true }), "changed");
 * assert.equal(outcomeOf({ failed: true, changed: true }), "failed");
 * ```
 */
export function outcomeOf(result: ModuleResult): HostOutcome {
  if (result.unreachable) return "unreachable";
  if (result.failed) return "failed";
  if (result.skipped) return "skipped";
  return result.changed ? "changed" : "ok";
}

/**
 * A read-only view of one host, given to per-host arguments and conditions.
 *
 * @example
 * ```ts
 * import type { HostView } from "./types.ts";
 * const motd = (host: HostView) => `Welcome to ${host.name} (${host.vars.ansible_host ?? "?"})`;
 * ```
 */
export interface HostView {
  /** The host's inventory name. */
  readonly name: string;
  /**
   * The host's variables, lowest precedence first: inventory (group vars,
   * host vars, `group_vars/` and `host_vars/` files, in Ansible's order),
   * then facts that tasks reported (`setup`: also under `ansible_facts`),
   * then extra vars.
   */
  readonly vars: Readonly<Record<string, unknown>>;
}

/**
 * Become settings an automation gives a play or a task.
 *
 * @example
 * ```ts
 * import type { BecomeOptions } from "./types.ts";
 *
 * const asApp: BecomeOptions = { become: true, becomeUser: "app" };
 * ```
 */
export interface BecomeOptions {
  /** Run as another user (`become`). */
  become?: boolean;
  /** As whom (`become_user`; default `root`). */
  becomeUser?: string;
  /** How (`become_method`; default `sudo`). */
  becomeMethod?: "sudo" | (string & Record<never, never>);
  /** The method's flags (`become_flags`; sudo's default `-H -S -n`). */
  becomeFlags?: string;
  /** The method's program (`become_exe`). */
  becomeExe?: string;
}

/**
 * Options of a play (`ctx.play(name, pattern, fn, options)`): become settings
 * for all its tasks (a task's own take precedence).
 *
 * @example
 * ```ts
 * import type { PlayOptions } from "./types.ts";
 *
 * const asRoot: PlayOptions = { become: true };
 * ```
 */
export type PlayOptions = BecomeOptions;

/**
 * Options of one task call (`play.task(module, args, options)` and the shortcuts).
 *
 * @example
 * ```ts
 * import type { TaskOptions } from "./types.ts";
 * const options: TaskOptions = {
 *   name: "Reload sshd",
 *   when: (host) => host.vars.ansible_os_family === "Debian",
 *   ignoreErrors: true,
 *   become: true,
 * };
 * ```
 */
export interface TaskOptions extends BecomeOptions {
  /** Task name shown in the output (default: the module name). */
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
