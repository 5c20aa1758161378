/**
 * How a job that did not finish ends: canceled or timed out, exit code 254.
 * Apart from the job runner so that the worker's start loads nothing more.
 *
 * @module
 */

/**
 * Why a job was stopped before it finished.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JobStopped } from "./job_stopped.ts";
 *
 * const stop = new AbortController();
 * stop.abort(new JobStopped("timeout"));
 * assert.equal((stop.signal.reason as JobStopped).status, "timeout");
 * ```
 */
export class JobStopped extends Error {
  /** The error name. */
  override name = "JobStopped";
  /** The terminal status to report: `canceled` or `timeout`. */
  readonly status: "canceled" | "timeout";

  /** Creates the reason. */
  constructor(status: "canceled" | "timeout") {
    super(status === "canceled" ? "The job was canceled" : "The job timed out");
    this.status = status;
  }
}

/**
 * Exit code and terminal status of canceled and timed-out jobs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RC_STOPPED } from "./job_stopped.ts";
 *
 * assert.equal(RC_STOPPED, 254);
 * ```
 */
export const RC_STOPPED = 254;
