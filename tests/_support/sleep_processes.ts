/**
 * Test support: `sleep MARKER` processes a test starts (in an inventory
 * script, a task, …) and looks for afterwards, so "no process left behind"
 * can be checked by scanning `/proc`.
 *
 * @module
 */

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
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).replaceAll("\0", " ");
      if (cmdline.includes(`sleep ${marker}`)) pids.push(Number(entry.name));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
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
  for (const pid of sleepProcesses(marker)) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
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
  const deadline = performance.now() + ms;
  while (sleepProcesses(marker).length === 0) {
    if (performance.now() > deadline) throw new Error(`no "sleep ${marker}" within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now();
}
