/**
 * Zips a directory exactly like ansible-runner's `stream_dir` (protocol §1.3),
 * i.e. like Python's `zipfile.ZipFile(…, "w", ZIP_DEFLATED, allowZip64=True,
 * strict_timestamps=False)` fed by an `os.walk`. File contents are streamed.
 *
 * @module
 */

import { writeAllSync } from "../io/mod.ts";
import { crc32 } from "./crc32.ts";
import { ZipFormatError } from "./errors.ts";
import type { ZlibPump } from "./zlib_stream.ts";
import { createZlibPump } from "./zlib_stream.ts";

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
/** Python's `ZIP64_LIMIT` (sic: 2 GiB - 1, not 4 GiB - 1). */
const ZIP64_LIMIT = 2 ** 31 - 1;
const ZIP_FILECOUNT_LIMIT = 0xffff;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
const CREATE_SYSTEM_UNIX = 3;
const FLAG_UTF8 = 0x800;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
/** `0o120777 << 16`: what `stream_dir` stores for symlinks. */
const SYMLINK_ATTR = 0o120777 * 0x10000;
/** DOS 1980-01-01 00:00:00 (the default `ZipInfo` date). */
const DOS_EPOCH = { time: 0, date: (1 << 5) | 1 };

/** File read buffer (reused). */
const IO_CHUNK = 1 << 20;
/** Output buffer (reused): small entries' headers are patched in memory. */
const OUTPUT_BUFFER = 1 << 20;
/** Give timers a chance to run at least this often (ms). */
const YIELD_EVERY_MS = 50;
const EMPTY = new Uint8Array(0);

const utf8 = new TextEncoder();

/** What the central directory needs to know about a written entry. */
interface WrittenEntry {
  name: Uint8Array;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  externalAttr: number;
  headerOffset: number;
  /** The local header needed zip64 sizes (which bumps the entry's versions to 4.5). */
  localVersion: number;
}

