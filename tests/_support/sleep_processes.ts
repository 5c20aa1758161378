/**
 * Test support: `sleep MARKER` processes a test starts (in an inventory
 * script, a task, …) and looks for afterwards, so "no process left behind"
 * can be checked by scanning `/proc`.
 *
 * @module
 */
import { eventually } from "./deadline.ts";
import { killProcessesWith, processesWith } from "./processes.ts";

/**
 * A unique `sleep` duration (about an hour) whose text marks the processes
 * one test starts.
 *
 * @example
 * ```ts
 * import { sleepMarker } from "./sleep_processes.ts";
 * const marker = sleepMarker(); // "3601.482913"
 * ```
 */
export function sleepMarker(prefix = "3601"): string {
  return `${prefix}.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
}

/**
 * Pids of the processes whose command line contains `sleep MARKER`.
 *
 * @example
 * ```ts
 * assert.deepEqual(sleepProcesses(marker), []);
 * ```
 */
export function sleepProcesses(marker: string): number[] {
  return processesWith(`sleep ${marker}`).map((line) => Number(line.split(" ")[0]));
}

/**
 * SIGKILLs the `sleep MARKER` processes this test started (after a peer left
 * them behind), so that a failing test leaves nothing running.
 *
 * @example
 * ```ts
 * killSleepProcesses(marker);
 * ```
 */
export function killSleepProcesses(marker: string): void {
  killProcessesWith(`sleep ${marker}`);
}

/**
 * Resolves once a `sleep MARKER` process runs; rejects after `ms`.
 *
 * @example
 * ```ts
 * await waitForSleep(marker, 20_000);
 * ```
 */
export async function waitForSleep(marker: string, ms: number): Promise<number> {
  await eventually(`a "sleep ${marker}"`, ms, () => sleepProcesses(marker).length > 0);
  return performance.now();
}
