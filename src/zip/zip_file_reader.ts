/**
 * Random access to a zip file on disk through one reused read window, so
 * that the reader's sequential reads (central directory, then each entry's
 * data in turn) cost one system call per window and memory stays flat.
 *
 * @module
 */

import { ZipFormatError } from "./errors.ts";

/**
 * Size of the read window (entry data is read in pieces of at most this).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IO_CHUNK } from "./zip_file_reader.ts";
 *
 * assert.equal(IO_CHUNK, 1024 * 1024);
 * ```
 */
export const IO_CHUNK = 1 << 20;

/**
 * Random access to the zip file through a read window (sequential access is cheap).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ZipFileReader } from "./zip_file_reader.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "PK-bytes");
 * using file = await Deno.open(path);
 * const reader = new ZipFileReader(file, 8);
 * assert.equal(new TextDecoder().decode(reader.readAt(3, 5)), "bytes");
 * await Deno.remove(path);
 * ```
 */
export class ZipFileReader {
  /** The open zip file. */
  readonly file: Deno.FsFile;
  /** Its size in bytes. */
  readonly size: number;
  #window = new Uint8Array(IO_CHUNK);
  #windowStart = 0;
  #windowLength = 0;

  /**
   * Reads `file`, whose size is `size` bytes.
   *
   * @example
   * ```ts
   * import { ZipFileReader } from "./zip_file_reader.ts";
   *
   * using file = await Deno.open(Deno.execPath());
   * new ZipFileReader(file, (await file.stat()).size);
   * ```
   */
  constructor(file: Deno.FsFile, size: number) {
    this.file = file;
    this.size = size;
  }

  /**
   * Reads exactly `buffer.length` bytes at `position` (or throws ZipFormatError).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ZipFormatError } from "./errors.ts";
   * import { ZipFileReader } from "./zip_file_reader.ts";
   *
   * const path = await Deno.makeTempFile();
   * await Deno.writeTextFile(path, "abc");
   * using file = await Deno.open(path);
   * const reader = new ZipFileReader(file, 3);
   * assert.throws(() => reader.readInto(1, new Uint8Array(3)), ZipFormatError);
   * await Deno.remove(path);
   * ```
   */
  readInto(position: number, buffer: Uint8Array): void {
    if (position < 0 || position + buffer.length > this.size) {
      throw new ZipFormatError("Truncated zip file");
    }
    this.file.seekSync(position, Deno.SeekMode.Start);
    let filled = 0;
    while (filled < buffer.length) {
      const n = this.file.readSync(buffer.subarray(filled));
      if (n === null) throw new ZipFormatError("Truncated zip file");
      filled += n;
    }
  }

  /**
   * Returns `length` bytes at `position`. The result may be a view into the
   * read window: it is valid only until the next call.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ZipFileReader } from "./zip_file_reader.ts";
   *
   * const path = await Deno.makeTempFile();
   * await Deno.writeTextFile(path, "abc");
   * using file = await Deno.open(path);
   * assert.deepEqual([...new ZipFileReader(file, 3).readAt(1, 2)], [0x62, 0x63]);
   * await Deno.remove(path);
   * ```
   */
  readAt(position: number, length: number): Uint8Array {
    const offset = position - this.#windowStart;
    if (offset >= 0 && offset + length <= this.#windowLength) {
      return this.#window.subarray(offset, offset + length);
    }
    if (length > this.#window.length) {
      const buffer = new Uint8Array(length);
      this.readInto(position, buffer);
      return buffer;
    }
    if (position < 0 || position + length > this.size) {
      throw new ZipFormatError("Truncated zip file");
    }
    const windowLength = Math.min(this.#window.length, this.size - position);
    this.#windowLength = 0;
    this.readInto(position, this.#window.subarray(0, windowLength));
    this.#windowStart = position;
    this.#windowLength = windowLength;
    return this.#window.subarray(0, length);
  }
}

/**
 * A little-endian-readable view of exactly `bytes`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dataViewOf } from "./zip_file_reader.ts";
 *
 * const bytes = new Uint8Array([9, 0x50, 0x4b, 3, 4]).subarray(1);
 * assert.equal(dataViewOf(bytes).getUint32(0, true), 0x04034b50);
 * ```
 */
export function dataViewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
