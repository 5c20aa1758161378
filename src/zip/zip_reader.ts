/**
 * Zip extraction with the semantics of ansible-runner's `unstream_dir`
 * (protocol §1.4), minus its path-traversal holes.
 *
 * The archive is read through its central directory (like Python's
 * `zipfile`), so data descriptors are irrelevant; stored and deflated
 * entries, zip64 extra fields and records, the UTF-8 name flag and cp437
 * names are supported. Entry data is streamed: memory does not grow with
 * the size of an entry.
 *
 * Refused before anything is written: absolute names, `..` components,
 * NUL bytes, and the private data dir rules of `pdd_rules.ts` (no symlink
 * at or below `artifacts`, `env` or `inventory`; no top-level name starting
 * with `.tachyon-`). Refused while writing: a path through a symlink (made
 * by the zip or already there), and expansion past the limits of
 * `limits.ts` (bytes really inflated are counted, not header sizes). A
 * failed or canceled extraction removes every file, directory and link it
 * created, and nothing that was in the target before.
 *
 * @module
 */

import { writeAllSync } from "../io/mod.ts";
import { crc32 } from "./crc32.ts";
import { UnsafeZipEntryError, ZipFormatError } from "./errors.ts";
import { ExpansionBudget, type ExpansionLimits } from "./limits.ts";
import { pddEntryRefusal } from "./pdd_rules.ts";
import { createSymlinks } from "./symlinks.ts";
import { createZlibPump, ZlibError, type ZlibPump } from "./zlib_stream.ts";

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const END_SIZE = 22;
const END64_SIZE = 56;
const END64_LOCATOR_SIZE = 20;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;

const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8 = 0x800;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
/** Linux PATH_MAX: no symlink target can be longer. */
const MAX_LINK_TARGET = 4096;

/** Size of the read window (entry data is read in pieces of at most this). */
const IO_CHUNK = 1 << 20;
/**
 * Compressed bytes given to the inflater at once: at deflate's ~1000× worst
 * case that is 16 MiB of output between two chances to yield and to see a
 * cancel, and the limits are checked on every output piece anyway.
 */
const INFLATE_PIECE = 16 * 1024;
const EMPTY = new Uint8Array(0);
/** Give timers a chance to run at least this often (ms) during extraction. */
const YIELD_EVERY_MS = 50;

/** cp437 code points of bytes 0x80–0xFF (bytes below 0x80 are ASCII). */
const CP437_HIGH = "\u00c7\u00fc\u00e9\u00e2\u00e4\u00e0\u00e5\u00e7\u00ea\u00eb\u00e8\u00ef" +
  "\u00ee\u00ec\u00c4\u00c5\u00c9\u00e6\u00c6\u00f4\u00f6\u00f2\u00fb\u00f9\u00ff\u00d6" +
  "\u00dc\u00a2\u00a3\u00a5\u20a7\u0192\u00e1\u00ed\u00f3\u00fa\u00f1\u00d1\u00aa\u00ba" +
  "\u00bf\u2310\u00ac\u00bd\u00bc\u00a1\u00ab\u00bb\u2591\u2592\u2593\u2502\u2524\u2561" +
  "\u2562\u2556\u2555\u2563\u2551\u2557\u255d\u255c\u255b\u2510\u2514\u2534\u252c\u251c" +
  "\u2500\u253c\u255e\u255f\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u2567\u2568\u2564" +
  "\u2565\u2559\u2558\u2552\u2553\u256b\u256a\u2518\u250c\u2588\u2584\u258c\u2590\u2580" +
  "\u03b1\u00df\u0393\u03c0\u03a3\u03c3\u00b5\u03c4\u03a6\u0398\u03a9\u03b4\u221e\u03c6" +
  "\u03b5\u2229\u2261\u00b1\u2265\u2264\u2320\u2321\u00f7\u2248\u00b0\u2219\u00b7\u221a" +
  "\u207f\u00b2\u25a0\u00a0";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** What an entry becomes on disk. */
type EntryKind = "file" | "dir" | "symlink";

