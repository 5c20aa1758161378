/**
 * The writing half of zip extraction: one {@linkcode Extractor} per
 * extraction turns central directory entries into files, directories and
 * (at the end, in one batch) symlinks below the target, like
 * ansible-runner's `unstream_dir` but never through a symlink, and
 * remembers what it created so that a failed extraction can remove it all.
 *
 * @module
 */

import { writeAllSync } from "../io/mod.ts";
import type { CentralEntry, EntryKind } from "./central_directory.ts";
import { type EntryDataSource, readEntryData } from "./entry_data.ts";
import { UnsafeZipEntryError, ZipFormatError } from "./errors.ts";
import type { ExpansionBudget } from "./limits.ts";
import { createSymlinks } from "./symlinks.ts";
import type { ZipFileReader } from "./zip_file_reader.ts";
import type { ZlibPump } from "./zlib_stream.ts";

/** Linux PATH_MAX: no symlink target can be longer. */
const MAX_LINK_TARGET = 4096;
/** Give timers a chance to run at least this often (ms) during extraction. */
const YIELD_EVERY_MS = 50;

const utf8 = new TextDecoder("utf-8", { fatal: true });

function isAlreadyExists(error: unknown): boolean {
  return error instanceof Deno.errors.AlreadyExists;
}

/** The parent of a relative path ("" for a top-level name). */
function parentOf(rel: string): string {
  const slash = rel.lastIndexOf("/");
  return slash === -1 ? "" : rel.slice(0, slash);
}

/**
 * Extraction state: the verified directories, the deferred directory
 * metadata, and what this extraction created (to remove it on failure).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readCentralDirectory } from "./central_directory.ts";
 * import { Extractor } from "./extractor.ts";
 * import { ExpansionBudget } from "./limits.ts";
 * import { zipDirectory } from "./zip_writer.ts";
 * import { ZipFileReader } from "./zip_file_reader.ts";
 * import { createZlibPump } from "./zlib_stream.ts";
 *
 * const source = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${source}/hello.txt`, "hello");
 * const zip = await Deno.makeTempFile();
 * const size = await zipDirectory(source, zip);
 * const target = await Deno.makeTempDir();
 * using file = await Deno.open(zip);
 * const reader = new ZipFileReader(file, size);
 * const inflater = createZlibPump("inflate");
 * const extractor = new Extractor(reader, target, inflater, new ExpansionBudget(), undefined);
 * for (const entry of readCentralDirectory(reader)) await extractor.extract(entry);
 * await extractor.finish();
 * inflater.close();
 * assert.equal(await Deno.readTextFile(`${target}/hello.txt`), "hello");
 * for (const dir of [source, target]) await Deno.remove(dir, { recursive: true });
 * await Deno.remove(zip);
 * ```
 */
export class Extractor {
  /** Where entry data comes from (reader, inflater, budget, and `#maybeYield`). */
  readonly #source: EntryDataSource;
  readonly #target: string;
  readonly #signal: AbortSignal | undefined;
  /** Relative paths known to be real directories (not symlinks) below the target. */
  readonly #safeDirs = new Set<string>([""]);
  /**
   * Symlinks to create (relative path → target), in entry order. They are
   * made at the end in one batch (Deno's own symlink call needs unscoped
   * permissions); until then their paths are empty and count as symlinks.
   */
  readonly #pendingLinks = new Map<string, string>();
  /** Directories created from entries: mode and mtime are applied at the end. */
  readonly #deferredDirs = new Map<string, { mode: number; mtime: number }>();
  /** Directories this extraction created (relative paths). */
  readonly #createdDirs = new Set<string>();
  /**
   * Paths this extraction created whose parent it did not create, in order:
   * removing them (recursively) removes everything it wrote.
   */
  readonly #createdRoots: string[] = [];
  /** Whether directory modes may have been applied (read-only dirs exist). */
  #modesApplied = false;
  #lastYield = performance.now();

  /**
   * Extracts into `target` ("" for `/`) entries of `reader`'s zip, inflating
   * with `inflater`, counting against `budget`, stopping when `signal` aborts
   * (see the class example).
   */
  constructor(
    reader: ZipFileReader,
    target: string,
    inflater: ZlibPump,
    budget: ExpansionBudget,
    signal: AbortSignal | undefined,
  ) {
    this.#source = { reader, inflater, budget, pause: () => this.#maybeYield() };
    this.#target = target;
    this.#signal = signal;
  }

