/**
 * The worker's stdout: one JSON message per line, one write each, never
 * interleaved, with optional keepalives between whole messages and nothing
 * after `{"eof": true}`.
 *
 * @module
 */
import { pythonJsonDumps } from "../json/python_json.ts";

/** Something bytes can be written to synchronously (stdout, a file). */
export interface SyncWriter {
  writeSync(p: Uint8Array): number;
}

/** The exact keepalive line of the reference (HEAD) worker. */
export const KEEPALIVE_MESSAGE = { event: "keepalive", counter: 0, uuid: 0 } as const;

const encoder = new TextEncoder();

/**
 * Writes protocol messages to a synchronous sink.
 *
 * @example
 * ```ts
 * const out = new ProtocolWriter(Deno.stdout);
 * out.message({ status: "running", runner_ident: "42" });
 * out.eof();
 * ```
 */
export class ProtocolWriter {
  #sink: SyncWriter;
  #closed = false;
  #keepaliveMs = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

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

  /** Writes one message as one `\n`-terminated line of Python-style JSON. */
  message(value: Record<string, unknown>): void {
    this.#write(encoder.encode(pythonJsonDumps(value) + "\n"));
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

  #write(bytes: Uint8Array): void {
    if (this.#closed) return;
    this.#disarm();
    this.#writeAll(bytes);
    this.#arm();
  }

  #writeAll(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += this.#sink.writeSync(bytes.subarray(offset));
      } catch (error) {
        // The reader went away (receptor gone): nothing can be reported anymore.
        if (error instanceof Deno.errors.BrokenPipe) {
          this.#closed = true;
          return;
        }
        throw error;
      }
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
