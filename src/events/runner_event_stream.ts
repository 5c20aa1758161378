/**
 * Turns the engine's progress into ansible-runner events: the keys, key order,
 * `counter`, `start_line`/`end_line`, `parent_uuid` nesting and `event_data`
 * that awx_display produces.
 *
 * @module
 */
import type { HostResultInfo, PlayInfo, RunObserver, TaskInfo } from "../engine/observer.ts";
import type { HostStats, ModuleResult } from "../engine/types.ts";
import { JsonTooLongError, pythonJsonDumps } from "../python/json_dumps.ts";
import { pyTruthy } from "../python/truthy.ts";
import {
  type HostCounts,
  hostResultText,
  playBannerText,
  recapText,
  taskBannerText,
  warningText,
} from "./display/mod.ts";
import { fileDiffOutput } from "./display/diff.ts";
import { isoTimestamp, nowTimestamp } from "./timestamp.ts";
import { stdoutLineCount, verboseEvent } from "./verbose_event.ts";

/** An event as written to the stream. */
export type RunnerEvent = Record<string, unknown>;

/** The playbook name ansible uses for ad hoc commands. */
export const ADHOC_PLAYBOOK = "__adhoc_playbook__";

const FAILED_EVENTS = new Set([
  "runner_on_failed",
  "runner_on_async_failed",
  "runner_item_on_failed",
]);

/** Options of a {@linkcode RunnerEventStream}. */
export interface RunnerEventStreamOptions {
  /** `runner_ident` of every event. */
  runnerIdent: string;
  /** The playbook name (`event_data.playbook`). */
  playbook: string;
  /** Ad hoc mode: no play/task context in `event_data`. */
  adhoc: boolean;
  /** `job_id` / `ad_hoc_command_id` / `project_update_id`, in that order, when set. */
  references: Record<string, number>;
  /** `pid` of every callback event. */
  pid: number;
  /** `omit_event_data`. */
  omitEventData: boolean;
  /** `only_failed_event_data`. */
  onlyFailedEventData: boolean;
  /** `MAX_EVENT_RES`: results longer than this are replaced by `{}`. */
  maxEventRes: number;
  /** Receives each event, in order. */
  emit: (event: RunnerEvent) => void;
}

/**
 * Builds and emits events; implements the engine's {@linkcode RunObserver}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type RunnerEvent, RunnerEventStream } from "./runner_event_stream.ts";
 *
 * const emitted: RunnerEvent[] = [];
 * const events = new RunnerEventStream({
 *   runnerIdent: "1",
 *   playbook: "site.yml",
 *   adhoc: false,
 *   references: { job_id: 7 },
 *   pid: 4242,
 *   omitEventData: false,
 *   onlyFailedEventData: false,
 *   maxEventRes: 700_000,
 *   emit: (event) => emitted.push(event),
 * });
 * events.start();
 * // … the engine runs with `observer: events` …
 * events.finish(new Map(), {});
 * assert.deepEqual(emitted.map((e) => e.event), ["playbook_on_start", "playbook_on_stats"]);
 * assert.equal(events.counter, 2);
 * ```
 */
export class RunnerEventStream implements RunObserver {
  #o: RunnerEventStreamOptions;
  #counter = 0;
  #line = 0;
  #playbookUuid = crypto.randomUUID();
  #play?: PlayInfo;
  #lastOutput = Date.now();

  /** Creates the stream. */
  constructor(options: RunnerEventStreamOptions) {
    this.#o = options;
  }

  /** How many events were emitted. */
  get counter(): number {
    return this.#counter;
  }

  /** When the last event was emitted (ms since epoch), for idle timeouts. */
  get lastOutput(): number {
    return this.#lastOutput;
  }

