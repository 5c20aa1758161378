/**
 * The records the zip writer emits, byte for byte as Python's `zipfile`
 * writes them: local headers (`ZipInfo.FileHeader`), central directory
 * records and end records (`ZipFile._write_end_record`), zip64 extras
 * included exactly where Python puts them.
 *
 * @module
 */

import { ZipFormatError } from "./errors.ts";
import { FLAG, SIGNATURE } from "./zip_format.ts";

/**
 * Python's `ZIP64_LIMIT` (sic: 2 GiB - 1, not 4 GiB - 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ZIP64_LIMIT } from "./zip_records.ts";
 *
 * assert.equal(ZIP64_LIMIT, 2147483647);
 * ```
 */
export const ZIP64_LIMIT = 2 ** 31 - 1;
const ZIP_FILECOUNT_LIMIT = 0xffff;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
const CREATE_SYSTEM_UNIX = 3;

const utf8 = new TextEncoder();

/**
 * What the central directory needs to know about a written entry.
 *
 * @example
 * ```ts
 * import { writtenEntry } from "./zip_records.ts";
 * import type { WrittenEntry } from "./zip_records.ts";
 *
 * const entry: WrittenEntry = writtenEntry("a.txt", 8, 0o100644 * 0x10000, { time: 0, date: 33 }, 0);
 * entry.size = 12;
 * ```
 */
export interface WrittenEntry {
  /** The encoded name. */
  name: Uint8Array;
  /** General purpose flags (the UTF-8 bit for non-ASCII names). */
  flags: number;
  /** Compression method. */
  method: number;
  /** DOS time. */
  time: number;
  /** DOS date. */
  date: number;
  /** CRC-32 of the content. */
  crc: number;
  /** Size of the stored data. */
  compressedSize: number;
  /** Size of the content. */
  size: number;
  /** External attributes (Unix mode << 16, | 0x10 for directories). */
  externalAttr: number;
  /** File offset of the local header. */
  headerOffset: number;
  /** The local header needed zip64 sizes (which bumps the entry's versions to 4.5). */
  localVersion: number;
}

/** `ZipInfo._encodeFilenameFlags`: ASCII as is, otherwise UTF-8 with flag bit 11. */
function encodeName(name: string): { bytes: Uint8Array; flags: number } {
  // deno-lint-ignore no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(name);
  return { bytes: utf8.encode(name), flags: ascii ? 0 : FLAG.utf8 };
}

/**
 * A new entry, empty so far (sizes and CRC are filled in as the data is written).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writtenEntry } from "./zip_records.ts";
 *
 * const entry = writtenEntry("café", 0, 0, { time: 0, date: 33 }, 100);
 * assert.equal(entry.flags, 0x800); // non-ASCII: UTF-8 flag
 * assert.equal(entry.headerOffset, 100);
 * ```
 */
export function writtenEntry(
  name: string,
  method: number,
  externalAttr: number,
  when: { time: number; date: number },
  headerOffset: number,
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
    headerOffset,
    localVersion: VERSION_DEFAULT,
  };
}

/**
 * Python's `ZipInfo.FileHeader(zip64)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { localHeader, writtenEntry } from "./zip_records.ts";
 *
 * const entry = writtenEntry("a.txt", 8, 0, { time: 0, date: 33 }, 0);
 * assert.equal(localHeader(entry, false).length, 30 + 5);
 * assert.equal(localHeader(entry, true).length, 30 + 5 + 20); // zip64 extra
 * ```
 */
export function localHeader(entry: WrittenEntry, zip64: boolean): Uint8Array {
  const overflow = entry.size > ZIP64_LIMIT || entry.compressedSize > ZIP64_LIMIT;
  if (overflow && !zip64) {
    throw new ZipFormatError("File size unexpectedly exceeded ZIP64 limit");
  }
  const extraLength = zip64 ? 20 : 0;
  const header = new Uint8Array(30 + entry.name.length + extraLength);
  const data = new DataView(header.buffer);
  data.setUint32(0, SIGNATURE.local, true);
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

/**
 * Python's central directory record (`ZipFile._write_end_record`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { centralHeader, writtenEntry } from "./zip_records.ts";
 *
 * const entry = writtenEntry("a.txt", 8, 0, { time: 0, date: 33 }, 0);
 * assert.equal(centralHeader(entry).length, 46 + 5);
 * ```
 */
export function centralHeader(entry: WrittenEntry): Uint8Array {
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
  data.setUint32(0, SIGNATURE.central, true);
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

/**
 * End records: zip64 end record + locator when needed, then the classic end record.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { endRecords } from "./zip_records.ts";
 *
 * assert.equal(endRecords(0, 0, 0).length, 22);
 * assert.equal(endRecords(70_000, 0, 0).length, 56 + 20 + 22); // > 65535 entries: zip64
 * ```
 */
export function endRecords(count: number, cdOffset: number, cdSize: number): Uint8Array {
  const zip64 = count > ZIP_FILECOUNT_LIMIT || cdOffset > ZIP64_LIMIT || cdSize > ZIP64_LIMIT;
  const out = new Uint8Array((zip64 ? 56 + 20 : 0) + 22);
  const data = new DataView(out.buffer);
  let pos = 0;
  if (zip64) {
    data.setUint32(0, SIGNATURE.end64, true);
    data.setBigUint64(4, 44n, true);
    data.setUint16(12, VERSION_ZIP64, true);
    data.setUint16(14, VERSION_ZIP64, true);
    // disk numbers: 0
    data.setBigUint64(24, BigInt(count), true);
    data.setBigUint64(32, BigInt(count), true);
    data.setBigUint64(40, BigInt(cdSize), true);
    data.setBigUint64(48, BigInt(cdOffset), true);
    data.setUint32(56, SIGNATURE.end64Locator, true);
    data.setBigUint64(64, BigInt(cdOffset + cdSize), true);
    data.setUint32(72, 1, true);
    pos = 76;
  }
  data.setUint32(pos, SIGNATURE.end, true);
  data.setUint16(pos + 8, Math.min(count, 0xffff), true);
  data.setUint16(pos + 10, Math.min(count, 0xffff), true);
  data.setUint32(pos + 12, Math.min(cdSize, 0xffffffff), true);
  data.setUint32(pos + 16, Math.min(cdOffset, 0xffffffff), true);
  return out;
}
