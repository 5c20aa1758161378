/**
 * The per-host results of one task, as module calls return them to an
 * automation (a file of its own: the API types in `automation.ts` name it and
 * `play.ts` builds it).
 *
 * @module
 */
import type { HostTaskResult } from "./executor.ts";

/**
 * The per-host results of one task.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TaskResults } from "./task_results.ts";
 * const r = new TaskResults([
 *   { host: "web1", outcome: "changed", result: { changed: true } },
 *   { host: "web2", outcome: "ok", result: { changed: false } },
 * ]);
 * assert.deepEqual(r.changedHosts, ["web1"]);
 * assert.equal(r.get("web2")?.outcome, "ok");
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