/** One central directory record, decoded. */
interface CentralEntry {
  name: string;
  /** Path components below the target (no "", "." or ".."); empty = the target itself. */
  parts: string[];
  kind: EntryKind;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Unix mode: `external_attr >> 16`. */
  mode: number;
  /** Seconds since the epoch of the DOS date/time read as local time. */
  mtime: number;
  headerOffset: number;
}

function decodeName(raw: Uint8Array, flags: number): string {
  if (flags & FLAG_UTF8) {
    try {
      return utf8.decode(raw);
    } catch {
      throw new ZipFormatError("Entry name flagged UTF-8 is not valid UTF-8");
    }
  }
  let name = "";
  for (const byte of raw) {
    name += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
  }
  return name;
}

/** `time.mktime(date_time + (0, 0, -1))`: the DOS fields read as local time. */
function dosToEpochSeconds(time: number, date: number): number {
  const year = (date >> 9) + 1980;
  const month = (date >> 5) & 0xf;
  const day = date & 0x1f;
  const hour = time >> 11;
  const minute = (time >> 5) & 0x3f;
  const second = (time & 0x1f) * 2;
  return new Date(year, month - 1, day, hour, minute, second).getTime() / 1000;
}

/**
 * Splits an entry name into safe path components or throws
 * {@linkcode UnsafeZipEntryError}. Empty and `.` components are dropped
 * (the `./name` form `stream_dir` writes for top-level symlinks).
 */
function safeParts(name: string): string[] {
  if (name.includes("\0")) throw new UnsafeZipEntryError(name, "it contains a NUL byte");
  if (name.startsWith("/")) throw new UnsafeZipEntryError(name, "it is an absolute path");
  const parts: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") throw new UnsafeZipEntryError(name, "it has a '..' component");
    parts.push(part);
  }
  return parts;
}

/** Random access to the zip file through a read window (sequential access is cheap). */
class ZipFileReader {
  readonly file: Deno.FsFile;
  readonly size: number;
  #window = new Uint8Array(IO_CHUNK);
  #windowStart = 0;
  #windowLength = 0;

  constructor(file: Deno.FsFile, size: number) {
    this.file = file;
    this.size = size;
  }