  /**
   * Extracts one entry (a symlink only at {@linkcode Extractor.finish}).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import type { CentralEntry } from "./central_directory.ts";
   * import { Extractor } from "./extractor.ts";
   * import { ExpansionBudget } from "./limits.ts";
   * import { ZipFileReader } from "./zip_file_reader.ts";
   * import { createZlibPump } from "./zlib_stream.ts";
   *
   * using file = await Deno.open(Deno.execPath());
   * const reader = new ZipFileReader(file, (await file.stat()).size);
   * const inflater = createZlibPump("inflate");
   * const target = await Deno.makeTempDir();
   * const extractor = new Extractor(reader, target, inflater, new ExpansionBudget(), undefined);
   * const entry = { name: "d/", parts: ["d"], kind: "dir", mode: 0o40755, mtime: 0 };
   * await extractor.extract(entry as CentralEntry);
   * inflater.close();
   * assert.ok((await Deno.stat(`${target}/d`)).isDirectory);
   * await Deno.remove(target, { recursive: true });
   * ```
   */
  async extract(entry: CentralEntry): Promise<void> {
    if (entry.parts.length === 0) return; // the target directory itself: exists
    this.#signal?.throwIfAborted();
    await this.#maybeYield();
    this.#ensureParents(entry);
    const rel = entry.parts.join("/");
    const path = `${this.#target}/${rel}`;
    if (entry.kind !== "symlink") this.#pendingLinks.delete(rel); // a later entry wins
    if (entry.kind === "dir") this.#extractDir(entry, rel, path);
    else if (entry.kind === "symlink") await this.#extractSymlink(entry, rel, path);
    else await this.#extractFile(entry, rel, path);
  }

