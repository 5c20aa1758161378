/**
 * The content of one zip entry, streamed: the local header is checked like
 * Python's `zipfile` does, stored data is passed through and deflated data
 * inflated in small pieces, every piece counted against the expansion
 * budget, and the total size and CRC-32 checked at the end. Memory stays
 * flat whatever the entry's size.
 *
 * @module
 */

import type { CentralEntry } from "./central_directory.ts";
import { crc32 } from "./crc32.ts";
import { decodeName } from "./entry_name.ts";
import { ZipFormatError } from "./errors.ts";
import type { ExpansionBudget } from "./limits.ts";
import { FLAG, METHOD, RECORD_SIZE, SIGNATURE } from "./zip_format.ts";
import { dataViewOf, IO_CHUNK, type ZipFileReader } from "./zip_file_reader.ts";
import { ZlibError, type ZlibPump } from "./zlib_stream.ts";

/**
 * Compressed bytes given to the inflater at once: at deflate's ~1000× worst
 * case that is 16 MiB of output between two chances to yield and to see a
 * cancel, and the limits are checked on every output piece anyway.
 */
const INFLATE_PIECE = 16 * 1024;
const EMPTY = new Uint8Array(0);

/**
 * Where {@linkcode readEntryData} reads from and what it reports to.
 *
 * @example
 * ```ts
 * import { ExpansionBudget } from "./limits.ts";
 * import type { EntryDataSource } from "./entry_data.ts";
 * import { ZipFileReader } from "./zip_file_reader.ts";
 * import { createZlibPump } from "./zlib_stream.ts";
 *
 * using file = await Deno.open(Deno.execPath());
 * const source: EntryDataSource = {
 *   reader: new ZipFileReader(file, (await file.stat()).size),
 *   inflater: createZlibPump("inflate"),
 *   budget: new ExpansionBudget(),
 *   pause: () => Promise.resolve(),
 * };
 * source.inflater.close();
 * ```
 */
export interface EntryDataSource {
  /** The zip file. */
  reader: ZipFileReader;
  /** The inflater, reused from entry to entry. */
  inflater: ZlibPump;
  /** Counts compressed bytes read and bytes produced against the limits. */
  budget: ExpansionBudget;
  /** Called after each piece: lets timers run now and then; throws when canceled. */
  pause(): Promise<void>;
}

/** Checks the local header (like Python) and returns the data offset. */
function dataStart(reader: ZipFileReader, entry: CentralEntry): number {
  if (entry.flags & FLAG.encrypted) {
    throw new ZipFormatError(`File ${JSON.stringify(entry.name)} is encrypted`);
  }
  if (entry.method !== METHOD.stored && entry.method !== METHOD.deflated) {
    throw new ZipFormatError(
      `Compression method ${entry.method} of ${JSON.stringify(entry.name)} is not supported`,
    );
  }
  const header = dataViewOf(reader.readAt(entry.headerOffset, RECORD_SIZE.local));
  if (header.getUint32(0, true) !== SIGNATURE.local) {
    throw new ZipFormatError("Bad magic number for file header");
  }
  const flags = header.getUint16(6, true);
  const nameLength = header.getUint16(26, true);
  const extraLength = header.getUint16(28, true);
  const nameStart = entry.headerOffset + RECORD_SIZE.local;
  const localName = decodeName(reader.readAt(nameStart, nameLength), flags);
  if (localName !== entry.name) {
    throw new ZipFormatError(
      `File name in directory ${JSON.stringify(entry.name)} and header ${
        JSON.stringify(localName)
      } differ.`,
    );
  }
  const start = nameStart + nameLength + extraLength;
  if (start + entry.compressedSize > reader.size) {
    throw new ZipFormatError(`Truncated data of ${JSON.stringify(entry.name)}`);
  }
  return start;
}

/**
 * Streams the entry's content (inflated, size- and CRC-checked) to `sink`
 * in pieces that are only valid during the call. Memory stays flat: reads
 * go through the read window, inflation into the pump's reused buffer.
 *
 * @throws {ZipFormatError} encrypted or unsupported entry, bad header, data, size or CRC
 * @throws {ZipLimitError} the content expands past the budget's limits
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readCentralDirectory } from "./central_directory.ts";
 * import { readEntryData } from "./entry_data.ts";
 * import { ExpansionBudget } from "./limits.ts";
 * import { zipDirectory } from "./zip_writer.ts";
 * import { ZipFileReader } from "./zip_file_reader.ts";
 * import { createZlibPump } from "./zlib_stream.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/hello.txt`, "hello ".repeat(1000));
 * const zip = await Deno.makeTempFile();
 * const size = await zipDirectory(dir, zip);
 * using file = await Deno.open(zip);
 * const reader = new ZipFileReader(file, size);
 * const [entry] = readCentralDirectory(reader);
 * const source = {
 *   reader,
 *   inflater: createZlibPump("inflate"),
 *   budget: new ExpansionBudget(),
 *   pause: () => Promise.resolve(),
 * };
 * let text = "";
 * await readEntryData(source, entry, (chunk) => text += new TextDecoder().decode(chunk));
 * source.inflater.close();
 * assert.equal(text, "hello ".repeat(1000));
 * await Deno.remove(dir, { recursive: true });
 * await Deno.remove(zip);
 * ```
 */
export async function readEntryData(
  source: EntryDataSource,
  entry: CentralEntry,
  sink: (chunk: Uint8Array) => void,
): Promise<void> {
  const start = dataStart(source.reader, entry);
  let size = 0;
  let crc = 0;
  const checked = (chunk: Uint8Array) => {
    size += chunk.length;
    if (size > entry.size) {
      throw new ZipFormatError(
        `File ${JSON.stringify(entry.name)} is larger than the ${entry.size} bytes recorded`,
      );
    }
    source.budget.produce(chunk.length);
    crc = crc32(chunk, crc);
    sink(chunk);
  };
  // Like Python: an empty deflated entry needs no deflate data at all.
  const stored = entry.method === METHOD.stored || entry.compressedSize === 0;
  if (!stored) source.inflater.begin(checked);
  let done = 0;
  do {
    const length = Math.min(stored ? IO_CHUNK : INFLATE_PIECE, entry.compressedSize - done);
    const raw = length > 0 ? source.reader.readAt(start + done, length) : EMPTY;
    done += length;
    source.budget.consume(length);
    if (stored) {
      checked(raw);
    } else {
      const final = done === entry.compressedSize;
      try {
        await source.inflater.write(raw, final);
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
    await source.pause();
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
