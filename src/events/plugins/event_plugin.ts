/**
 * What an event plugin is: a sink for the job's status lines and events,
 * compiled into the binary. ansible-runner calls each installed plugin's
 * `status_handler` and `event_handler` with the same dictionaries its worker
 * writes to stdout; tachyon hands its plugins the same messages, each with
 * the exact JSON text the worker wrote.
 *
 * @module
 */

/**
 * One status line or event: its value and its JSON text, exactly as the
 * worker wrote it to stdout (Python's `json.dumps` formatting).
 *
 * @example
 * ```ts
 * import type { RunnerMessage } from "./event_plugin.ts";
 *
 * const running: RunnerMessage = {
 *   data: { status: "running", runner_ident: "42" },
 *   json: '{"status": "running", "runner_ident": "42"}',
 * };
 * ```
 */
export interface RunnerMessage {
  /** The message's value. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Its JSON text, without a newline. */
  readonly json: string;
}

/**
 * What a plugin says when it closes: how many messages it delivered, and
 * how many it could not (each counted once).
 *
 * @example
 * ```ts
 * import type { PluginReport } from "./event_plugin.ts";
 *
 * const report: PluginReport = {
 *   plugin: "http",
 *   delivered: 12,
 *   dropped: 0,
 *   failed: 0,
 *   undelivered: 0,
 * };
 * ```
 */
export interface PluginReport {
  /** The plugin's name. */
  readonly plugin: string;
  /** Messages the receiver accepted. */
  readonly delivered: number;
  /** Events dropped unsent: the queue was full, or the end's deadline came near. */
  readonly dropped: number;
  /** Messages the receiver refused (an HTTP error answer, retried as far as allowed). */
  readonly failed: number;
  /** Messages still unsent when the end's deadline passed. */
  readonly undelivered: number;
}

/**
 * A status and event sink. `status` and `event` are called in the order the
 * worker writes the messages and must return at once (queue, never wait):
 * they run on the job's own path. `close` is called once, after the last
 * message, and may take as long as the plugin's own bound.
 *
 * @example
 * ```ts
 * import type { EventPlugin, PluginReport, RunnerMessage } from "./event_plugin.ts";
 *
 * class Collect implements EventPlugin {
 *   readonly name = "collect";
 *   readonly seen: string[] = [];
 *   status(message: RunnerMessage): void {
 *     this.seen.push(`status ${message.data.status}`);
 *   }
 *   event(message: RunnerMessage): void {
 *     this.seen.push(`event ${message.data.event}`);
 *   }
 *   close(): Promise<PluginReport> {
 *     const delivered = this.seen.length;
 *     return Promise.resolve({ plugin: this.name, delivered, dropped: 0, failed: 0, undelivered: 0 });
 *   }
 * }
 * ```
 */
export interface EventPlugin {
  /** A short name, for reports and warnings. */
  readonly name: string;
  /** A status line: `{"status": …, "runner_ident": …}` (`starting` also has `command`, `env`, `cwd`). */
  status(message: RunnerMessage): void;
  /** An event: `{"event": …, "uuid": …, "counter": …, "stdout": …, …}`. */
  event(message: RunnerMessage): void;
  /** Flushes what it can within its own bound, then reports. */
  close(): Promise<PluginReport>;
}

/**
 * Which kind of plugin message a protocol message is: a `status` line, an
 * `event`, or `undefined` for everything else (keepalives, the artifacts'
 * `zipfile` line, `eof`, a kwargs line).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { messageKind } from "./event_plugin.ts";
 *
 * assert.equal(messageKind({ status: "successful", runner_ident: "1" }), "status");
 * assert.equal(messageKind({ event: "playbook_on_start", counter: 1 }), "event");
 * assert.equal(messageKind({ event: "keepalive", counter: 0, uuid: 0 }), undefined);
 * assert.equal(messageKind({ zipfile: 1234 }), undefined);
 * ```
 */
export function messageKind(
  message: Readonly<Record<string, unknown>>,
): "status" | "event" | undefined {
  if (typeof message.event === "string") return message.event === "keepalive" ? undefined : "event";
  if (typeof message.status === "string") return "status";
  return undefined;
}
