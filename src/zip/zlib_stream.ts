/**
 * Raw deflate / inflate that writes into one reused output buffer, so that
 * memory stays flat however much data goes through.
 *
 * The public `node:zlib` stream API allocates a fresh buffer for every
 * output chunk; with hundreds of MiB flowing, V8 collects those late and the
 * process peaks well above 128 MiB. So the pump drives the zlib handle
 * under the `node:zlib` stream directly (`_handle.writeSync` into a
 * caller-owned buffer, `_writeState` for the counts: the same calls Node's
 * own `zlib.js` makes for `inflateRawSync`, mirrored by Deno). Should a
 * runtime not expose them, it falls back to the stream API (correct, only
 * hungrier: on Deno 2.9.6, inflating 512 MiB grows the peak RSS by ~60 MiB
 * that way, ~2 MiB through the handle). `tests/zip/zlib_stream_test.ts`
 * fails by name when Deno changes these internals, and
 * `tests/zip/zlib_stream_interop_test.ts` when the pump stops being flat.
 *
 * @module
 */

import { constants, createDeflateRaw, createInflateRaw } from "node:zlib";

const OUTPUT_CHUNK = 64 * 1024;
const EMPTY = new Uint8Array(0);

/**
 * Receives output: a view that may be reused once the call returns.
 *
 * @example
 * ```ts
 * const sink: ZlibSink = (output) => file.writeSync(output);
 * ```
 */
export type ZlibSink = (output: Uint8Array) => void;

/**
 * Which direction a pump works in.
 *
 * @example
 * ```ts
 * const mode: ZlibMode = "inflate";
 * ```
 */
export type ZlibMode = "inflate" | "deflate";

/**
 * A streaming raw (headerless) deflate or inflate.
 *
 * @example
 * ```ts
 * const pump = createZlibPump("deflate");
 * const parts: Uint8Array[] = [];
 * pump.begin((out) => parts.push(out.slice()));
 * await pump.write(new TextEncoder().encode("hello"), true);
 * pump.close();
 * ```
 */
export interface ZlibPump {
  /** Starts a new stream (abandoning any current one) whose output goes to `sink`. */
  begin(sink: ZlibSink): void;
  /**
   * Feeds `input`; `final` finishes the stream (`Z_FINISH`). An exception
   * thrown by the sink aborts the stream and is rethrown; zlib errors reject
   * with {@linkcode ZlibError}.
   */
  write(input: Uint8Array, final: boolean): Promise<void>;
  /** Releases the zlib state. */
  close(): void;
}

/**
 * A zlib error (corrupt or truncated deflate data), with zlib's message.
 *
 * @example
 * ```ts
 * throw new ZlibError("invalid block type");
 * ```
 */
export class ZlibError extends Error {
  /** The error name. */
  override name = "ZlibError";
}

/** The internals of a `node:zlib` stream that the fast pump uses. */
interface NativeHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inputOffset: number,
    inputLength: number,
    output: Uint8Array,
    outputOffset: number,
    outputLength: number,
  ): void;
  reset(): void;
  onerror: (message: string, errno: number) => void;
}

function nativeParts(stream: object): { handle: NativeHandle; state: Uint32Array } | null {
  const internals = stream as { _handle?: Partial<NativeHandle> | null; _writeState?: unknown };
  const handle = internals._handle;
  const state = internals._writeState;
  if (
    handle && typeof handle.writeSync === "function" && typeof handle.reset === "function" &&
    state instanceof Uint32Array && state.length >= 2
  ) {
    return { handle: handle as NativeHandle, state };
  }
  return null;
}

function newStream(mode: ZlibMode) {
  return mode === "inflate" ? createInflateRaw() : createDeflateRaw();
}

/** Drives the zlib handle synchronously into one reused output buffer. */
class NativePump implements ZlibPump {
  readonly #stream: ReturnType<typeof newStream>;
  readonly #handle: NativeHandle;
  readonly #state: Uint32Array;
  readonly #output = new Uint8Array(OUTPUT_CHUNK);
  #sink: ZlibSink | null = null;
  #error: ZlibError | null = null;

  constructor(stream: ReturnType<typeof newStream>, handle: NativeHandle, state: Uint32Array) {
    this.#stream = stream;
    this.#handle = handle;
    this.#state = state;
    handle.onerror = (message: string) => {
      this.#error = new ZlibError(message);
    };
  }