  /** Emits `playbook_on_start`. */
  start(): void {
    this.#event("playbook_on_start", "", { uuid: this.#playbookUuid }, undefined, {
      playbook: this.#o.playbook,
      playbook_uuid: this.#playbookUuid,
    });
  }

  /** Emits `playbook_on_play_start`. */
  playStart(play: PlayInfo): void {
    this.#play = play;
    this.#event(
      "playbook_on_play_start",
      playBannerText(play.name),
      { name: play.name, pattern: play.pattern, uuid: play.uuid },
      this.#playbookUuid,
      this.#playContext(),
    );
  }

  /** Emits `playbook_on_task_start`. */
  taskStart(task: TaskInfo): void {
    this.#event(
      "playbook_on_task_start",
      taskBannerText(task.name, task.handler ? { prefix: "RUNNING HANDLER" } : {}),
      { name: task.name, is_conditional: task.handler, uuid: task.uuid },
      this.#play?.uuid ?? this.#playbookUuid,
      this.#taskContext(task),
    );
  }

  /** Emits `runner_on_start`. */
  hostStart(task: TaskInfo, host: string): void {
    this.#event("runner_on_start", "", { host, uuid: "" }, task.uuid, this.#taskContext(task));
  }

  /** Emits `runner_on_ok|failed|unreachable|skipped`. */
  hostResult(task: TaskInfo, r: HostResultInfo): void {
    const res = this.#clip(cleanResult(r.result));
    const timing = {
      start: isoTimestamp(r.start),
      end: isoTimestamp(r.end),
      duration: Math.round((r.end.getTime() - r.start.getTime()) * 1000) / 1e6,
    };
    const text = hostResultText({
      outcome: r.outcome,
      host: r.host,
      result: r.result,
      ignoreErrors: task.ignoreErrors,
      adhoc: this.#o.adhoc,
      action: task.action,
    });
    const base = { host: r.host, remote_addr: r.remoteAddr };
    let name: string;
    let data: Record<string, unknown>;
    switch (r.outcome) {
      case "unreachable":
        name = "runner_on_unreachable";
        data = { ...base, ...timing, res };
        break;
      case "skipped":
        name = "runner_on_skipped";
        data = { ...base, ...timing, event_loop: null };
        break;
      case "failed":
        name = "runner_on_failed";
        data = { ...base, res, ...timing, ignore_errors: task.ignoreErrors, event_loop: null };
        break;
      default:
        name = "runner_on_ok";
        data = { ...base, res, ...timing, event_loop: null };
        this.#fileDiff(task, r);
    }
    this.#event(name, text, { ...data, uuid: "" }, task.uuid, this.#taskContext(task));
  }

  /**
   * `runner_on_file_diff`, ahead of an ok result that carries a `diff` in
   * diff mode (even an unchanged one, whose text is empty), as Ansible's
   * strategy calls `v2_on_file_diff`. A `no_log` result's diff is censored.
   */
  #fileDiff(task: TaskInfo, r: HostResultInfo): void {
    if (!(task.diff ?? true) || !("diff" in r.result) || r.result.diff === undefined) return;
    const censored = pyTruthy(r.result._ansible_no_log);
    const diff = censored ? null : r.result.diff;
    const text = censored ? { stdout: "", lines: 0 } : fileDiffOutput(r.result, {
      adhoc: this.#o.adhoc,
    });
    this.#event(
      "runner_on_file_diff",
      text.stdout,
      { host: r.host, diff, uuid: "" },
      task.uuid,
      this.#taskContext(task),
      text.lines,
    );
  }

  /** Emits a `verbose` line, or a `warning`/`error` display event. */
  message(text: string, kind: "verbose" | "warning" | "error"): void {
    if (kind === "verbose") {
      this.#verbose(text);
      return;
    }
    const stdout = kind === "warning" ? warningText(text) : errorText(text);
    this.#event(kind, stdout, { uuid: "" }, undefined, {
      playbook: this.#o.playbook,
      playbook_uuid: this.#playbookUuid,
    });
  }

  /** Emits `playbook_on_stats` from the engine's stats. */
  finish(stats: ReadonlyMap<string, HostStats>, artifactData: Record<string, unknown>): void {
    const pick = (key: keyof HostStats) => {
      const out: Record<string, number> = {};
      for (const host of [...stats.keys()].sort()) {
        const n = stats.get(host)![key];
        if (n > 0) out[host] = n;
      }
      return out;
    };
    const processed: Record<string, number> = {};
    for (const host of [...stats.keys()].sort()) processed[host] = 1;
    const counts = new Map<string, HostCounts>();
    for (const [host, s] of stats) {
      counts.set(host, {
        ok: s.ok,
        changed: s.changed,
        unreachable: s.dark,
        failed: s.failures,
        skipped: s.skipped,
        rescued: s.rescued,
        ignored: s.ignored,
      });
    }
    this.#event(
      "playbook_on_stats",
      this.#o.adhoc ? "" : recapText(counts),
      {
        changed: pick("changed"),
        dark: pick("dark"),
        failures: pick("failures"),
        ignored: pick("ignored"),
        ok: pick("ok"),
        processed,
        rescued: pick("rescued"),
        skipped: pick("skipped"),
        artifact_data: artifactData,
        uuid: "",
      },
      this.#playbookUuid,
      { playbook: this.#o.playbook, playbook_uuid: this.#playbookUuid },
    );
  }

  #playContext(): Record<string, unknown> {
    const ctx: Record<string, unknown> = {
      playbook: this.#o.playbook,
      playbook_uuid: this.#playbookUuid,
    };
    if (this.#play && !this.#o.adhoc) {
      ctx.play = this.#play.name;
      ctx.play_uuid = this.#play.uuid;
      ctx.play_pattern = this.#play.pattern;
    }
    return ctx;
  }

  #taskContext(task: TaskInfo): Record<string, unknown> {
    return {
      ...this.#playContext(),
      task: task.name,
      task_uuid: task.uuid,
      task_action: task.action,
      resolved_action: task.resolvedAction,
      task_args: "",
      task_path: "",
    };
  }

  #clip(res: Record<string, unknown>): Record<string, unknown> {
    // Serialising stops as soon as the text is too long: a result whose
    // parts are shared (a YAML alias bomb) costs no more than the limit.
    try {
      pythonJsonDumps(res, { maxLength: this.#o.maxEventRes });
      return res;
    } catch (error) {
      if (error instanceof JsonTooLongError) return {};
      throw error;
    }
  }

  /** The event's lines: `count` when given (line breaks of what was written), else its stdout's. */
  #lines(stdout: string, count?: number): { start_line: number; end_line: number } {
    const start = this.#line;
    this.#line += count ?? stdoutLineCount(stdout);
    return { start_line: start, end_line: this.#line };
  }

  #event(
    event: string,
    stdout: string,
    data: Record<string, unknown>,
    parentUuid: string | undefined,
    context: Record<string, unknown>,
    lineCount?: number,
  ): void {
    const uuid = typeof data.uuid === "string" && data.uuid ? data.uuid : crypto.randomUUID();
    const eventData = { ...context, ...data, uuid };
    const out: RunnerEvent = {
      uuid,
      counter: ++this.#counter,
      stdout,
      ...this.#lines(stdout, lineCount),
      runner_ident: this.#o.runnerIdent,
      event,
      ...this.#o.references,
      pid: this.#o.pid,
      created: nowTimestamp(),
    };
    if (parentUuid !== undefined) out.parent_uuid = parentUuid;
    const keep = !this.#o.omitEventData &&
      (!this.#o.onlyFailedEventData || FAILED_EVENTS.has(event));
    out.event_data = keep ? eventData : {};
    this.#lastOutput = Date.now();
    this.#o.emit(out);
  }

  #verbose(stdout: string): void {
    const out = verboseEvent(stdout, {
      counter: ++this.#counter,
      startLine: this.#line,
      runnerIdent: this.#o.runnerIdent,
    });
    this.#line = out.end_line as number;
    this.#lastOutput = Date.now();
    this.#o.emit(out);
  }
}

/** The result as it appears in `event_data.res`: internal keys removed. */
function cleanResult(result: ModuleResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(result)) {
    if (k === "failed" || k === "skipped" || v === undefined) continue;
    out[k] = v;
  }
  // awx_display drops the environment from gathered facts.
  const facts = out.ansible_facts;
  if (typeof facts === "object" && facts !== null && "ansible_env" in facts) {
    const { ansible_env: _env, ...rest } = facts as Record<string, unknown>;
    out.ansible_facts = rest;
  }
  if (!("_ansible_no_log" in out)) out._ansible_no_log = false;
  if (!("changed" in out)) out.changed = false;
  return out;
}

function errorText(message: string): string {
  return `\u001b[0;31mERROR! ${message}\u001b[0m`;
}
