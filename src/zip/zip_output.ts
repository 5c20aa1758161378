/**
 * Buffered output of the zip writer: it tracks the file position (entries
 * record their header offsets) and can patch bytes already written (a local
 * header gets its sizes and CRC once the data is through, in memory when it
 * is still buffered, which it is for small entries).
 *
 * @module
 */

import { writeAllSync } from "../io/mod.ts";

/** Output buffer (reused): small entries' headers are patched in memory. */
const OUTPUT_BUFFER = 1 << 20;

/**
 * Buffered, position-tracking output that can patch bytes already written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ZipOutput } from "./zip_output.ts";
 *
 * const path = await Deno.makeTempFile();
 * using file = await Deno.open(path, { write: true });
 * const out = new ZipOutput(file);
 * out.write(new TextEncoder().encode("hello"));
 * out.patch(0, new TextEncoder().encode("j"));
 * out.flush();
 * assert.equal(out.position, 5);
 * assert.equal(await Deno.readTextFile(path), "jello");
 * await Deno.remove(path);
 * ```
 */
export class ZipOutput {
  readonly #file: Deno.FsFile;
  readonly #buffer = new Uint8Array(OUTPUT_BUFFER);
  #used = 0;
  /** File offset of `#buffer[0]`. */
  #flushed = 0;

  /** Writes to `file` from its current position (see the class example). */
  constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /**
   * File offset of the next byte written.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ZipOutput } from "./zip_output.ts";
   *
   * const path = await Deno.makeTempFile();
   * using file = await Deno.open(path, { write: true });
   * const out = new ZipOutput(file);
   * out.write(new Uint8Array(3));
   * assert.equal(out.position, 3);
   * await Deno.remove(path);
   * ```
   */
  get position(): number {
    return this.#flushed + this.#used;
  }

  /**
   * Appends `data` (buffered; large data goes straight to the file).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ZipOutput } from "./zip_output.ts";
   *
   * const path = await Deno.makeTempFile();
   * using file = await Deno.open(path, { write: true });
   * const out = new ZipOutput(file);
   * out.write(new Uint8Array(2 << 20));
   * out.flush();
   * assert.equal((await Deno.stat(path)).size, 2 << 20);
   * await Deno.remove(path);
   * ```
   */
  write(data: Uint8Array): void {
    if (this.#used + data.length > this.#buffer.length) this.flush();
    if (data.length >= this.#buffer.length) {
      this.#writeFile(data);
      this.#flushed += data.length;
      return;
    }
    this.#buffer.set(data, this.#used);
    this.#used += data.length;
  }

  /**
   * Overwrites bytes at absolute `offset` (which must already be written).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ZipOutput } from "./zip_output.ts";
   *
   * const path = await Deno.makeTempFile();
   * using file = await Deno.open(path, { write: true });
   * const out = new ZipOutput(file);
   * out.write(new TextEncoder().encode("abc"));
   * out.flush();
   * out.patch(1, new TextEncoder().encode("B"));
   * assert.equal(await Deno.readTextFile(path), "aBc");
   * await Deno.remove(path);
   * ```
   */
  patch(offset: number, data: Uint8Array): void {
    if (offset >= this.#flushed) {
      this.#buffer.set(data, offset - this.#flushed);
      return;
    }
    this.flush();
    this.#file.seekSync(offset, Deno.SeekMode.Start);
    this.#writeFile(data);
    this.#file.seekSync(0, Deno.SeekMode.End);
  }

  /**
   * Writes the buffered bytes to the file.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ZipOutput } from "./zip_output.ts";
   *
   * const path = await Deno.makeTempFile();
   * using file = await Deno.open(path, { write: true });
   * const out = new ZipOutput(file);
   * out.write(new TextEncoder().encode("abc"));
   * out.flush();
   * assert.equal(await Deno.readTextFile(path), "abc");
   * await Deno.remove(path);
   * ```
   */
  flush(): void {
    this.#writeFile(this.#buffer.subarray(0, this.#used));
    this.#flushed += this.#used;
    this.#used = 0;
  }

  #writeFile(data: Uint8Array): void {
    writeAllSync(this.#file, data);
  }
}