  /**
   * Lets timers (keepalives) and signal handlers run now and then during a
   * long extraction; throws the abort reason once the signal has aborted.
   */
  async #maybeYield(): Promise<void> {
    if (performance.now() - this.#lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.#lastYield = performance.now();
      this.#signal?.throwIfAborted();
    }
  }

  /** Records that this extraction created `rel` (a directory when `isDir`). */
  #created(rel: string, isDir: boolean): void {
    if (!this.#createdDirs.has(parentOf(rel))) this.#createdRoots.push(rel);
    if (isDir) this.#createdDirs.add(rel);
  }

  /**
   * Removes everything this extraction created (files, directories, links),
   * leaving what was in the target before; errors are ignored.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import type { CentralEntry } from "./central_directory.ts";
   * import { Extractor } from "./extractor.ts";
   * import { ExpansionBudget } from "./limits.ts";
   * import { ZipFileReader } from "./zip_file_reader.ts";
   * import { createZlibPump } from "./zlib_stream.ts";
   *
   * using file = await Deno.open(Deno.execPath());
   * const reader = new ZipFileReader(file, (await file.stat()).size);
   * const inflater = createZlibPump("inflate");
   * const target = await Deno.makeTempDir();
   * const extractor = new Extractor(reader, target, inflater, new ExpansionBudget(), undefined);
   * const entry = { name: "d/", parts: ["d"], kind: "dir", mode: 0o40755, mtime: 0 };
   * await extractor.extract(entry as CentralEntry);
   * await extractor.removeCreated();
   * inflater.close();
   * assert.deepEqual([...Deno.readDirSync(target)], []);
   * await Deno.remove(target);
   * ```
   */
  async removeCreated(): Promise<void> {
    if (this.#modesApplied) {
      for (const rel of this.#createdDirs) {
        await Deno.chmod(`${this.#target}/${rel}`, 0o700).catch(() => {});
      }
    }
    for (const rel of this.#createdRoots.toReversed()) {
      await Deno.remove(`${this.#target}/${rel}`, { recursive: true }).catch(() => {});
    }
  }

  /**
   * Makes the symlinks, then applies the deferred modes and mtimes of directories (deepest first).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import type { CentralEntry } from "./central_directory.ts";
   * import { Extractor } from "./extractor.ts";
   * import { ExpansionBudget } from "./limits.ts";
   * import { ZipFileReader } from "./zip_file_reader.ts";
   * import { createZlibPump } from "./zlib_stream.ts";
   *
   * using file = await Deno.open(Deno.execPath());
   * const reader = new ZipFileReader(file, (await file.stat()).size);
   * const inflater = createZlibPump("inflate");
   * const target = await Deno.makeTempDir();
   * const extractor = new Extractor(reader, target, inflater, new ExpansionBudget(), undefined);
   * const entry = { name: "d/", parts: ["d"], kind: "dir", mode: 0o40750, mtime: 0 };
   * await extractor.extract(entry as CentralEntry);
   * await extractor.finish();
   * inflater.close();
   * assert.equal((await Deno.stat(`${target}/d`)).mode! & 0o777, 0o750);
   * await Deno.remove(target, { recursive: true });
   * ```
   */
  async finish(): Promise<void> {
    this.#signal?.throwIfAborted();
    await createSymlinks(
      this.#target || "/",
      [...this.#pendingLinks].map(([path, target]) => ({ target, path })),
    );
    this.#signal?.throwIfAborted();
    this.#modesApplied = true;
    const dirs = [...this.#deferredDirs.entries()].reverse();
    for (const [rel, { mode, mtime }] of dirs) {
      const path = `${this.#target}/${rel}`;
      Deno.chmodSync(path, mode & 0o7777);
      Deno.utimeSync(path, mtime, mtime);
    }
  }

  #ensureParents(entry: CentralEntry): void {
    let rel = "";
    for (let i = 0; i < entry.parts.length - 1; i++) {
      rel = i === 0 ? entry.parts[0] : `${rel}/${entry.parts[i]}`;
      if (this.#safeDirs.has(rel)) continue;
      if (this.#pendingLinks.has(rel)) {
        throw new UnsafeZipEntryError(entry.name, `its parent ${JSON.stringify(rel)} is a symlink`);
      }
      const path = `${this.#target}/${rel}`;
      try {
        Deno.mkdirSync(path);
        this.#safeDirs.add(rel);
        this.#created(rel, true);
        continue;
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
      }
      const info = Deno.lstatSync(path);
      if (info.isSymlink) {
        throw new UnsafeZipEntryError(entry.name, `its parent ${JSON.stringify(rel)} is a symlink`);
      }
      if (!info.isDirectory) {
        throw new Deno.errors.NotADirectory(
          `Cannot extract ${JSON.stringify(entry.name)}: ${path} is not a directory`,
        );
      }
      this.#safeDirs.add(rel);
    }
  }

  /** Forgets cached knowledge about `rel` and everything below it. */
  #forget(rel: string): void {
    this.#safeDirs.delete(rel);
    this.#deferredDirs.delete(rel);
    this.#createdDirs.delete(rel);
    const prefix = `${rel}/`;
    for (const known of this.#safeDirs) if (known.startsWith(prefix)) this.#safeDirs.delete(known);
    for (const known of this.#deferredDirs.keys()) {
      if (known.startsWith(prefix)) this.#deferredDirs.delete(known);
    }
    for (const known of this.#createdDirs) {
      if (known.startsWith(prefix)) this.#createdDirs.delete(known);
    }
  }

  /**
   * Something exists at `path`: decides like `unstream_dir`. Existing
   * symlinks, FIFOs and other special files are removed (never followed), an
   * existing directory makes file and directory entries skip, an existing
   * regular file is replaced (removed here).
   */
  #clearExisting(kind: EntryKind, rel: string, path: string): "proceed" | "skip" {
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return "proceed";
      throw error;
    }
    if (info.isDirectory) {
      if (kind !== "symlink") {
        this.#safeDirs.add(rel);
        return "skip";
      }
      if (!this.#removeEmptyDir(rel, path)) {
        throw new Deno.errors.AlreadyExists(
          `Cannot replace the directory ${path} by a symlink: it is not empty`,
        );
      }
      this.#forget(rel);
      return "proceed";
    }
    if (info.isFile && kind === "dir") {
      throw new Deno.errors.AlreadyExists(`Cannot create directory ${path}: a file exists there`);
    }
    Deno.removeSync(path);
    this.#forget(rel);
    return "proceed";
  }

  /**
   * Removes the directory at `path` if it is empty, like `os.remove` would
   * (links still to be made below it count as content); returns whether it went.
   */
  #removeEmptyDir(rel: string, path: string): boolean {
    const prefix = `${rel}/`;
    for (const link of this.#pendingLinks.keys()) if (link.startsWith(prefix)) return false;
    try {
      Deno.removeSync(path);
      return true;
    } catch {
      return false;
    }
  }

  #extractDir(entry: CentralEntry, rel: string, path: string): void {
    try {
      Deno.mkdirSync(path, { mode: 0o700 });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      if (this.#clearExisting("dir", rel, path) === "skip") return;
      Deno.mkdirSync(path, { mode: 0o700 });
    }
    this.#created(rel, true);
    this.#safeDirs.add(rel);
    this.#deferredDirs.delete(rel); // re-insert: keep creation order
    this.#deferredDirs.set(rel, { mode: entry.mode, mtime: entry.mtime });
  }

  async #extractSymlink(entry: CentralEntry, rel: string, path: string): Promise<void> {
    if (entry.size >= MAX_LINK_TARGET) {
      throw new UnsafeZipEntryError(entry.name, `symlink target of ${entry.size} bytes`);
    }
    const content = new Uint8Array(entry.size);
    let filled = 0;
    await readEntryData(this.#source, entry, (chunk) => {
      content.set(chunk, filled);
      filled += chunk.length;
    });
    let target: string;
    try {
      target = utf8.decode(content);
    } catch {
      throw new ZipFormatError(`Symlink target of ${JSON.stringify(entry.name)} is not UTF-8`);
    }
    if (target === "" || target.includes("\0")) {
      throw new UnsafeZipEntryError(entry.name, "empty symlink target or NUL in it");
    }
    this.#clearExisting("symlink", rel, path);
    this.#forget(rel);
    this.#created(rel, false); // made in finish(); nothing is there until then
    this.#pendingLinks.delete(rel); // re-insert: keep entry order
    this.#pendingLinks.set(rel, target);
  }

  async #extractFile(entry: CentralEntry, rel: string, path: string): Promise<void> {
    const options = { write: true, createNew: true, mode: 0o600 };
    let file: Deno.FsFile;
    try {
      file = Deno.openSync(path, options);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      if (this.#clearExisting("file", rel, path) === "skip") return;
      file = Deno.openSync(path, options);
    }
    this.#created(rel, false);
    try {
      await readEntryData(this.#source, entry, (chunk) => writeAllSync(file, chunk));
      file.utimeSync(entry.mtime, entry.mtime);
    } finally {
      file.close();
    }
    Deno.chmodSync(path, entry.mode & 0o7777);
  }
}
