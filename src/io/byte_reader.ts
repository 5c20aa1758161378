/**
 * Buffered reading of a byte stream by lines and by exact lengths, without
 * ever holding more than one read chunk (plus one line) in memory. An abort
 * signal ends a pending read at once (stdin reads cannot be canceled: the
 * read is abandoned, and the reader must not be used afterwards).
 *
 * @module
 */

/**
 * Something bytes can be read from (stdin, a file).
 *
 * @example
 * ```ts
 * import type { ByteSource } from "./byte_reader.ts";
 *
 * const stdin: ByteSource = Deno.stdin;
 * ```
 */
export interface ByteSource {
  /** Reads into `p`; resolves with the number of bytes read, or null at the end. */
  read(p: Uint8Array): Promise<number | null>;
}

const CHUNK = 256 * 1024;

/**
 * The longest line {@linkcode ByteReader.readLine} returns: 32 MiB. A kwargs
 * line (the largest the protocol has: extra vars inline) is far smaller; a
 * stream without newlines must not grow memory without end.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_LINE_BYTES } from "./byte_reader.ts";
 *
 * assert.equal(MAX_LINE_BYTES, 32 * 1024 * 1024);
 * ```
 */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

/**
 * A line was longer than {@linkcode MAX_LINE_BYTES}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LineTooLongError } from "./byte_reader.ts";
 *
 * assert.equal(new LineTooLongError("too long").name, "LineTooLongError");
 * ```
 */
export class LineTooLongError extends Error {
  /** The error name. */
  override name = "LineTooLongError";
}

/**
 * Reads lines and exact byte counts from a {@linkcode ByteSource}. Once
 * `signal` aborts, every read rejects with its reason.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteReader } from "./byte_reader.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, '{"eof": true}\n');
 * using file = await Deno.open(path);
 * const reader = new ByteReader(file);
 * assert.equal(new TextDecoder().decode((await reader.readLine())!), '{"eof": true}');
 * assert.equal(await reader.readLine(), null);
 * await Deno.remove(path);
 * ```
 */
export class ByteReader {
  #source: ByteSource;
  #signal: AbortSignal | undefined;
  #buf = new Uint8Array(CHUNK);
  #start = 0;
  #end = 0;
  #eof = false;

  /** Wraps `source`; `signal` stops pending and later reads. */
  constructor(source: ByteSource, signal?: AbortSignal) {
    this.#source = source;
    this.#signal = signal;
  }

  /** One read from the source, or the abort reason as soon as the signal aborts. */
  #read(into: Uint8Array): Promise<number | null> {
    const signal = this.#signal;
    if (signal === undefined) return this.#source.read(into);
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#source.read(into).then(resolve, reject).finally(() =>
        signal.removeEventListener("abort", onAbort)
      );
    });
  }

  async #fill(): Promise<boolean> {
    this.#signal?.throwIfAborted();
    if (this.#eof) return false;
    if (this.#start === this.#end) this.#start = this.#end = 0;
    if (this.#end === this.#buf.length) {
      const grown = new Uint8Array(
        this.#end - this.#start < this.#buf.length / 2 ? this.#buf.length : this.#buf.length * 2,
      );
      grown.set(this.#buf.subarray(this.#start, this.#end));
      this.#end -= this.#start;
      this.#start = 0;
      this.#buf = grown;
    }
    const n = await this.#read(this.#buf.subarray(this.#end));
    if (n === null) {
      this.#eof = true;
      return false;
    }
    this.#end += n;
    return true;
  }

  /**
   * Returns the next line without its `\n`; at end of input the unterminated
   * rest (which may be empty: then `null`). Throws {@linkcode LineTooLongError}
   * past {@linkcode MAX_LINE_BYTES}.
   */
  async readLine(): Promise<Uint8Array | null> {
    let scanFrom = this.#start;
    while (true) {
      const nl = this.#buf.subarray(scanFrom, this.#end).indexOf(10);
      if (nl !== -1) {
        const line = this.#buf.slice(this.#start, scanFrom + nl);
        this.#start = scanFrom + nl + 1;
        return line;
      }
      const consumed = this.#end - this.#start;
      if (consumed >= MAX_LINE_BYTES) {
        throw new LineTooLongError(`a line of the stream is longer than ${MAX_LINE_BYTES} bytes`);
      }
      if (!(await this.#fill())) {
        if (this.#start === this.#end) return null;
        const rest = this.#buf.slice(this.#start, this.#end);
        this.#start = this.#end;
        return rest;
      }
      scanFrom = this.#start + consumed;
    }
  }

  /**
   * Passes exactly `count` bytes to `onChunk`, in pieces, and returns how many
   * were available (less than `count` only at end of input).
   */
  async readExact(
    count: number,
    onChunk: (chunk: Uint8Array) => void | Promise<void>,
  ): Promise<number> {
    let remaining = count;
    while (remaining > 0) {
      if (this.#start === this.#end && !(await this.#fill())) break;
      const take = Math.min(remaining, this.#end - this.#start);
      await onChunk(this.#buf.subarray(this.#start, this.#start + take));
      this.#start += take;
      remaining -= take;
    }
    return count - remaining;
  }
}
