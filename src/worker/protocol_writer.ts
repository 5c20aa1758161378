/**
 * The worker's stdout: one JSON message per line, one write each, never
 * interleaved, with optional keepalives between whole messages and nothing
 * after `{"eof": true}`. A stream ends one of two ways: the job's artifacts
 * and eof, or {@linkcode ProtocolWriter.endWithError}.
 *
 * @module
 */
import { pythonJsonDumps } from "../python/json_dumps.ts";
import { type SyncByteSink, writeAllSync } from "../io/write_all.ts";

/**
 * Something bytes can be written to synchronously (stdout, a file).
 *
 * @example
 * ```ts
 * import type { SyncWriter } from "./protocol_writer.ts";
 *
 * const stdout: SyncWriter = Deno.stdout;
 * ```
 */
export type SyncWriter = SyncByteSink;

/**
 * The exact keepalive line of the reference (HEAD) worker.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { KEEPALIVE_MESSAGE } from "./protocol_writer.ts";
 *
 * assert.deepEqual(KEEPALIVE_MESSAGE, { event: "keepalive", counter: 0, uuid: 0 });
 * ```
 */
export const KEEPALIVE_MESSAGE = { event: "keepalive", counter: 0, uuid: 0 } as const;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Sees one message line after it is written: its JSON text (no newline) and,
 * when the writer made it, its value.
 *
 * @example
 * ```ts
 * import type { MessageObserver } from "./protocol_writer.ts";
 *
 * const log: MessageObserver = (json) => console.error(json);
 * ```
 */
export type MessageObserver = (json: string, value?: Record<string, unknown>) => void;

/**
 * Writes protocol messages to a synchronous sink.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ProtocolWriter } from "./protocol_writer.ts";
 *
 * const lines: string[] = [];
 * const sink = { writeSync: (p: Uint8Array) => (lines.push(new TextDecoder().decode(p)), p.length) };
 * const out = new ProtocolWriter(sink);
 * out.message({ status: "running", runner_ident: "42" });
 * out.eof();
 * out.message({ status: "late" }); // dropped: nothing follows eof
 * assert.deepEqual(lines, ['{"status": "running", "runner_ident": "42"}\n', '{"eof": true}\n']);
 * ```
 */
export class ProtocolWriter {
  #sink: SyncWriter;
  #closed = false;
  #keepaliveMs = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #observer: MessageObserver | undefined;

  /** Creates a writer on `sink` (normally `Deno.stdout`). */
  constructor(sink: SyncWriter) {
    this.#sink = sink;
  }

  /** Whether `eof` was written. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Starts writing a keepalive after every `seconds` of silence (0 or less:
   * never). Only whole messages are ever written, so a keepalive can never
   * split a line or a zip payload.
   */
  startKeepalive(seconds: number): void {
    if (!(seconds > 0)) return;
    this.#keepaliveMs = seconds * 1000;
    this.#arm();
  }

  /**
   * Hands every message line written from now on to `observer` (the job's
   * event plugins), after it is written; `undefined` stops.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProtocolWriter } from "./protocol_writer.ts";
   *
   * const seen: string[] = [];
   * const out = new ProtocolWriter({ writeSync: (p) => p.length });
   * out.observe((json) => seen.push(json));
   * out.message({ status: "running", runner_ident: "42" });
   * out.line(new TextEncoder().encode('{"event": "verbose"}'));
   * assert.deepEqual(seen, ['{"status": "running", "runner_ident": "42"}', '{"event": "verbose"}']);
   * ```
   */
  observe(observer: MessageObserver | undefined): void {
    this.#observer = observer;
  }

  /** Writes one message as one `\n`-terminated line of Python-style JSON. */
  message(value: Record<string, unknown>): void {
    if (this.#closed) return;
    const json = pythonJsonDumps(value);
    this.#write(encoder.encode(json + "\n"));
    this.#observer?.(json, value);
  }

  /**
   * Writes one whole message line made elsewhere (another worker's output),
   * unchanged, with its newline, in one write.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProtocolWriter } from "./protocol_writer.ts";
   *
   * let text = "";
   * const out = new ProtocolWriter({ writeSync: (p) => (text += new TextDecoder().decode(p), p.length) });
   * out.line(new TextEncoder().encode('{"status": "running", "runner_ident": "1"}'));
   * assert.equal(text, '{"status": "running", "runner_ident": "1"}\n');
   * ```
   */
  line(bytes: Uint8Array): void {
    const line = new Uint8Array(bytes.length + 1);
    line.set(bytes);
    line[bytes.length] = 0x0a;
    if (this.#closed) return;
    this.#write(line);
    this.#observer?.(decoder.decode(bytes));
  }

  /**
   * Writes raw bytes that belong to one message (the base64 run after a
   * `zipfile` line). Keepalives are held until the next whole message.
   */
  raw(bytes: Uint8Array): void {
    this.#disarm();
    this.#writeAll(bytes);
  }

  /** Writes `{"eof": true}` and stops everything; later writes are dropped. */
  eof(): void {
    this.message({ eof: true });
    this.#closed = true;
    this.#disarm();
  }

  /**
   * Ends the stream with a final message (a terminal status) and eof.
   *
   * @example
   * ```ts
   * import { ProtocolWriter } from "./protocol_writer.ts";
   *
   * new ProtocolWriter({ writeSync: (p) => p.length }).end({ status: "canceled" });
   * ```
   */
  end(last: Record<string, unknown>): void {
    this.message(last);
    this.eof();
  }

  /**
   * Ends the stream as the reference does after a failure:
   * `{"status": "error", "job_explanation": …, "result_traceback": …}`
   * (the traceback only when given), then eof.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ProtocolWriter } from "./protocol_writer.ts";
   *
   * let text = "";
   * const out = new ProtocolWriter({ writeSync: (p) => (text += new TextDecoder().decode(p), p.length) });
   * out.endWithError("Failed to JSON parse a line from transmit stream.");
   * assert.equal(text, '{"status": "error", "job_explanation": "Failed to JSON parse a line ' +
   *   'from transmit stream."}\n{"eof": true}\n');
   * assert.equal(out.closed, true);
   * ```
   */
  endWithError(explanation: string, traceback?: string): void {
    this.end({
      status: "error",
      job_explanation: explanation,
      ...(traceback !== undefined ? { result_traceback: traceback } : {}),
    });
  }

  #write(bytes: Uint8Array): void {
    if (this.#closed) return;
    this.#disarm();
    this.#writeAll(bytes);
    this.#arm();
  }

  #writeAll(bytes: Uint8Array): void {
    try {
      writeAllSync(this.#sink, bytes);
    } catch (error) {
      // The reader went away (receptor gone): nothing can be reported anymore.
      if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
      this.#closed = true;
    }
  }

  #arm(): void {
    if (this.#keepaliveMs <= 0 || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.message({ ...KEEPALIVE_MESSAGE });
    }, this.#keepaliveMs);
    Deno.unrefTimer(this.#timer);
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
