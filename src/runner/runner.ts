/**
 * The `Runner` a run returns: ansible-runner's `Runner` object for
 * TypeScript. `status` and `rc` follow the job; `events` iterates the
 * job_events files in counter order, live (it waits for more until the job
 * ends); `stats` is the final `playbook_on_stats` data; `hostEvents(host)`
 * filters the events on one host; `stdout` is the `stdout` artifact;
 * `cancel()` stops the job (`canceled`, rc 254). Its members are documented
 * on `RunnerView` (`run_options.ts`), which handlers receive.
 *
 * @module
 */
import { join } from "node:path";
import type { RunnerEvent } from "../events/runner_event_stream.ts";
import { RunnerOutputError } from "./errors.ts";
import type { RunnerStats, RunnerView } from "./run_options.ts";
import type { RunState } from "./run_state.ts";

const STATS_KEYS = [
  "skipped",
  "ok",
  "dark",
  "failures",
  "ignored",
  "rescued",
  "processed",
  "changed",
] as const;

/**
 * One run: returned by `runAsync()` at once, and by `run()` when the job
 * ended. It is not constructed directly.
 *
 * @example
 * ```ts
 * import { runAsync } from "./run.ts";
 *
 * const watch = async () => {
 *   const runner = runAsync({ privateDataDir: "/tmp/demo", module: "ping", quiet: true });
 *   for await (const event of runner.events) console.log(event.counter, event.event);
 *   await runner.done;
 *   console.log(runner.status, runner.rc, runner.stats?.ok);
 * };
 * ```
 */
export class Runner implements RunnerView {
  /** The job's ident (`runner_ident`). */
  readonly ident: string;
  /** The absolute private data dir. */
  readonly privateDataDir: string;
  /** Resolves with this runner once the job ended (rejects with a `RunnerError`). */
  readonly done: Promise<Runner>;
  #state: RunState;
  #cancel: () => void;

  /** Used by `runAsync`: a view of `state`, ending with `done`; `cancel` stops the job. */
  constructor(
    ident: string,
    privateDataDir: string,
    state: RunState,
    done: Promise<unknown>,
    cancel: () => void,
  ) {
    this.ident = ident;
    this.privateDataDir = privateDataDir;
    this.#state = state;
    this.#cancel = cancel;
    this.done = done.then(() => this);
    // A caller that never awaits `done` must not crash on an unhandled rejection.
    this.done.catch(() => {});
  }

  /** Where the job's artifacts go: `<artifact root>/<ident>`. */
  get artifactDir(): string {
    return this.#state.artifactDir;
  }

  /**
   * `unstarted`, `starting`, `running`, then `successful`, `failed`,
   * `timeout`, `canceled`, or `error` (nothing could run it: see
   * {@linkcode Runner.explanation}).
   */
  get status(): string {
    return this.#state.status;
  }

  /** The rc once the job ended: 0, 2 (failed hosts), 4 (unreachable), 254 (canceled, timeout), 1 … */
  get rc(): number | undefined {
    return this.#state.rc;
  }

  /** Why an `error` status: the job's explanation. */
  get explanation(): string | undefined {
    return this.#state.explanation;
  }

  /** Whether the job was canceled. */
  get canceled(): boolean {
    return this.status === "canceled";
  }

  /** Whether the job timed out. */
  get timedOut(): boolean {
    return this.status === "timeout";
  }

  /** Whether nothing could run the job (an `error` status). */
  get errored(): boolean {
    return this.status === "error";
  }

  /**
   * The job's events, in counter order, read from its job_events files:
   * while the job runs, the iteration waits for the next one; it ends with
   * the job. Each iteration starts from the first event.
   */
  get events(): AsyncIterable<RunnerEvent> {
    const state = this.#state;
    return {
      async *[Symbol.asyncIterator]() {
        let next = 0;
        while (true) {
          if (next < state.eventCount) yield state.readEvent(next++);
          else if (state.ended) return;
          else await state.changed();
        }
      },
    };
  }

  /** The final `playbook_on_stats` counts, once that event passed (else undefined). */
  get stats(): RunnerStats | undefined {
    const data = this.#state.stats;
    if (data === undefined || !STATS_KEYS.every((key) => key in data)) return undefined;
    return Object.fromEntries(STATS_KEYS.map((key) => [key, data[key]])) as unknown as RunnerStats;
  }

  /** The events written so far whose `event_data.host` is `host`. */
  hostEvents(host: string): RunnerEvent[] {
    const found: RunnerEvent[] = [];
    for (let i = 0; i < this.#state.eventCount; i++) {
      const event = this.#state.readEvent(i);
      const data = event.event_data as Record<string, unknown> | undefined;
      if (data?.host === host) found.push(event);
    }
    return found;
  }

  /**
   * The `stdout` artifact as it is now: every event's text, as printed.
   *
   * @throws {RunnerOutputError} when there is none (`suppress_output_file`, or not started)
   */
  get stdout(): string {
    try {
      return Deno.readTextFileSync(join(this.artifactDir, "stdout"));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) throw new RunnerOutputError("stdout missing");
      throw error;
    }
  }

  /** Stops the job: every process it started is killed, status `canceled`, rc 254. */
  cancel(): void {
    this.#cancel();
  }
}
