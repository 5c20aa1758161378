/**
 * An in-process pipe: a worker stream written synchronously (a
 * `ProtocolWriter`'s sink) is read back asynchronously (a `ByteSource`, what
 * the processor reads). `run` uses it on the Ansible route, where the EE's
 * ansible-runner streams the job as a worker and the processor turns the
 * stream into artifacts, exactly as `worker | process` would, without a
 * second process. The writer never waits: chunks queue until read, and the
 * reader consumes them as they come (the stream is mostly small JSON lines;
 * the artifacts zip is read while it arrives).
 *
 * @module
 */
import type { ByteSource } from "../io/byte_reader.ts";
import type { SyncByteSink } from "../io/write_all.ts";

/**
 * A pipe from a synchronous writer to an asynchronous reader.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BytePipe } from "./byte_pipe.ts";
 *
 * const pipe = new BytePipe();
 * pipe.writeSync(new TextEncoder().encode("hello"));
 * pipe.close();
 * const buffer = new Uint8Array(16);
 * const n = await pipe.read(buffer);
 * assert.equal(new TextDecoder().decode(buffer.subarray(0, n!)), "hello");
 * assert.equal(await pipe.read(buffer), null);
 * ```
 */
export class BytePipe implements SyncByteSink, ByteSource {
  #chunks: Uint8Array[] = [];
  #closed = false;
  #wake?: () => void;

  /** Queues a copy of `p` (the caller may reuse its buffer); returns its length. */
  writeSync(p: Uint8Array): number {
    if (this.#closed) throw new Deno.errors.BrokenPipe("the pipe is closed");
    this.#chunks.push(p.slice());
    this.#notify();
    return p.length;
  }

  /** Ends the stream: the reader gets what is queued, then `null`. */
  close(): void {
    this.#closed = true;
    this.#notify();
  }

  /** Reads queued bytes into `p`, waiting for some; `null` once closed and drained. */
  async read(p: Uint8Array): Promise<number | null> {
    while (this.#chunks.length === 0) {
      if (this.#closed) return null;
      await new Promise<void>((resolve) => this.#wake = resolve);
    }
    const first = this.#chunks[0];
    const n = Math.min(p.length, first.length);
    p.set(first.subarray(0, n));
    if (n === first.length) this.#chunks.shift();
    else this.#chunks[0] = first.subarray(n);
    return n;
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
