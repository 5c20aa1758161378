/**
 * Adds entries to a zip the way Python's `ZipFile` does on a seekable file
 * (what `stream_dir` uses): stored symlinks and directories, deflated files
 * whose local header is patched with sizes and CRC afterwards, then the
 * central directory and end records. File contents stream through reused
 * buffers.
 *
 * @module
 */

import { crc32 } from "./crc32.ts";
import { DOS_EPOCH, dosDateTime } from "./dos_time.ts";
import { METHOD } from "./zip_format.ts";
import { ZipOutput } from "./zip_output.ts";
import {
  centralHeader,
  endRecords,
  localHeader,
  type WrittenEntry,
  writtenEntry,
  ZIP64_LIMIT,
} from "./zip_records.ts";
import type { ZlibPump } from "./zlib_stream.ts";

/** File read buffer (reused). */
const IO_CHUNK = 1 << 20;
/** Give timers a chance to run at least this often (ms). */
const YIELD_EVERY_MS = 50;
const EMPTY = new Uint8Array(0);

/**
 * Writes entries the way Python's `ZipFile` does on a seekable file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ZipBuilder } from "./zip_builder.ts";
 * import { createZlibPump } from "./zlib_stream.ts";
 *
 * const path = await Deno.makeTempFile();
 * using file = await Deno.open(path, { write: true });
 * const deflater = createZlibPump("deflate");
 * const builder = new ZipBuilder(file, deflater);
 * builder.addStored("./link", 0o120777 * 0x10000, new TextEncoder().encode("/bin"));
 * assert.equal(builder.finish(), 30 + 6 + 4 + 46 + 6 + 22);
 * deflater.close();
 * await Deno.remove(path);
 * ```
 */
export class ZipBuilder {
  readonly #out: ZipOutput;
  readonly #entries: WrittenEntry[] = [];
  readonly #deflater: ZlibPump;
  readonly #input = new Uint8Array(IO_CHUNK);
  #lastYield = performance.now();

  /** Writes to `file`, deflating with `deflater` (see the class example). */
  constructor(file: Deno.FsFile, deflater: ZlibPump) {
    this.#out = new ZipOutput(file);
    this.#deflater = deflater;
  }