  begin(sink: ZlibSink): void {
    if (this.#sink !== null) this.#handle.reset();
    this.#error = null;
    this.#sink = sink;
  }

  write(input: Uint8Array, final: boolean): Promise<void> {
    try {
      this.#writeSync(input, final);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #writeSync(input: Uint8Array, final: boolean): void {
    const sink = this.#sink;
    if (sink === null) throw new Error("ZlibPump.begin() was not called");
    const flush = final ? constants.Z_FINISH : constants.Z_NO_FLUSH;
    const output = this.#output;
    let offset = 0;
    let length = input.length;
    for (;;) {
      // "Nothing done" unless the handle reports otherwise (Node leaves it stale on errors).
      this.#state[0] = output.length;
      this.#state[1] = length;
      this.#handle.writeSync(flush, input, offset, length, output, 0, output.length);
      const outputLeft = this.#state[0];
      const inputLeft = this.#state[1];
      // Output produced before an error still goes out (a truncated stream's data counts).
      if (outputLeft < output.length) sink(output.subarray(0, output.length - outputLeft));
      const error = this.#error;
      if (error !== null) throw error;
      offset += length - inputLeft;
      length = inputLeft;
      if (outputLeft !== 0) return; // room left: zlib took all it could
    }
  }

  close(): void {
    this.#stream.close();
  }
}

/** The public stream API: output chunks are fresh buffers (more garbage for the GC). */
class StreamPump implements ZlibPump {
  readonly #mode: ZlibMode;
  #stream: ReturnType<typeof newStream> | null = null;
  #failure: unknown = null;
  #pending: { resolve: () => void; reject: (error: unknown) => void } | null = null;

  constructor(mode: ZlibMode) {
    this.#mode = mode;
  }

  begin(sink: ZlibSink): void {
    this.#stream?.destroy();
    this.#failure = null;
    this.#pending = null;
    const stream = newStream(this.#mode);
    this.#stream = stream;
    const fail = (error: unknown) => {
      if (this.#stream !== stream || this.#failure !== null) return;
      this.#failure = error;
      stream.destroy();
      this.#pending?.reject(error);
      this.#pending = null;
    };
    stream.on("data", (chunk: Uint8Array) => {
      if (this.#stream !== stream || this.#failure !== null) return;
      try {
        sink(chunk);
      } catch (error) {
        fail(error);
      }
    });
    stream.on("error", (error: Error) => fail(new ZlibError(error.message)));
    stream.on("end", () => {
      if (this.#stream !== stream || this.#failure !== null) return;
      this.#pending?.resolve();
      this.#pending = null;
    });
  }

  write(input: Uint8Array, final: boolean): Promise<void> {
    const stream = this.#stream;
    if (stream === null) return Promise.reject(new Error("ZlibPump.begin() was not called"));
    if (this.#failure !== null) return Promise.reject(this.#failure);
    return new Promise<void>((resolve, reject) => {
      this.#pending = { resolve, reject };
      if (final) {
        stream.end(input.length ? input : EMPTY); // settles on "end" or on failure
        return;
      }
      stream.write(input, () => {
        if (this.#failure !== null || this.#pending === null) return;
        this.#pending = null;
        resolve();
      });
    });
  }

  close(): void {
    this.#stream?.destroy();
    this.#stream = null;
  }
}

/**
 * Creates a raw deflate (default level, like Python's `zipfile`) or inflate
 * pump. `portable: true` forces the public stream API (used by tests).
 *
 * @example
 * ```ts
 * const pump = createZlibPump("inflate");
 * const compressed = new Uint8Array([0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]); // "hello"
 * pump.begin((out) => console.log(new TextDecoder().decode(out)));
 * await pump.write(compressed, true);
 * pump.close();
 * ```
 */
export function createZlibPump(mode: ZlibMode, options: { portable?: boolean } = {}): ZlibPump {
  if (!options.portable) {
    const stream = newStream(mode);
    const parts = nativeParts(stream);
    if (parts !== null) return new NativePump(stream, parts.handle, parts.state);
    stream.destroy();
  }
  return new StreamPump(mode);
}
