/**
 * Reads lines and exact byte counts from a byte stream (the ssh channel's
 * stdout), without decoding anything it does not have to.
 *
 * @module
 */

const NEWLINE = 10;

/**
 * A line was longer than the reader allows (the stream is not speaking the
 * expected protocol).
 *
 * @example
 * ```ts
 * throw new LineTooLongError(65536);
 * ```
 */
export class LineTooLongError extends Error {
  override name = "LineTooLongError";

  /** Creates the error for a line over `limit` bytes. */
  constructor(limit: number) {
    super(`a line of the ssh channel exceeds ${limit} bytes`);
  }
}

/**
 * Buffers chunks of a `ReadableStream<Uint8Array>` and hands out whole lines
 * or exactly `n` bytes; `null` means the stream ended first.
 *
 * @example
 * ```ts
 * const reader = new ByteReader(child.stdout);
 * const header = await reader.readLine(); // "T 1 0 3 0" as bytes, without "\n"
 * const body = await reader.readExact(3);
 * ```
 */
export class ByteReader {
  #source: ReadableStreamDefaultReader<Uint8Array>;
  #chunks: Uint8Array[] = [];
  #length = 0;
  #ended = false;

  /** Reads from `stream` (locks it). */
  constructor(stream: ReadableStream<Uint8Array>) {
    this.#source = stream.getReader();
  }

  /** Bytes buffered and not yet handed out. */
  get buffered(): number {
    return this.#length;
  }

  /**
   * The next line without its `\n`, or `null` at the end of the stream (a
   * last line without `\n` is returned as is). Throws
   * {@linkcode LineTooLongError} past `limit` bytes. `whileWaiting` sees the
   * incomplete line each time more bytes must be read (a prompt has no `\n`).
   */
  async readLine(
    limit = 1 << 20,
    whileWaiting?: (partial: Uint8Array) => void,
  ): Promise<Uint8Array | null> {
    let scanned = 0;
    for (;;) {
      const at = this.#indexOfNewline(scanned);
      if (at >= 0) {
        const line = this.#take(at + 1);
        return line.subarray(0, at);
      }
      scanned = this.#length;
      if (scanned > limit) throw new LineTooLongError(limit);
      if (whileWaiting && this.#length > 0) whileWaiting(this.#peek());
      if (!(await this.#fill())) {
        return this.#length > 0 ? this.#take(this.#length) : null;
      }
    }
  }

  /** Exactly `n` bytes, or `null` when the stream ends before `n` bytes. */
  async readExact(n: number): Promise<Uint8Array | null> {
    while (this.#length < n) {
      if (!(await this.#fill())) return null;
    }
    return this.#take(n);
  }

  /** Stops reading (releases the stream). */
  async cancel(): Promise<void> {
    this.#ended = true;
    await this.#source.cancel().catch(() => {});
  }

  async #fill(): Promise<boolean> {
    if (this.#ended) return false;
    const { done, value } = await this.#source.read();
    if (done) {
      this.#ended = true;
      return false;
    }
    if (value.length > 0) {
      this.#chunks.push(value);
      this.#length += value.length;
    }
    return true;
  }

  /** Index (in the buffered bytes) of the first `\n` at or after `from`, or -1. */
  #indexOfNewline(from: number): number {
    let base = 0;
    for (const chunk of this.#chunks) {
      if (from < base + chunk.length) {
        const at = chunk.indexOf(NEWLINE, Math.max(0, from - base));
        if (at >= 0) return base + at;
      }
      base += chunk.length;
    }
    return -1;
  }

  /** The buffered bytes, left in place. */
  #peek(): Uint8Array {
    if (this.#chunks.length === 1) return this.#chunks[0];
    const out = new Uint8Array(this.#length);
    let at = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  /** Removes and returns the first `n` buffered bytes (`n` ≤ buffered). */
  #take(n: number): Uint8Array {
    const first = this.#chunks[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
      this.#length -= n;
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.#chunks[0];
      const part = Math.min(chunk.length, n - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (part === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(part);
    }
    this.#length -= n;
    return out;
  }
}
