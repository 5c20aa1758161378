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
 * The pieces: `central_directory.ts` reads and checks the entry list,
 * `extractor.ts` writes the entries, `entry_data.ts` streams their
 * content; this file ties them together and owns the cleanup on failure.
 *
 * @module
 */

import { declaredBytes, readCentralDirectory } from "./central_directory.ts";
import { Extractor } from "./extractor.ts";
import { ExpansionBudget, type ExpansionLimits } from "./limits.ts";
import { ZipFileReader } from "./zip_file_reader.ts";
import { createZlibPump } from "./zlib_stream.ts";

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
 * import assert from "node:assert/strict";
 * import { extractZip } from "./zip_reader.ts";
 * import { zipDirectory } from "./zip_writer.ts";
 *
 * const source = await Deno.makeTempDir();
 * await Deno.mkdir(`${source}/env`);
 * await Deno.writeTextFile(`${source}/env/extravars`, "{}");
 * const zip = await Deno.makeTempFile();
 * await zipDirectory(source, zip);
 * const target = await Deno.makeTempDir();
 * assert.equal(await extractZip(zip, target), 2); // "env/" and "env/extravars"
 * assert.equal(await Deno.readTextFile(`${target}/env/extravars`), "{}");
 * for (const dir of [source, target]) await Deno.remove(dir, { recursive: true });
 * await Deno.remove(zip);
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

/**
 * Options of {@linkcode extractZip}.
 *
 * @example
 * ```ts
 * import type { ExtractOptions } from "./zip_reader.ts";
 *
 * const options: ExtractOptions = {
 *   limits: { maxBytes: 2 ** 30, maxRatio: 0, ratioAfterBytes: 0 },
 *   signal: AbortSignal.timeout(60_000),
 * };
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
