/**
 * What a run knows while it goes: its status, rc, the job_events files
 * written so far (names only: the events themselves stay on disk, so a long
 * job costs no memory per event), the stats, and who waits for more. The
 * run's core (`job_run.ts`) writes it; the `Runner` reads it.
 *
 * @module
 */
import { join } from "node:path";
import { pythonJsonLoads } from "../process/python_json.ts";
import type { RunnerEvent } from "../events/runner_event_stream.ts";

/**
 * The live state of one run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunState } from "./run_state.ts";
 *
 * const state = new RunState("/tmp/pdd/artifacts/42");
 * state.status = "running";
 * state.end(0);
 * assert.equal(state.ended, true);
 * ```
 */
export class RunState {
  /** `<artifact root>/<ident>`. */
  readonly artifactDir: string;
  /** The last status (`unstarted` until `starting`). */
  status = "unstarted";
  /** The `job_explanation` of an `error` status. */
  explanation?: string;
  #stats?: Readonly<Record<string, unknown>>;
  #rc?: number;
  #ended = false;
  #files: string[] = [];
  #waiters: (() => void)[] = [];

  /** A state for a job whose artifacts go to `artifactDir`. */
  constructor(artifactDir: string) {
    this.artifactDir = artifactDir;
  }

  /** The rc, once the job ended. */
  get rc(): number | undefined {
    return this.#rc;
  }

  /** Whether the job ended (no event will follow). */
  get ended(): boolean {
    return this.#ended;
  }

  /** The `event_data` of `playbook_on_stats`, once it passed. */
  get stats(): Readonly<Record<string, unknown>> | undefined {
    return this.#stats;
  }

  /** Keeps the `event_data` of `playbook_on_stats` (as plain objects). */
  setStats(data: unknown): void {
    if (typeof data === "object" && data !== null) {
      this.#stats = plainJson(data) as Record<string, unknown>;
    }
  }

  /** How many job_events files were written. */
  get eventCount(): number {
    return this.#files.length;
  }

  /** Records that the job_events file `name` was written. */
  addEventFile(name: string): void {
    this.#files.push(name);
    this.#wake();
  }

  /** The job ended with `rc` (undefined when it never started). */
  end(rc: number | undefined): void {
    this.#rc = rc;
    this.#ended = true;
    this.#wake();
  }

  /** The event of the `index`th job_events file written. */
  readEvent(index: number): RunnerEvent {
    const text = Deno.readTextFileSync(join(this.artifactDir, "job_events", this.#files[index]));
    return plainJson(pythonJsonLoads(text).value) as RunnerEvent;
  }

  /** Resolves once another event file was written or the job ended. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A parsed JSON value with plain objects (the Python-exact parser makes them without a prototype). */
function plainJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainJson);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plainJson(inner)]));
}
