/**
 * Test support: a zip's central directory read the way Python's `zipfile`
 * reads it into `ZipInfo`s, so that the unit tests compare tachyon's zips
 * with Python's recorded ones field by field without Python. Only what
 * stream_dir-made zips hold: no zip64 records, UTF-8 or ASCII names.
 *
 * @module
 */

/** A `ZipInfo`'s fields, as `[i.filename, i.external_attr, …]` lists them. */
export interface ZipInfoFields {
  /** `filename`. */
  filename: string;
  /** `external_attr`. */
  externalAttr: number;
  /** `compress_type`. */
  compressType: number;
  /** `date_time`: year, month, day, hour, minute, second. */
  dateTime: number[];
  /** `flag_bits`. */
  flagBits: number;
  /** `create_version`. */
  createVersion: number;
  /** `create_system`. */
  createSystem: number;
  /** `extract_version`. */
  extractVersion: number;
  /** `file_size`. */
  fileSize: number;
  /** `CRC`. */
  crc: number;
  /** `volume`. */
  volume: number;
  /** `internal_attr`. */
  internalAttr: number;
  /** `comment`, decoded. */
  comment: string;
  /** `extra`, in hex. */
  extra: string;
}

/** Not a zip this reader understands. */
export class ZipInfoReadError extends Error {
  /** Says what is wrong. */
  constructor(message: string) {
    super(message);
    this.name = "ZipInfoReadError";
  }
}

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * The entries of the zip `bytes`, in central directory order (Python's
 * `infolist()`).
 *
 * @example
 * ```ts
 * const names = zipInfoList(await Deno.readFile("a.zip")).map((i) => i.filename);
 * ```
 */
export function zipInfoList(bytes: Uint8Array): ZipInfoFields[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new ZipInfoReadError("no end of central directory record");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const ascii = new TextDecoder("ascii", { fatal: true });
  const entries: ZipInfoFields[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) {
      throw new ZipInfoReadError(`no central directory record at ${at}`);
    }
    const flagBits = view.getUint16(at + 8, true);
    const time = view.getUint16(at + 12, true);
    const date = view.getUint16(at + 14, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const name = bytes.subarray(at + 46, at + 46 + nameLength);
    if (!(flagBits & 0x800) && name.some((b) => b >= 0x80)) {
      throw new ZipInfoReadError("cp437 names are not read here");
    }
    const extraStart = at + 46 + nameLength;
    const commentStart = extraStart + extraLength;
    entries.push({
      filename: (flagBits & 0x800 ? utf8 : ascii).decode(name),
      externalAttr: view.getUint32(at + 38, true),
      compressType: view.getUint16(at + 10, true),
      dateTime: [
        (date >> 9) + 1980,
        (date >> 5) & 0xf,
        date & 0x1f,
        time >> 11,
        (time >> 5) & 0x3f,
        (time & 0x1f) * 2,
      ],
      flagBits,
      createVersion: view.getUint8(at + 4),
      createSystem: view.getUint8(at + 5),
      extractVersion: view.getUint8(at + 6),
      fileSize: view.getUint32(at + 24, true),
      crc: view.getUint32(at + 16, true),
      volume: view.getUint16(at + 34, true),
      internalAttr: view.getUint16(at + 36, true),
      comment: utf8.decode(bytes.subarray(commentStart, commentStart + commentLength)),
      extra: hex(bytes.subarray(extraStart, commentStart)),
    });
    at = commentStart + commentLength;
  }
  return entries;
}