  /** Reads exactly `buffer.length` bytes at `position` (or throws ZipFormatError). */
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

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function uint64(data: DataView, offset: number): number {
  const value = data.getBigUint64(offset, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError("Zip64 value too large");
  return Number(value);
}

/** Python's `_EndRecData`: locates the end record, following a zip64 locator. */
function readEndRecord(reader: ZipFileReader): {
  count: number;
  cdSize: number;
  cdOffset: number;
  location: number;
  zip64: boolean;
} {
  if (reader.size < END_SIZE) throw new ZipFormatError("File is not a zip file");
  const tailStart = Math.max(0, reader.size - END_SIZE - MAX_COMMENT);
  const tail = reader.readAt(tailStart, reader.size - tailStart).slice();
  let found = -1;
  const last = tail.length - END_SIZE;
  const fast = view(tail);
  if (fast.getUint32(last, true) === SIG_END && fast.getUint16(last + 20, true) === 0) {
    found = last;
  } else {
    for (let i = last; i >= 0; i--) {
      if (tail[i] === 0x50 && fast.getUint32(i, true) === SIG_END) {
        found = i;
        break;
      }
    }
  }
  if (found < 0) throw new ZipFormatError("File is not a zip file");
  const location = tailStart + found;
  let count = fast.getUint16(found + 10, true);
  let cdSize = fast.getUint32(found + 12, true);
  let cdOffset = fast.getUint32(found + 16, true);
  let zip64 = false;
  if (location >= END64_LOCATOR_SIZE + END64_SIZE) {
    const locator = view(reader.readAt(location - END64_LOCATOR_SIZE, END64_LOCATOR_SIZE).slice());
    if (locator.getUint32(0, true) === SIG_END64_LOCATOR) {
      if (locator.getUint32(4, true) !== 0 || locator.getUint32(16, true) > 1) {
        throw new ZipFormatError("zipfiles that span multiple disks are not supported");
      }
      const start = location - END64_LOCATOR_SIZE - END64_SIZE;
      const record = view(reader.readAt(start, END64_SIZE).slice());
      if (record.getUint32(0, true) === SIG_END64) {
        count = uint64(record, 32);
        cdSize = uint64(record, 40);
        cdOffset = uint64(record, 48);
        zip64 = true;
      }
    }
  }
  return { count, cdSize, cdOffset, location, zip64 };
}

/** Python's `_RealGetContents` + `_decodeExtra`, with our name checks. */
function readCentralDirectory(reader: ZipFileReader): CentralEntry[] {
  const end = readEndRecord(reader);
  // "concat" is non-zero when the zip was appended to other data.
  let concat = end.location - end.cdSize - end.cdOffset;
  if (end.zip64) concat -= END64_SIZE + END64_LOCATOR_SIZE;
  const start = end.cdOffset + concat;
  if (start < 0 || concat < 0) throw new ZipFormatError("Bad offset for central directory");
  const cd = reader.readAt(start, end.cdSize).slice();
  const data = view(cd);
  const entries: CentralEntry[] = [];
  let pos = 0;
  while (pos < cd.length) {
    if (pos + CENTRAL_SIZE > cd.length) throw new ZipFormatError("Truncated central directory");
    if (data.getUint32(pos, true) !== SIG_CENTRAL) {
      throw new ZipFormatError("Bad magic number for central directory");
    }
    const flags = data.getUint16(pos + 8, true);
    const method = data.getUint16(pos + 10, true);
    const time = data.getUint16(pos + 12, true);
    const date = data.getUint16(pos + 14, true);
    const crc = data.getUint32(pos + 16, true);
    let compressedSize = data.getUint32(pos + 20, true);
    let size = data.getUint32(pos + 24, true);
    const nameLength = data.getUint16(pos + 28, true);
    const extraLength = data.getUint16(pos + 30, true);
    const commentLength = data.getUint16(pos + 32, true);
    const externalAttr = data.getUint32(pos + 38, true);
    let headerOffset = data.getUint32(pos + 42, true);
    const nameStart = pos + CENTRAL_SIZE;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > cd.length) throw new ZipFormatError("Truncated central directory");
    const name = decodeName(cd.subarray(nameStart, extraStart), flags);
    for (let x = extraStart; x + 4 <= extraStart + extraLength;) {
      const id = data.getUint16(x, true);
      const length = data.getUint16(x + 2, true);
      if (x + 4 + length > extraStart + extraLength) {
        throw new ZipFormatError(`Corrupt extra field ${id.toString(16).padStart(4, "0")}`);
      }
      if (id === 0x0001) {
        let field = x + 4;
        const fieldEnd = field + length;
        const take = (what: string): number => {
          if (field + 8 > fieldEnd) {
            throw new ZipFormatError(`Corrupt zip64 extra field. ${what} not found.`);
          }
          const value = uint64(data, field);
          field += 8;
          return value;
        };
        if (size === 0xffffffff) size = take("File size");
        if (compressedSize === 0xffffffff) compressedSize = take("Compress size");
        if (headerOffset === 0xffffffff) headerOffset = take("Header offset");
      }
      x += 4 + length;
    }
    const mode = externalAttr >>> 16;
    const kind: EntryKind = name.endsWith("/")
      ? "dir"
      : (mode & S_IFMT) === S_IFLNK
      ? "symlink"
      : "file";
    const parts = safeParts(name);
    const refusal = pddEntryRefusal(parts, kind);
    if (refusal !== undefined) throw new UnsafeZipEntryError(name, refusal);
    entries.push({
      name,
      parts,
      kind,
      flags,
      method,
      crc,
      compressedSize,
      size,
      mode,
      mtime: dosToEpochSeconds(time, date),
      headerOffset: headerOffset + concat,
    });
    pos = next;
  }
  return entries;
}

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
 */
class Extractor {
  readonly #reader: ZipFileReader;
  readonly #target: string;
  readonly #inflater: ZlibPump;
  readonly #budget: ExpansionBudget;
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

  constructor(
    reader: ZipFileReader,
    target: string,
    inflater: ZlibPump,
    budget: ExpansionBudget,
    signal: AbortSignal | undefined,
  ) {
    this.#reader = reader;
    this.#target = target;
    this.#inflater = inflater;
    this.#budget = budget;
    this.#signal = signal;
  }

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