  /**
   * `writestr(ZipInfo(name), content)`: stored, date 1980-01-01 (used for symlinks).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ZipBuilder } from "./zip_builder.ts";
   * import { createZlibPump } from "./zlib_stream.ts";
   *
   * const path = await Deno.makeTempFile();
   * using file = await Deno.open(path, { write: true });
   * const deflater = createZlibPump("deflate");
   * const builder = new ZipBuilder(file, deflater);
   * builder.addStored("x", 0, new Uint8Array(10));
   * assert.equal(builder.finish(), 30 + 1 + 10 + 46 + 1 + 22);
   * deflater.close();
   * await Deno.remove(path);
   * ```
   */
  addStored(name: string, externalAttr: number, content: Uint8Array): void {
    const entry = writtenEntry(name, METHOD.stored, externalAttr, DOS_EPOCH, this.#out.position);
    entry.crc = crc32(content);
    entry.size = entry.compressedSize = content.length;
    this.#out.write(localHeader(entry, content.length * 1.05 > ZIP64_LIMIT));
    this.#out.write(content);
    this.#entries.push(entry);
  }

  /**
   * `write(dir)`: `"name/"`, stored, empty, attr `mode << 16 | 0x10`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ZipBuilder } from "./zip_builder.ts";
   * import { createZlibPump } from "./zlib_stream.ts";
   *
   * const path = await Deno.makeTempFile();
   * using file = await Deno.open(path, { write: true });
   * const deflater = createZlibPump("deflate");
   * const builder = new ZipBuilder(file, deflater);
   * builder.addDirectory("env", await Deno.stat("/tmp"));
   * assert.equal(builder.finish(), 30 + 4 + 46 + 4 + 22);
   * deflater.close();
   * await Deno.remove(path);
   * ```
   */
  addDirectory(name: string, info: Deno.FileInfo): void {
    const attr = ((info.mode ?? 0) & 0xffff) * 0x10000 + 0x10;
    const entry = writtenEntry(
      `${name}/`,
      METHOD.stored,
      attr,
      dosDateTime(info.mtime),
      this.#out.position,
    );
    this.#out.write(localHeader(entry, false));
    this.#entries.push(entry);
  }

  /**
   * `write(file)`: deflated, attr `mode << 16`, contents streamed through reused buffers.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ZipBuilder } from "./zip_builder.ts";
   * import { createZlibPump } from "./zlib_stream.ts";
   *
   * const path = await Deno.makeTempFile();
   * using file = await Deno.open(path, { write: true });
   * const deflater = createZlibPump("deflate");
   * const builder = new ZipBuilder(file, deflater);
   * const input = await Deno.makeTempFile();
   * await Deno.writeTextFile(input, "hello");
   * await builder.addFile("a", input, await Deno.stat(input));
   * await Deno.remove(input);
   * assert.ok(builder.finish() > 30 + 1 + 46 + 1 + 22);
   * deflater.close();
   * await Deno.remove(path);
   * ```
   */
  async addFile(name: string, path: string, info: Deno.FileInfo): Promise<void> {
    const attr = ((info.mode ?? 0) & 0xffff) * 0x10000;
    const entry = writtenEntry(
      name,
      METHOD.deflated,
      attr,
      dosDateTime(info.mtime),
      this.#out.position,
    );
    // Python decides from the stat size (compressed data can be larger than the input).
    const zip64 = info.size * 1.05 > ZIP64_LIMIT;
    const file = Deno.openSync(path, { read: true });
    try {
      this.#out.write(localHeader(entry, zip64));
      this.#deflater.begin((chunk) => {
        entry.compressedSize += chunk.length;
        this.#out.write(chunk);
      });
      for (;;) {
        const n = file.readSync(this.#input);
        if (n === null) break;
        const chunk = this.#input.subarray(0, n);
        entry.crc = crc32(chunk, entry.crc);
        entry.size += n;
        await this.#deflater.write(chunk, false);
        await this.maybeYield();
      }
      await this.#deflater.write(EMPTY, true);
    } finally {
      file.close();
    }
    this.#out.patch(entry.headerOffset, localHeader(entry, zip64));
    this.#entries.push(entry);
  }

  /**
   * Lets timers (keepalives) run now and then while zipping a large tree.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ZipBuilder } from "./zip_builder.ts";
   * import { createZlibPump } from "./zlib_stream.ts";
   *
   * const path = await Deno.makeTempFile();
   * using file = await Deno.open(path, { write: true });
   * const deflater = createZlibPump("deflate");
   * const builder = new ZipBuilder(file, deflater);
   * await builder.maybeYield();
   * assert.equal(builder.finish(), 22);
   * deflater.close();
   * await Deno.remove(path);
   * ```
   */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.#lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.#lastYield = performance.now();
    }
  }

  /**
   * Central directory and end records; returns the archive size.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ZipBuilder } from "./zip_builder.ts";
   * import { createZlibPump } from "./zlib_stream.ts";
   *
   * const path = await Deno.makeTempFile();
   * using file = await Deno.open(path, { write: true });
   * const deflater = createZlibPump("deflate");
   * const builder = new ZipBuilder(file, deflater);
   * assert.equal(builder.finish(), 22); // no entries: just the end record
   * deflater.close();
   * await Deno.remove(path);
   * ```
   */
  finish(): number {
    const cdOffset = this.#out.position;
    for (const entry of this.#entries) this.#out.write(centralHeader(entry));
    const cdSize = this.#out.position - cdOffset;
    this.#out.write(endRecords(this.#entries.length, cdOffset, cdSize));
    this.#out.flush();
    return this.#out.position;
  }
}
