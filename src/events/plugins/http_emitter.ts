/**
 * The HTTP status/event emitter (ansible-runner-http's job): one JSON POST
 * per status line and event, in order. Unlike the reference plugin, which
 * posts synchronously on the job's path and fails the job when the receiver
 * is down, it never makes the job wait while it runs: messages go into a
 * bounded queue (the oldest events make room; status lines always stay)
 * that one sender empties, retrying with exponential backoff while the
 * receiver cannot be reached. At the job's end, {@linkcode HttpEmitter.close}
 * waits at most the drain timeout: when the queue is not empty a second
 * before it (or at its half, when shorter), the events still waiting are
 * dropped and the final status line gets what is left.
 *
 * @module
 */
import type { EventPlugin, PluginReport, RunnerMessage } from "./event_plugin.ts";
import { DeliveryQueue, type QueuedMessage } from "./delivery_queue.ts";
import type { HttpEmitterSettings } from "./http_settings.ts";
import type { HttpTarget } from "./http_target.ts";
import { type Backoff, DEFAULT_BACKOFF, retryDelayMs } from "./retry_delay.ts";
import { postOverUnixSocket } from "./unix_http.ts";

/** What one attempt came to. */
type Attempt = "delivered" | "refused" | "busy" | "unreachable";

/**
 * How often a message the receiver answers with `408`, `429` or `5xx` is
 * sent: then it counts as failed and the next one goes. (A receiver that
 * cannot be reached is retried until the job's end.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_ANSWERED_ATTEMPTS } from "./http_emitter.ts";
 *
 * assert.equal(MAX_ANSWERED_ATTEMPTS, 5);
 * ```
 */
export const MAX_ANSWERED_ATTEMPTS = 5;
/** The part of the drain timeout kept for the final status line. */
const FINAL_STATUS_RESERVE_MS = 1000;
const encoder = new TextEncoder();

/**
 * Posts every status line and event to one receiver.
 *
 * @example
 * ```ts
 * import { HttpEmitter } from "./http_emitter.ts";
 *
 * const emitter = new HttpEmitter({ kind: "tcp", url: "http://127.0.0.1:9/" }, {
 *   url: "http://127.0.0.1:9/",
 *   headers: [],
 *   queue: { messages: 100, characters: 1 << 20 },
 *   drainTimeoutMs: 0, // do not wait at the end
 *   requestTimeoutMs: 1000,
 * });
 * emitter.status({ data: { status: "running" }, json: '{"status": "running"}' });
 * const report = await emitter.close();
 * console.assert(report.delivered + report.undelivered === 1);
 * ```
 */
export class HttpEmitter implements EventPlugin {
  /** The plugin's name. */
  readonly name = "http";
  readonly #target: HttpTarget;
  readonly #settings: HttpEmitterSettings;
  readonly #backoff: Backoff;
  readonly #headers: readonly (readonly [string, string])[];
  readonly #queue: DeliveryQueue;
  /** Aborts at the drain deadline: every request and wait ends. */
  readonly #stop = new AbortController();
  /** Aborts when only the final status line is left to send. */
  readonly #finalOnly = new AbortController();
  readonly #either: AbortSignal;
  /** The final status line once {@linkcode HttpEmitter.close} gives up on the rest. */
  #keeper: QueuedMessage | undefined;
  /** The message being sent. */
  #current: QueuedMessage | undefined;
  #sender: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #closing: Promise<PluginReport> | undefined;
  #delivered = 0;
  #failed = 0;
  #dropped = 0;
  #undelivered = 0;

  /**
   * An emitter to `target` with `settings`' headers and bounds (`backoff`:
   * the retry waits, {@linkcode DEFAULT_BACKOFF} by default).
   */
  constructor(target: HttpTarget, settings: HttpEmitterSettings, backoff = DEFAULT_BACKOFF) {
    this.#target = target;
    this.#settings = settings;
    this.#backoff = backoff;
    const hasType = settings.headers.some(([name]) => name.toLowerCase() === "content-type");
    this.#headers = hasType
      ? settings.headers
      : [...settings.headers, ["Content-Type", "application/json"]];
    this.#queue = new DeliveryQueue(settings.queue);
    this.#either = AbortSignal.any([this.#stop.signal, this.#finalOnly.signal]);
  }

  /** Queues a status line (never dropped). */
  status(message: RunnerMessage): void {
    this.#enqueue({ body: message.json, status: true });
  }

  /** Queues an event (dropped, oldest first, when the queue is full). */
  event(message: RunnerMessage): void {
    this.#enqueue({ body: message.json, status: false });
  }