  /** Makes the symlinks, then applies the deferred modes and mtimes of directories (deepest first). */
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
    await this.#readData(entry, (chunk) => {
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
      await this.#readData(entry, (chunk) => writeAllSync(file, chunk));
      file.utimeSync(entry.mtime, entry.mtime);
    } finally {
      file.close();
    }
    Deno.chmodSync(path, entry.mode & 0o7777);
  }

  /** Checks the local header (like Python) and returns the data offset. */
  #dataStart(entry: CentralEntry): number {
    if (entry.flags & FLAG_ENCRYPTED) {
      throw new ZipFormatError(`File ${JSON.stringify(entry.name)} is encrypted`);
    }
    if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATED) {
      throw new ZipFormatError(
        `Compression method ${entry.method} of ${JSON.stringify(entry.name)} is not supported`,
      );
    }
    const header = view(this.#reader.readAt(entry.headerOffset, LOCAL_SIZE));
    if (header.getUint32(0, true) !== SIG_LOCAL) {
      throw new ZipFormatError("Bad magic number for file header");
    }
    const flags = header.getUint16(6, true);
    const nameLength = header.getUint16(26, true);
    const extraLength = header.getUint16(28, true);
    const nameStart = entry.headerOffset + LOCAL_SIZE;
    const localName = decodeName(this.#reader.readAt(nameStart, nameLength), flags);
    if (localName !== entry.name) {
      throw new ZipFormatError(
        `File name in directory ${JSON.stringify(entry.name)} and header ${
          JSON.stringify(localName)
        } differ.`,
      );
    }
    const start = nameStart + nameLength + extraLength;
    if (start + entry.compressedSize > this.#reader.size) {
      throw new ZipFormatError(`Truncated data of ${JSON.stringify(entry.name)}`);
    }
    return start;
  }

  /**
   * Streams the entry's content (inflated, size- and CRC-checked) to `sink`
   * in pieces that are only valid during the call. Memory stays flat: reads
   * go through the read window, inflation into the pump's reused buffer.
   */
  async #readData(entry: CentralEntry, sink: (chunk: Uint8Array) => void): Promise<void> {
    const start = this.#dataStart(entry);
    let size = 0;
    let crc = 0;
    const checked = (chunk: Uint8Array) => {
      size += chunk.length;
      if (size > entry.size) {
        throw new ZipFormatError(
          `File ${JSON.stringify(entry.name)} is larger than the ${entry.size} bytes recorded`,
        );
      }
      this.#budget.produce(chunk.length);
      crc = crc32(chunk, crc);
      sink(chunk);
    };
    // Like Python: an empty deflated entry needs no deflate data at all.
    const stored = entry.method === METHOD_STORED || entry.compressedSize === 0;
    if (!stored) this.#inflater.begin(checked);
    let done = 0;
    do {
      const length = Math.min(stored ? IO_CHUNK : INFLATE_PIECE, entry.compressedSize - done);
      const raw = length > 0 ? this.#reader.readAt(start + done, length) : EMPTY;
      done += length;
      this.#budget.consume(length);
      if (stored) {
        checked(raw);
      } else {
        const final = done === entry.compressedSize;
        try {
          await this.#inflater.write(raw, final);
        } catch (error) {
          if (!(error instanceof ZlibError)) throw error;
          // Python does not insist on the final deflate block: size and CRC decide.
          if (!(final && error.message === "unexpected end of file")) {
            throw new ZipFormatError(
              `Cannot inflate ${JSON.stringify(entry.name)}: ${error.message}`,
            );
          }
        }
      }
      await this.#maybeYield();
    } while (done < entry.compressedSize);
    if (size !== entry.size) {
      throw new ZipFormatError(
        `File ${JSON.stringify(entry.name)} has ${size} bytes, the directory says ${entry.size}`,
      );
    }
    if (crc !== entry.crc) {
      throw new ZipFormatError(`Bad CRC-32 for file ${JSON.stringify(entry.name)}`);
    }
  }
}

