/**
 * The central directory of a zip, read like Python's `zipfile` does
 * (`_EndRecData`, `_RealGetContents`, `_decodeExtra`): the end record
 * (following a zip64 locator), then one {@linkcode CentralEntry} per
 * record, each name checked against the target-escape and private data dir
 * rules before anything is written.
 *
 * @module
 */

import { dosToEpochSeconds } from "./dos_time.ts";
import { decodeName, safeParts } from "./entry_name.ts";
import { UnsafeZipEntryError, ZipFormatError } from "./errors.ts";
import { pddEntryRefusal } from "./pdd_rules.ts";
import { RECORD_SIZE, SIGNATURE } from "./zip_format.ts";
import { dataViewOf, type ZipFileReader } from "./zip_file_reader.ts";

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * What an entry becomes on disk.
 *
 * @example
 * ```ts
 * import type { EntryKind } from "./central_directory.ts";
 *
 * const kind: EntryKind = "symlink";
 * ```
 */
export type EntryKind = "file" | "dir" | "symlink";

/**
 * One central directory record, decoded.
 *
 * @example
 * ```ts
 * import type { CentralEntry } from "./central_directory.ts";
 *
 * const entry: CentralEntry = {
 *   name: "env/extravars",
 *   parts: ["env", "extravars"],
 *   kind: "file",
 *   flags: 0,
 *   method: 8,
 *   crc: 0,
 *   compressedSize: 2,
 *   size: 0,
 *   mode: 0o100600,
 *   mtime: 0,
 *   headerOffset: 0,
 * };
 * ```
 */
export interface CentralEntry {
  /** The name as stored (decoded). */
  name: string;
  /** Path components below the target (no "", "." or ".."); empty = the target itself. */
  parts: string[];
  /** What the entry becomes on disk. */
  kind: EntryKind;
  /** General purpose flags. */
  flags: number;
  /** Compression method. */
  method: number;
  /** CRC-32 of the content. */
  crc: number;
  /** Size of the stored data. */
  compressedSize: number;
  /** Size of the content. */
  size: number;
  /** Unix mode: `external_attr >> 16`. */
  mode: number;
  /** Seconds since the epoch of the DOS date/time read as local time. */
  mtime: number;
  /** Offset of the local header in the file (past data the zip was appended to). */
  headerOffset: number;
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
  if (reader.size < RECORD_SIZE.end) throw new ZipFormatError("File is not a zip file");
  const tailStart = Math.max(0, reader.size - RECORD_SIZE.end - RECORD_SIZE.maxComment);
  const tail = reader.readAt(tailStart, reader.size - tailStart).slice();
  let found = -1;
  const last = tail.length - RECORD_SIZE.end;
  const fast = dataViewOf(tail);
  if (fast.getUint32(last, true) === SIGNATURE.end && fast.getUint16(last + 20, true) === 0) {
    found = last;
  } else {
    for (let i = last; i >= 0; i--) {
      if (tail[i] === 0x50 && fast.getUint32(i, true) === SIGNATURE.end) {
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
  if (location >= RECORD_SIZE.end64Locator + RECORD_SIZE.end64) {
    const locator = dataViewOf(
      reader.readAt(location - RECORD_SIZE.end64Locator, RECORD_SIZE.end64Locator).slice(),
    );
    if (locator.getUint32(0, true) === SIGNATURE.end64Locator) {
      if (locator.getUint32(4, true) !== 0 || locator.getUint32(16, true) > 1) {
        throw new ZipFormatError("zipfiles that span multiple disks are not supported");
      }
      const start = location - RECORD_SIZE.end64Locator - RECORD_SIZE.end64;
      const record = dataViewOf(reader.readAt(start, RECORD_SIZE.end64).slice());
      if (record.getUint32(0, true) === SIGNATURE.end64) {
        count = uint64(record, 32);
        cdSize = uint64(record, 40);
        cdOffset = uint64(record, 48);
        zip64 = true;
      }
    }
  }
  return { count, cdSize, cdOffset, location, zip64 };
}

/**
 * Python's `_RealGetContents` + `_decodeExtra`, with our name checks.
 *
 * @throws {ZipFormatError} not a zip, truncated or corrupt records
 * @throws {UnsafeZipEntryError} a name that escapes the target or breaks the pdd rules
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ZipFormatError } from "./errors.ts";
 * import { readCentralDirectory } from "./central_directory.ts";
 * import { ZipFileReader } from "./zip_file_reader.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeFile(path, new Uint8Array(22)); // 22 zero bytes: no end record
 * using file = await Deno.open(path);
 * assert.throws(() => readCentralDirectory(new ZipFileReader(file, 22)), ZipFormatError);
 * await Deno.remove(path);
 * ```
 */
export function readCentralDirectory(reader: ZipFileReader): CentralEntry[] {
  const end = readEndRecord(reader);
  // "concat" is non-zero when the zip was appended to other data.
  let concat = end.location - end.cdSize - end.cdOffset;
  if (end.zip64) concat -= RECORD_SIZE.end64 + RECORD_SIZE.end64Locator;
  const start = end.cdOffset + concat;
  if (start < 0 || concat < 0) throw new ZipFormatError("Bad offset for central directory");
  const cd = reader.readAt(start, end.cdSize).slice();
  const data = dataViewOf(cd);
  const entries: CentralEntry[] = [];
  let pos = 0;
  while (pos < cd.length) {
    if (pos + RECORD_SIZE.central > cd.length) {
      throw new ZipFormatError("Truncated central directory");
    }
    if (data.getUint32(pos, true) !== SIGNATURE.central) {
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
    const nameStart = pos + RECORD_SIZE.central;
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

/**
 * What the entries' headers say they expand to (directories count 0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { CentralEntry } from "./central_directory.ts";
 * import { declaredBytes } from "./central_directory.ts";
 *
 * const file = { kind: "file", size: 5 } as CentralEntry;
 * const dir = { kind: "dir", size: 9 } as CentralEntry;
 * assert.equal(declaredBytes([file, dir, file]), 10);
 * ```
 */
export function declaredBytes(entries: CentralEntry[]): number {
  let total = 0;
  for (const entry of entries) if (entry.kind !== "dir") total += entry.size;
  return total;
}