/** `time.localtime(mtime)` clamped into 1980…2107 (`strict_timestamps=False`), as DOS fields. */
function dosDateTime(mtime: Date | null): { time: number; date: number } {
  if (mtime === null) return DOS_EPOCH;
  const local = new Date(Math.floor(mtime.getTime() / 1000) * 1000);
  const year = local.getFullYear();
  if (year < 1980) return DOS_EPOCH;
  if (year > 2107) {
    return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  }
  return {
    time: (local.getHours() << 11) | (local.getMinutes() << 5) | (local.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((local.getMonth() + 1) << 5) | local.getDate(),
  };
}

/** `ZipInfo._encodeFilenameFlags`: ASCII as is, otherwise UTF-8 with flag bit 11. */
function encodeName(name: string): { bytes: Uint8Array; flags: number } {
  // deno-lint-ignore no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(name);
  return { bytes: utf8.encode(name), flags: ascii ? 0 : FLAG_UTF8 };
}

/** Buffered, position-tracking output that can patch bytes already written. */
class ZipOutput {
  readonly #file: Deno.FsFile;
  readonly #buffer = new Uint8Array(OUTPUT_BUFFER);
  #used = 0;
  /** File offset of `#buffer[0]`. */
  #flushed = 0;

  constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  get position(): number {
    return this.#flushed + this.#used;
  }

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

  /** Overwrites bytes at absolute `offset` (which must already be written). */
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

  flush(): void {
    this.#writeFile(this.#buffer.subarray(0, this.#used));
    this.#flushed += this.#used;
    this.#used = 0;
  }

  #writeFile(data: Uint8Array): void {
    writeAllSync(this.#file, data);
  }
}

/** Python's `ZipInfo.FileHeader(zip64)`. */
function localHeader(entry: WrittenEntry, zip64: boolean): Uint8Array {
  const overflow = entry.size > ZIP64_LIMIT || entry.compressedSize > ZIP64_LIMIT;
  if (overflow && !zip64) {
    throw new ZipFormatError("File size unexpectedly exceeded ZIP64 limit");
  }
  const extraLength = zip64 ? 20 : 0;
  const header = new Uint8Array(30 + entry.name.length + extraLength);
  const data = new DataView(header.buffer);
  data.setUint32(0, SIG_LOCAL, true);
  data.setUint16(4, overflow ? VERSION_ZIP64 : entry.localVersion, true);
  data.setUint16(6, entry.flags, true);
  data.setUint16(8, entry.method, true);
  data.setUint16(10, entry.time, true);
  data.setUint16(12, entry.date, true);
  data.setUint32(14, entry.crc, true);
  data.setUint32(18, overflow ? 0xffffffff : entry.compressedSize, true);
  data.setUint32(22, overflow ? 0xffffffff : entry.size, true);
  data.setUint16(26, entry.name.length, true);
  data.setUint16(28, extraLength, true);
  header.set(entry.name, 30);
  if (zip64) {
    const extra = 30 + entry.name.length;
    data.setUint16(extra, 0x0001, true);
    data.setUint16(extra + 2, 16, true);
    data.setBigUint64(extra + 4, BigInt(entry.size), true);
    data.setBigUint64(extra + 12, BigInt(entry.compressedSize), true);
  }
  if (overflow) entry.localVersion = VERSION_ZIP64;
  return header;
}

/** Python's central directory record (`ZipFile._write_end_record`). */
function centralHeader(entry: WrittenEntry): Uint8Array {
  const zip64Values: number[] = [];
  let size = entry.size;
  let compressedSize = entry.compressedSize;
  let headerOffset = entry.headerOffset;
  if (size > ZIP64_LIMIT || compressedSize > ZIP64_LIMIT) {
    zip64Values.push(size, compressedSize);
    size = 0xffffffff;
    compressedSize = 0xffffffff;
  }
  if (headerOffset > ZIP64_LIMIT) {
    zip64Values.push(headerOffset);
    headerOffset = 0xffffffff;
  }
  const extraLength = zip64Values.length ? 4 + 8 * zip64Values.length : 0;
  const version = zip64Values.length ? VERSION_ZIP64 : entry.localVersion;
  const record = new Uint8Array(46 + entry.name.length + extraLength);
  const data = new DataView(record.buffer);
  data.setUint32(0, SIG_CENTRAL, true);
  data.setUint8(4, version);
  data.setUint8(5, CREATE_SYSTEM_UNIX);
  data.setUint16(6, version, true);
  data.setUint16(8, entry.flags, true);
  data.setUint16(10, entry.method, true);
  data.setUint16(12, entry.time, true);
  data.setUint16(14, entry.date, true);
  data.setUint32(16, entry.crc, true);
  data.setUint32(20, compressedSize, true);
  data.setUint32(24, size, true);
  data.setUint16(28, entry.name.length, true);
  data.setUint16(30, extraLength, true);
  // comment length, disk number start, internal attributes: 0
  data.setUint32(38, entry.externalAttr >>> 0, true);
  data.setUint32(42, headerOffset, true);
  record.set(entry.name, 46);
  if (extraLength) {
    const extra = 46 + entry.name.length;
    data.setUint16(extra, 0x0001, true);
    data.setUint16(extra + 2, 8 * zip64Values.length, true);
    zip64Values.forEach((value, i) => data.setBigUint64(extra + 4 + 8 * i, BigInt(value), true));
  }
  return record;
}

/** End records: zip64 end record + locator when needed, then the classic end record. */
function endRecords(count: number, cdOffset: number, cdSize: number): Uint8Array {
  const zip64 = count > ZIP_FILECOUNT_LIMIT || cdOffset > ZIP64_LIMIT || cdSize > ZIP64_LIMIT;
  const out = new Uint8Array((zip64 ? 56 + 20 : 0) + 22);
  const data = new DataView(out.buffer);
  let pos = 0;
  if (zip64) {
    data.setUint32(0, SIG_END64, true);
    data.setBigUint64(4, 44n, true);
    data.setUint16(12, VERSION_ZIP64, true);
    data.setUint16(14, VERSION_ZIP64, true);
    // disk numbers: 0
    data.setBigUint64(24, BigInt(count), true);
    data.setBigUint64(32, BigInt(count), true);
    data.setBigUint64(40, BigInt(cdSize), true);
    data.setBigUint64(48, BigInt(cdOffset), true);
    data.setUint32(56, SIG_END64_LOCATOR, true);
    data.setBigUint64(64, BigInt(cdOffset + cdSize), true);
    data.setUint32(72, 1, true);
    pos = 76;
  }
  data.setUint32(pos, SIG_END, true);
  data.setUint16(pos + 8, Math.min(count, 0xffff), true);
  data.setUint16(pos + 10, Math.min(count, 0xffff), true);
  data.setUint32(pos + 12, Math.min(cdSize, 0xffffffff), true);
  data.setUint32(pos + 16, Math.min(cdOffset, 0xffffffff), true);
  return out;
}

/** Writes entries the way Python's `ZipFile` does on a seekable file. */
class ZipBuilder {
  readonly #out: ZipOutput;
  readonly #entries: WrittenEntry[] = [];
  readonly #deflater: ZlibPump;
  readonly #input = new Uint8Array(IO_CHUNK);
  #lastYield = performance.now();

  constructor(file: Deno.FsFile, deflater: ZlibPump) {
    this.#out = new ZipOutput(file);
    this.#deflater = deflater;
  }

  #newEntry(
    name: string,
    method: number,
    externalAttr: number,
    when: { time: number; date: number },
  ): WrittenEntry {
    const encoded = encodeName(name);
    return {
      name: encoded.bytes,
      flags: encoded.flags,
      method,
      time: when.time,
      date: when.date,
      crc: 0,
      compressedSize: 0,
      size: 0,
      externalAttr,
      headerOffset: this.#out.position,
      localVersion: VERSION_DEFAULT,
    };
  }

  /** `writestr(ZipInfo(name), content)`: stored, date 1980-01-01 (used for symlinks). */
  addStored(name: string, externalAttr: number, content: Uint8Array): void {
    const entry = this.#newEntry(name, METHOD_STORED, externalAttr, DOS_EPOCH);
    entry.crc = crc32(content);
    entry.size = entry.compressedSize = content.length;
    this.#out.write(localHeader(entry, content.length * 1.05 > ZIP64_LIMIT));
    this.#out.write(content);
    this.#entries.push(entry);
  }

  /** `write(dir)`: `"name/"`, stored, empty, attr `mode << 16 | 0x10`. */
  addDirectory(name: string, info: Deno.FileInfo): void {
    const attr = ((info.mode ?? 0) & 0xffff) * 0x10000 + 0x10;
    const entry = this.#newEntry(`${name}/`, METHOD_STORED, attr, dosDateTime(info.mtime));
    this.#out.write(localHeader(entry, false));
    this.#entries.push(entry);
  }

  /** `write(file)`: deflated, attr `mode << 16`, contents streamed through reused buffers. */
  async addFile(name: string, path: string, info: Deno.FileInfo): Promise<void> {
    const attr = ((info.mode ?? 0) & 0xffff) * 0x10000;
    const entry = this.#newEntry(name, METHOD_DEFLATED, attr, dosDateTime(info.mtime));
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

  /** Lets timers (keepalives) run now and then while zipping a large tree. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.#lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      this.#lastYield = performance.now();
    }
  }

  /** Central directory and end records; returns the archive size. */
  finish(): number {
    const cdOffset = this.#out.position;
    for (const entry of this.#entries) this.#out.write(centralHeader(entry));
    const cdSize = this.#out.position - cdOffset;
    this.#out.write(endRecords(this.#entries.length, cdOffset, cdSize));
    this.#out.flush();
    return this.#out.position;
  }
}

function lstatOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * `os.walk(top)` top-down without following symlinks: in each directory the
 * non-directories then the directories (symlinks to directories count as
 * directories but are not descended into), in filesystem order.
 */
async function walk(
  builder: ZipBuilder,
  top: string,
  rel: string,
): Promise<void> {
  let listing: Deno.DirEntry[];
  try {
    listing = [...Deno.readDirSync(top)];
  } catch {
    return; // os.walk ignores unreadable directories
  }
  const files: Deno.DirEntry[] = [];
  const dirs: Deno.DirEntry[] = [];
  const dirNames = new Set<string>();
  for (const entry of listing) {
    let isDir = entry.isDirectory;
    if (entry.isSymlink) {
      try {
        isDir = Deno.statSync(`${top}/${entry.name}`).isDirectory;
      } catch {
        isDir = false;
      }
    }
    if (isDir) {
      dirs.push(entry);
      dirNames.add(entry.name);
    } else {
      files.push(entry);
    }
  }
  const descend: string[] = [];
  for (const entry of [...files, ...dirs]) {
    await builder.maybeYield();
    const path = `${top}/${entry.name}`;
    const name = rel === "" ? entry.name : `${rel}/${entry.name}`;
    const info = lstatOrNull(path);
    if (info === null) continue; // vanished meanwhile
    if (info.isSymlink) {
      // stream_dir names symlinks os.path.join(relpath(dirpath), name): "./x" at the top.
      const linkName = rel === "" ? `./${entry.name}` : name;
      let target: string;
      try {
        target = Deno.readLinkSync(path);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) continue; // vanished meanwhile
        throw error;
      }
      builder.addStored(linkName, SYMLINK_ATTR, utf8.encode(target));
    } else if (info.isDirectory) {
      builder.addDirectory(name, info);
      if (dirNames.has(entry.name)) descend.push(entry.name);
    } else if (info.isFile) {
      await builder.addFile(name, path, info);
    }
    // FIFOs, sockets and devices are skipped.
  }
  for (const dir of descend) {
    await walk(builder, `${top}/${dir}`, rel === "" ? dir : `${rel}/${dir}`);
  }
}

/**
 * Zips `srcDir` (names relative to it) into `zipPath` exactly like
 * ansible-runner's `stream_dir` (protocol §1.3): top-down walk not following
 * symlinks; files deflated with `external_attr = (st_mode & 0xFFFF) << 16`,
 * version made by 0x0314 and the DOS time of the local-time mtime;
 * directories as `"name/"` entries with `| 0x10`; symlinks stored with
 * `0o120777 << 16` and the target text as content (`./name` at the top
 * level); FIFOs, sockets and devices skipped; UTF-8 flag for non-ASCII
 * names; zip64 where Python would use it. A missing `srcDir` gives an empty
 * (22-byte) zip, as `os.walk` yields nothing. File contents are streamed.
 *
 * @returns the size of the zip in bytes
 *
 * @example
 * ```ts
 * const size = await zipDirectory("/runner/artifacts/42", "/tmp/artifacts.zip");
 * ```
 */
export async function zipDirectory(srcDir: string, zipPath: string): Promise<number> {
  const file = Deno.openSync(zipPath, { write: true, create: true, truncate: true, mode: 0o600 });
  const deflater = createZlibPump("deflate");
  try {
    const builder = new ZipBuilder(file, deflater);
    await walk(builder, srcDir.length > 1 ? srcDir.replace(/\/+$/, "") : srcDir, "");
    return builder.finish();
  } finally {
    deflater.close();
    file.close();
  }
}