/**
 * Extracts the zip at `zipPath` into `targetDir` (created with mode 0700 if
 * missing, like `os.makedirs`), with the semantics of ansible-runner's
 * `unstream_dir` (protocol §1.4):
 *
 * - entries in central-directory order; mode from `external_attr >> 16`
 *   (mode 0 when absent, as Python does); mtime from the DOS date/time read
 *   in local time;
 * - symlink entries (`S_IFLNK` in the mode) become symlinks whose target is
 *   the entry content (absolute targets such as `/bin` are fine);
 * - an existing symlink or special file (FIFO…) at an entry path is removed
 *   first; an existing directory makes a file or directory entry skip (no
 *   chmod, no utime); existing unrelated files are kept.
 *
 * Safer than the reference: absolute names and `..` components are refused
 * before anything is written (`./name` is accepted), symlinks are never
 * followed (a file entry over an existing symlink replaces the symlink; a
 * parent component that is a symlink is an error) and nothing is written
 * outside `targetDir`. An existing FIFO at a file entry's path is replaced
 * by the file (the reference leaves the file out).
 *
 * Symlinks are created after the other entries, all at once by one child
 * process (`tar`, else `ln -s`, through `/bin/sh`: `Deno.symlink` needs
 * unscoped permissions); then
 * directory modes and mtimes are applied, so read-only directories extract
 * too. Entry data is streamed with flat memory (no whole-entry buffers).
 *
 * Also refused, before anything is written: entries that break the
 * private data dir rules of `pdd_rules.ts` (a symlink at or below
 * `artifacts`, `env` or `inventory`; a top-level `.tachyon-*` name), and
 * archives whose headers already claim more than the expansion limits
 * allow. While inflating, the bytes really produced are counted against the
 * limits (`options.limits`, default 4 GiB in total and 200× past 128 MiB).
 * When anything fails, or `options.signal` aborts (checked at least every
 * 50 ms), everything this extraction created is removed before the promise
 * rejects; what was in `targetDir` before stays.
 *
 * @returns the number of entries in the zip
 * @throws {ZipFormatError} bad or truncated zip, bad CRC, unsupported entry
 * @throws {UnsafeZipEntryError} an entry that would escape `targetDir` or break the pdd rules
 * @throws {ZipLimitError} the archive expands past a limit
 * @throws {SymlinkError} the symlinks could not be created
 * @throws the signal's reason when `options.signal` aborts
 *
 * @example
 * ```ts
 * const entries = await extractZip("/tmp/payload.zip", "/runner");
 * ```
 */
export async function extractZip(
  zipPath: string,
  targetDir: string,
  options: ExtractOptions = {},
): Promise<number> {
  options.signal?.throwIfAborted();
  const budget = options.budget ?? new ExpansionBudget(options.limits);
  const file = await Deno.open(zipPath, { read: true });
  try {
    const reader = new ZipFileReader(file, (await file.stat()).size);
    const entries = readCentralDirectory(reader);
    budget.checkDeclared(declaredBytes(entries), reader.size);
    const target = targetDir.length > 1 ? targetDir.replace(/\/+$/, "") : targetDir;
    await Deno.mkdir(target, { recursive: true, mode: 0o700 });
    const inflater = createZlibPump("inflate");
    const extractor = new Extractor(
      reader,
      target === "/" ? "" : target,
      inflater,
      budget,
      options.signal,
    );
    try {
      for (const entry of entries) await extractor.extract(entry);
      await extractor.finish();
    } catch (error) {
      inflater.close();
      await extractor.removeCreated();
      throw error;
    }
    inflater.close();
    return entries.length;
  } finally {
    file.close();
  }
}

/** What the entries' headers say they expand to (directories count 0). */
function declaredBytes(entries: CentralEntry[]): number {
  let total = 0;
  for (const entry of entries) if (entry.kind !== "dir") total += entry.size;
  return total;
}

/**
 * Options of {@linkcode extractZip}.
 *
 * @example
 * ```ts
 * const options: ExtractOptions = { limits: { maxBytes: 2 ** 30, maxRatio: 0, ratioAfterBytes: 0 } };
 * ```
 */
export interface ExtractOptions {
  /** Stops the extraction (it then removes what it wrote and rejects with the reason). */
  signal?: AbortSignal;
  /** Expansion limits (default: `DEFAULT_EXPANSION_LIMITS`); ignored when `budget` is given. */
  limits?: Readonly<ExpansionLimits>;
  /** A budget shared with other extractions (e.g. every payload of one stream). */
  budget?: ExpansionBudget;
}
