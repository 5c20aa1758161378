/**
 * Streaming standard base64 (`+/`, `=` padding) as the ansible-runner wire
 * protocol uses it for zip payloads (protocol §1.1): a decoder that accepts
 * any chunking and an encoder that reads a file in chunks.
 *
 * @module
 */

import { ZipFormatError } from "./errors.ts";
import { readFull } from "./read_full.ts";

const EMPTY = new Uint8Array(0);
const EQUALS = 0x3d;
/** Python's `string.whitespace`: space, \t, \n, \r, \v, \f. */
const WHITESPACE = [0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c];

/**
 * Number of base64 characters that encode `byteCount` bytes: `4*ceil(n/3)`.
 *
 * @example
 * ```ts
 * base64Length(5); // 8
 * base64Length(0); // 0
 * ```
 */
export function base64Length(byteCount: number): number {
  return 4 * Math.ceil(byteCount / 3);
}

function hasWhitespace(chunk: Uint8Array): boolean {
  for (const ch of WHITESPACE) {
    if (chunk.indexOf(ch) !== -1) return true;
  }
  return false;
}

function stripWhitespace(chunk: Uint8Array): Uint8Array {
  const out = new Uint8Array(chunk.length);
  let n = 0;
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i];
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    out[n++] = c;
  }
  return out.subarray(0, n);
}

/**
 * Streaming standard-base64 decoder.
 *
 * {@linkcode Base64Decoder.push} takes ASCII base64 bytes in any chunking
 * (whitespace inside is skipped, like Python's `Base64IO`) and returns the
 * decoded bytes available so far; {@linkcode Base64Decoder.finish} returns
 * the rest and throws {@linkcode ZipFormatError} on bad padding or characters
 * (characters outside the alphabet make `push` throw as soon as they are
 * decoded).
 *
 * @example
 * ```ts
 * const decoder = new Base64Decoder();
 * const ascii = new TextEncoder().encode("aGVs bG8=");
 * const a = decoder.push(ascii.subarray(0, 3)); // 0 bytes so far
 * const b = decoder.push(ascii.subarray(3)); // "hello"
 * decoder.finish(); // empty: everything was complete
 * ```
 */
export class Base64Decoder {
  #carry = new Uint8Array(4);
  #carryLength = 0;
  #padded = false;
  #ascii = new TextDecoder("latin1");

  /**
   * Decodes the complete 4-character groups available after `chunk`.
   *
   * @param chunk ASCII base64 bytes (the decoder does not keep a reference)
   * @returns the newly decoded bytes (possibly empty)
   */
  push(chunk: Uint8Array): Uint8Array {
    const data = hasWhitespace(chunk) ? stripWhitespace(chunk) : chunk;
    if (data.length === 0) return EMPTY;
    if (this.#padded) throw new ZipFormatError("Invalid base64: data after padding");
    const carried = this.#carryLength;
    const total = carried + data.length;
    const usable = total - (total % 4);
    if (usable === 0) {
      this.#carry.set(data, carried);
      this.#carryLength = total;
      return EMPTY;
    }
    const fromData = usable - carried;
    let text = this.#ascii.decode(data.subarray(0, fromData));
    if (carried > 0) text = this.#ascii.decode(this.#carry.subarray(0, carried)) + text;
    const rest = data.subarray(fromData);
    this.#carry.set(rest, 0);
    this.#carryLength = rest.length;
    this.#padded = text.charCodeAt(text.length - 1) === EQUALS;
    if (this.#padded && rest.length > 0) {
      throw new ZipFormatError("Invalid base64: data after padding");
    }
    try {
      return Uint8Array.fromBase64(text);
    } catch (error) {
      throw new ZipFormatError(`Invalid base64 data: ${(error as Error).message}`);
    }
  }

  /**
   * Ends the stream.
   *
   * @returns the remaining decoded bytes (always empty: `push` decodes every
   * complete group)
   * @throws {ZipFormatError} when the characters pushed are not a whole
   * number of 4-character groups (incorrect padding)
   */
  finish(): Uint8Array {
    if (this.#carryLength !== 0) {
      throw new ZipFormatError(
        `Invalid base64: incorrect padding (${this.#carryLength} trailing characters)`,
      );
    }
    return EMPTY;
  }
}

/**
 * Reads the file at `path` in chunks and yields ASCII base64 bytes whose
 * concatenation equals one base64 encoding of the whole file (no newlines).
 *
 * `chunkSize` (bytes of file per yielded chunk, default 3 × 64 KiB) is
 * rounded down to a multiple of 3 so that only the last chunk carries
 * padding. Memory use is bounded by `chunkSize`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { base64FileChunks } from "./base64_stream.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "hello, world");
 * let text = "";
 * for await (const ascii of base64FileChunks(path, 6)) text += new TextDecoder().decode(ascii);
 * assert.equal(text, btoa("hello, world"));
 * await Deno.remove(path);
 * ```
 */
export async function* base64FileChunks(
  path: string,
  chunkSize = 3 * 64 * 1024,
): AsyncGenerator<Uint8Array> {
  const size = Math.max(3, chunkSize - (chunkSize % 3));
  const encoder = new TextEncoder();
  const file = await Deno.open(path, { read: true });
  try {
    const buffer = new Uint8Array(size);
    for (;;) {
      const filled = await readFull(file, buffer);
      if (filled === 0) return;
      yield encoder.encode(buffer.subarray(0, filled).toBase64());
      if (filled < size) return;
    }
  } finally {
    file.close();
  }
}
