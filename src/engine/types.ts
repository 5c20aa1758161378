/**
 * Shared engine types: module results, per-host outcomes, stats.
 *
 * @module
 */

/**
 * A module's result, in Ansible's shape (`changed`, `failed`, `msg`, `rc`,
 * `stdout`, `stdout_lines`, …). Modules add their own keys.
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

/** How one task ended on one host. */
export type HostOutcome = "ok" | "changed" | "failed" | "unreachable" | "skipped";

/** Ansible's per-host recap counters. */
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
 * outcomeOf({ changed: true }); // "changed"
 * ```
 */
export function outcomeOf(result: ModuleResult): HostOutcome {
  if (result.unreachable) return "unreachable";
  if (result.failed) return "failed";
  if (result.skipped) return "skipped";
  return result.changed ? "changed" : "ok";
}
