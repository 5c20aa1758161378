/**
 * The head of the transmit stream: its first line, read before the worker
 * loads the rest of itself, so that a job whose kwargs already send it to
 * Ansible gets its ansible-runner started at once. Whatever was read is
 * replayed, so the transmit reader sees the stream exactly as sent, errors
 * and all; this module only looks.
 *
 * @module
 */
import type { ByteSource } from "../io/byte_reader.ts";
import { isMapping } from "./kwarg_values.ts";

/**
 * How far the head is read looking for the first newline: a kwargs line
 * longer than this (large inline extra vars) just gets no head start.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { STREAM_HEAD_MAX_BYTES } from "./stream_head.ts";
 *
 * assert.equal(STREAM_HEAD_MAX_BYTES, 1024 * 1024);
 * ```
 */
export const STREAM_HEAD_MAX_BYTES = 1024 * 1024;

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * The stream's head: the first line's kwargs, when that line is a kwargs
 * message, and the whole stream from its first byte.
 *
 * @example
 * ```ts
 * import type { StreamHead } from "./stream_head.ts";
 *
 * const head: StreamHead = {
 *   kwargs: { playbook: "site.yml" },
 *   source: { read: () => Promise.resolve(null) },
 * };
 * ```
 */
export interface StreamHead {
  /** The kwargs of the first line, when it is `{"kwargs": {…}}`. */
  readonly kwargs?: Record<string, unknown>;
  /** The stream from its first byte: the head read here, then the rest of the source. */
  readonly source: ByteSource;
}

/**
 * Reads `source` up to its first newline (at most `maxBytes`, and no further
 * once `signal` aborts) and returns the first line's kwargs with a source
 * that replays everything.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readStreamHead } from "./stream_head.ts";
 *
 * const bytes = new TextEncoder().encode('{"kwargs": {"playbook": "site.yml"}}\n{"eof": true}\n');
 * let offset = 0;
 * const source = {
 *   read(p: Uint8Array): Promise<number | null> {
 *     if (offset === bytes.length) return Promise.resolve(null);
 *     const n = Math.min(p.length, 7, bytes.length - offset);
 *     p.set(bytes.subarray(offset, offset + n));
 *     offset += n;
 *     return Promise.resolve(n);
 *   },
 * };
 * const head = await readStreamHead(source);
 * assert.deepEqual(head.kwargs, { playbook: "site.yml" });
 * const replayed: number[] = [];
 * const p = new Uint8Array(5);
 * for (let n = await head.source.read(p); n !== null; n = await head.source.read(p)) {
 *   replayed.push(...p.subarray(0, n));
 * }
 * assert.deepEqual(new Uint8Array(replayed), bytes);
 * ```
 */
export async function readStreamHead(
  source: ByteSource,
  signal?: AbortSignal,
  maxBytes: number = STREAM_HEAD_MAX_BYTES,
): Promise<StreamHead> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  let lineEnd = -1;
  const stopped = signal === undefined ? undefined : abortion(signal);
  while (lineEnd < 0 && size < maxBytes && !signal?.aborted) {
    const buffer = new Uint8Array(CHUNK);
    const reading = source.read(buffer);
    const n = stopped === undefined ? await reading : await Promise.race([reading, stopped]);
    if (n === "aborted") break;
    if (n === null) {
      ended = true;
      break;
    }
    const newline = buffer.subarray(0, n).indexOf(NEWLINE);
    if (newline >= 0) lineEnd = size + newline;
    chunks.push(buffer.subarray(0, n));
    size += n;
  }
  const head = concat(chunks, size);
  return {
    kwargs: lineEnd < 0 ? undefined : kwargsOf(head.subarray(0, lineEnd)),
    source: replaying(head, ended, source),
  };
}

/** Resolves with "aborted" once `signal` aborts. */
function abortion(signal: AbortSignal): Promise<"aborted"> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve("aborted");
    else signal.addEventListener("abort", () => resolve("aborted"), { once: true });
  });
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}

/** The kwargs of a `{"kwargs": {…}}` line, else undefined. */
function kwargsOf(line: Uint8Array): Record<string, unknown> | undefined {
  try {
    const message: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(line));
    if (!isMapping(message)) return undefined;
    return isMapping(message.kwargs) ? message.kwargs : undefined;
  } catch {
    return undefined;
  }
}

/** `head`, then (unless the source already ended) the rest of `source`. */
function replaying(head: Uint8Array, ended: boolean, source: ByteSource): ByteSource {
  let pending = head;
  return {
    read(p: Uint8Array): Promise<number | null> {
      if (pending.length > 0) {
        const n = Math.min(p.length, pending.length);
        p.set(pending.subarray(0, n));
        pending = pending.subarray(n);
        return Promise.resolve(n);
      }
      return ended ? Promise.resolve(null) : source.read(p);
    },
  };
}
