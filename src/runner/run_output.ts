/**
 * Where a run's statuses and events go, on either route, in the
 * reference's order: a status updates the runner, then the sinks, then the
 * user's `statusHandler`; an event goes to the user's `eventHandler` (whose
 * answer decides its job_events file), then the sinks, then the console. A
 * handler or sink that throws does not break the job's flow: the first
 * throw is kept (the run then cancels the job and `done` rejects with it).
 *
 * @module
 */
import type { RunnerEvent } from "../events/runner_event_stream.ts";
import { RunnerCallbackError } from "./errors.ts";
import type { RunnerStatusData, RunnerView } from "./run_options.ts";
import type { RunState } from "./run_state.ts";
import { eachSink, type RunnerSink } from "./sinks.ts";
import { eventText } from "./console.ts";

/**
 * What a {@linkcode RunOutput} calls.
 *
 * @example
 * ```ts
 * import type { RunOutputTargets } from "./run_output.ts";
 *
 * const targets: RunOutputTargets = { sinks: [], json: false, onFailure: () => {} };
 * ```
 */
export interface RunOutputTargets {
  /** The status and event sinks. */
  readonly sinks: readonly RunnerSink[];
  /** The user's status handler. */
  readonly statusHandler?: (status: RunnerStatusData, runner: RunnerView) => void;
  /** The user's event handler. */
  readonly eventHandler?: (event: RunnerEvent) => boolean | void;
  /** The console (absent: quiet). */
  readonly print?: (text: string) => void;
  /** Events as JSON lines on the console. */
  readonly json: boolean;
  /** Called once, with the first handler error. */
  readonly onFailure: (error: RunnerCallbackError) => void;
}

/**
 * Dispatches one run's statuses and events.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunOutput } from "./run_output.ts";
 * import { RunState } from "./run_state.ts";
 * import type { RunnerView } from "./run_options.ts";
 *
 * const state = new RunState("/tmp/pdd/artifacts/1");
 * const printed: string[] = [];
 * const runner = {} as RunnerView; // what handlers get: the run's Runner
 * const out = new RunOutput(state, runner, {
 *   sinks: [], json: false, print: (t) => printed.push(t), onFailure: () => {},
 * });
 * out.status({ status: "running", runner_ident: "1" });
 * assert.equal(state.status, "running");
 * assert.equal(out.event({ event: "verbose", stdout: "hello" }), true);
 * assert.deepEqual(printed, ["hello"]);
 * ```
 */
export class RunOutput {
  #state: RunState;
  #view: RunnerView;
  #targets: RunOutputTargets;
  #failure?: RunnerCallbackError;

  /** Dispatches to `targets`, updating `state`; handlers see `view`. */
  constructor(state: RunState, view: RunnerView, targets: RunOutputTargets) {
    this.#state = state;
    this.#view = view;
    this.#targets = targets;
  }

  /** The first handler error, if any. */
  get failure(): RunnerCallbackError | undefined {
    return this.#failure;
  }

  /** One status message. */
  status(data: Record<string, unknown>): void {
    const status = String(data.status);
    this.#state.status = status;
    if (status === "error") this.#state.explanation = String(data.job_explanation ?? "");
    eachSink(this.#targets.sinks, (sink) => sink.status?.(data), (e) => this.fail("a sink", e));
    this.#call("statusHandler", () => {
      this.#targets.statusHandler?.(data as RunnerStatusData, this.#view);
    });
  }

  /** One event; returns whether its job_events file is written. */
  event(event: RunnerEvent): boolean {
    if (event.event === "playbook_on_stats") this.#state.setStats(event.event_data);
    let write = true;
    this.#call("eventHandler", () => {
      write = this.#targets.eventHandler?.(event) !== false;
    });
    eachSink(this.#targets.sinks, (sink) => sink.event?.(event), (e) => this.fail("a sink", e));
    const text = eventText(event, this.#targets.json);
    if (text !== "" && this.#targets.print) this.#call("print", () => this.#targets.print!(text));
    return write;
  }

  #call(handler: string, body: () => void): void {
    try {
      body();
    } catch (error) {
      this.fail(handler, error);
    }
  }

  /** Records that `handler` threw `error` (only the first is kept and reported). */
  fail(handler: string, error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = new RunnerCallbackError(handler, error);
    this.#targets.onFailure(this.#failure);
  }
}
