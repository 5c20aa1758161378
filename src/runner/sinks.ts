/**
 * Status and event sinks: what ansible-runner's plugins (`status_handler`,
 * `event_handler`) are, for the library and `run`. A sink gets every status
 * (before the user's `statusHandler`, as the reference calls plugins first)
 * and every event (after the user's `eventHandler`, whose answer does not
 * affect sinks), on both routes (tachyon's engine and the EE's Ansible);
 * `close()` is awaited once the job ended, before `finishedCallback`, so a
 * sink can deliver what it queued (bounded by the sink itself).
 *
 * Event plugins (`src/events/plugins/`, the HTTP emitter) plug in here: a
 * caller passes them as `RunOptions.sinks`, and `job_run.ts`
 * (`runnerSinks`) is where sinks built from the job's settings join them.
 *
 * @module
 */
import type { RunnerEvent } from "../events/runner_event_stream.ts";

/**
 * One status and event sink.
 *
 * @example
 * ```ts
 * import type { RunnerSink } from "./sinks.ts";
 *
 * const statuses: string[] = [];
 * const sink: RunnerSink = { status: (data) => statuses.push(String(data.status)) };
 * ```
 */
export interface RunnerSink {
  /** Every status message, in order. */
  status?(data: Readonly<Record<string, unknown>>): void;
  /** Every event, in order. */
  event?(event: Readonly<RunnerEvent>): void;
  /** The job ended: deliver what is queued (awaited before `finishedCallback`). */
  close?(): Promise<void>;
}

/**
 * Calls `call` on every sink; the first throw is reported to `onError` (the
 * runner cancels the job then), the other sinks still get the message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eachSink } from "./sinks.ts";
 *
 * const seen: string[] = [];
 * eachSink([{ status: (d) => seen.push(String(d.status)) }, {}], (s) => s.status?.({ status: "running" }), () => {});
 * assert.deepEqual(seen, ["running"]);
 * ```
 */
export function eachSink(
  sinks: readonly RunnerSink[],
  call: (sink: RunnerSink) => void,
  onError: (error: unknown) => void,
): void {
  for (const sink of sinks) {
    try {
      call(sink);
    } catch (error) {
      onError(error);
    }
  }
}
