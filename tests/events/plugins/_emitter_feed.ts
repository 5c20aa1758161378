/**
 * Test support for the HTTP emitter's tests: its settings with test-sized
 * defaults, a TCP target, a job's worth of status and event messages, and
 * feeding them to an emitter as the worker would. Shared by
 * `http_emitter_test.ts` and `http_emitter_interop_test.ts`.
 *
 * @module
 */
import type {
  HttpEmitter,
  HttpEmitterSettings,
  HttpTarget,
} from "../../../src/events/plugins/mod.ts";

/** Short retry delays, so a test sees several retries quickly. */
export const FAST: { firstMs: number; maxMs: number } = { firstMs: 50, maxMs: 200 };

/** One message for the emitter: its JSON text, and whether it is a status line. */
export interface FedMessage {
  /** The message as the worker writes it. */
  json: string;
  /** A status line (`emitter.status`) rather than an event (`emitter.event`). */
  status: boolean;
}

/**
 * The emitter's settings: a queue of 1000 messages or 1 MiB, a 10 s drain,
 * 5 s per request, no headers, and what `over` changes.
 *
 * @example
 * ```ts
 * const s = settings({ drainTimeoutMs: 800 });
 * ```
 */
export function settings(over: Partial<HttpEmitterSettings> = {}): HttpEmitterSettings {
  return {
    url: "",
    headers: [],
    queue: { messages: 1000, characters: 1 << 20 },
    drainTimeoutMs: 10_000,
    requestTimeoutMs: 5_000,
    ...over,
  };
}

/**
 * A TCP target for `url`.
 *
 * @example
 * ```ts
 * const target = tcp("http://127.0.0.1:8080/events");
 * ```
 */
export function tcp(url: string): HttpTarget {
  return { kind: "tcp", url };
}

/**
 * A job's worth of messages: starting, running, `events` events, successful.
 *
 * @example
 * ```ts
 * jobMessages(1).length; // 4
 * ```
 */
export function jobMessages(events: number): FedMessage[] {
  const out = [
    { json: '{"status": "starting", "runner_ident": "1"}', status: true },
    { json: '{"status": "running", "runner_ident": "1"}', status: true },
  ];
  for (let i = 1; i <= events; i++) {
    out.push({
      json: `{"event": "verbose", "counter": ${i}, "stdout": "line ${i}"}`,
      status: false,
    });
  }
  out.push({ json: '{"status": "successful", "runner_ident": "1"}', status: true });
  return out;
}

/**
 * Hands `messages` to `emitter` in order, as statuses or events.
 *
 * @example
 * ```ts
 * feed(emitter, jobMessages(3));
 * ```
 */
export function feed(emitter: HttpEmitter, messages: FedMessage[]): void {
  for (const m of messages) {
    const message = { data: JSON.parse(m.json), json: m.json };
    if (m.status) emitter.status(message);
    else emitter.event(message);
  }
}