  /**
   * Sends what is queued, waiting at most the drain timeout, and reports.
   * Later messages are ignored; calling it again returns the same report.
   */
  close(): Promise<PluginReport> {
    return this.#closing ??= this.#drain();
  }

  #enqueue(item: QueuedMessage): void {
    if (this.#closing !== undefined) return;
    this.#queue.push(item);
    // The sender catches every failure of a request; nothing else in it can throw.
    this.#sender ??= this.#send().catch(() => {});
    this.#wake?.();
  }

  async #drain(): Promise<PluginReport> {
    this.#wake?.();
    const sender = this.#sender ?? Promise.resolve();
    const total = this.#settings.drainTimeoutMs;
    const reserve = Math.min(FINAL_STATUS_RESERVE_MS, total / 2);
    if (!(await settlesWithin(sender, total - reserve))) {
      this.#keepFinalStatusOnly();
      if (!(await settlesWithin(sender, reserve))) {
        this.#stop.abort();
        await sender;
      }
    }
    this.#undelivered += this.#queue.length;
    return {
      plugin: this.name,
      delivered: this.#delivered,
      dropped: this.#dropped + this.#queue.dropped,
      failed: this.#failed,
      undelivered: this.#undelivered,
    };
  }

  /** Near the deadline: every waiting event goes, and every status line but the last. */
  #keepFinalStatusOnly(): void {
    this.#queue.dropEvents();
    const statuses: QueuedMessage[] = [];
    for (let item = this.#queue.shift(); item !== undefined; item = this.#queue.shift()) {
      statuses.push(item);
    }
    this.#keeper = statuses.pop() ?? (this.#current?.status ? this.#current : undefined);
    this.#undelivered += statuses.length;
    if (this.#keeper !== undefined && this.#keeper !== this.#current) {
      this.#queue.push(this.#keeper);
    }
    this.#finalOnly.abort();
  }

  /** The one sender: takes the queue's messages in order, until the end. */
  async #send(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      const item = this.#queue.shift();
      if (item === undefined) {
        if (this.#closing !== undefined) return;
        await new Promise<void>((resolve) => this.#wake = resolve);
        this.#wake = undefined;
        continue;
      }
      this.#current = item;
      await this.#deliver(item);
      this.#current = undefined;
    }
  }

  /** Sends `item` until it is delivered, refused, given up or the deadline passes. */
  async #deliver(item: QueuedMessage): Promise<void> {
    const body = encoder.encode(item.body);
    let failures = 0;
    let answers = 0;
    for (;;) {
      if (this.#stop.signal.aborted) {
        this.#undelivered++;
        return;
      }
      if (this.#finalOnly.signal.aborted && item !== this.#keeper) {
        if (item.status) this.#undelivered++;
        else this.#dropped++;
        return;
      }
      const signal = this.#finalOnly.signal.aborted ? this.#stop.signal : this.#either;
      const attempt = await this.#attempt(body, signal);
      if (attempt === "delivered") {
        this.#delivered++;
        return;
      }
      if (attempt === "refused" || (attempt === "busy" && ++answers >= MAX_ANSWERED_ATTEMPTS)) {
        this.#failed++;
        return;
      }
      if (!signal.aborted) await sleep(retryDelayMs(++failures, this.#backoff), signal);
    }
  }

  async #attempt(body: Uint8Array<ArrayBuffer>, signal: AbortSignal): Promise<Attempt> {
    const bounded = AbortSignal.any([signal, AbortSignal.timeout(this.#settings.requestTimeoutMs)]);
    let status: number;
    try {
      status = this.#target.kind === "tcp"
        ? await postOverTcp(this.#target.url, this.#headers, body, bounded)
        : await postOverUnixSocket({
          socketPath: this.#target.socketPath,
          requestPath: this.#target.requestPath,
          headers: this.#headers,
          body,
        }, bounded);
    } catch {
      return "unreachable";
    }
    if (status < 400) return "delivered";
    return status === 408 || status === 429 || status >= 500 ? "busy" : "refused";
  }
}

async function postOverTcp(
  url: string,
  headers: readonly (readonly [string, string])[],
  body: Uint8Array<ArrayBuffer>,
  signal: AbortSignal,
): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: headers.map(([name, value]) => [name, value]),
    body,
    signal,
  });
  await response.body?.cancel().catch(() => {});
  return response.status;
}

/** Whether `work` settles within `ms` (it is not stopped when it does not). */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), ms));
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits `ms`, or less when `signal` aborts; the timer keeps no process alive. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    Deno.unrefTimer(timer);
    signal.addEventListener("abort", done, { once: true });
  });
}
