/**
 * `unarchive`'s zip handler (Ansible's `ZipArchive`): the `unzip` command
 * line, the archive's entries (with `include`/`exclude`), and the decision
 * whether the archive is already unpacked, made from `zipinfo -T -s` and what
 * the target reports for each path (lstat, CRC-32, the entry's time as epoch
 * seconds): Ansible's itemized `diff` (`>f++++++.?? path`, `.fc......?? …`),
 * the paths to unpack and, with `keep_newer`, the newer ones to exclude.
 * Pure: the commands run on the target (see `unarchive_probe.ts`).
 *
 * @module
 */
import { fnmatchCase } from "../../python/fnmatch.ts";
import { pySplitlines } from "../../python/splitlines.ts";
import { applyMode } from "./file_mode.ts";
import type { RemoteStat } from "./remote_stat.ts";
import type { UnarchiveArgs } from "./unarchive_args.ts";

/**
 * The archive cannot be compared as Ansible compares it (it raises
 * `UnarchiveError` there).
 *
 * @example
 * ```ts
 * throw new UnarchiveError("ZIP info perm format incorrect, rwxrwxrw");
 * ```
 */
export class UnarchiveError extends Error {
  /** The error name. */
  override name = "UnarchiveError";
}

/** One line of `zipinfo -T -s` that names an entry. */
export interface ZipEntry {
  /** The entry's type letter: `d`, `l`, `-` or `?`. */
  readonly ztype: string;
  /** Its permission letters (9, or 6 for FAT attributes). */
  readonly permstr: string;
  /** Uncompressed size. */
  readonly size: number;
  /** The time as zipinfo prints it (`20230102.030404`, local time). */
  readonly timestamp: string;
  /** Its path in the archive. */
  readonly path: string;
}

/** Splits like Python's `line.split(None, 7)`. */
function splitFields(line: string, max: number): string[] {
  const fields: string[] = [];
  let rest = line.replace(/^\s+/, "");
  while (rest !== "" && fields.length < max) {
    const m = /^(\S+)(\s+|$)/.exec(rest)!;
    fields.push(m[1]);
    rest = rest.slice(m[0].length);
  }
  if (rest !== "") fields.push(rest);
  return fields;
}

/**
 * The entries of `zipinfo -T -s` output, header and footer skipped as
 * Ansible skips them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { zipEntries } from "./unarchive_zip.ts";
 * const out = "Archive:  a.zip\n-rw-r--r--  3.0 unx        6 tx stor 20230102.030404 app/a.txt\n";
 * assert.equal(zipEntries(out)[0].path, "app/a.txt");
 * ```
 */
export function zipEntries(zipinfo: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  for (const line of pySplitlines(zipinfo)) {
    const pcs = splitFields(line, 7);
    if (pcs.length !== 8) continue;
    if (pcs[0].length !== 7 && pcs[0].length !== 10) continue;
    if (pcs[6].length !== 15) continue;
    if (!"dl-?".includes(pcs[0][0]) || ![...pcs[0].slice(1)].every((c) => "rwxstah-".includes(c))) {
      continue;
    }
    entries.push({
      ztype: pcs[0][0],
      permstr: pcs[0].slice(1),
      size: Number(pcs[3]),
      timestamp: pcs[6],
      path: pcs[7],
    });
  }
  return entries;
}

/**
 * The CRC-32 of each entry, from `unzip -v` (as Ansible's fallback reads it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { zipCrcs } from "./unarchive_zip.ts";
 * const out = "Archive:  a.zip\n Length Method\n--------\n 6  Defl:N  8 -33% 2023-01-02 03:04 363a3020  a.txt\n---\n 6 1 file\n";
 * assert.equal(zipCrcs(out).get("a.txt"), 0x363a3020);
 * ```
 */
export function zipCrcs(listing: string): Map<string, number> {
  const crcs = new Map<string, number>();
  for (const line of pySplitlines(listing).slice(3, -2)) {
    const fields = splitFields(line, 7);
    if (fields.length === 8) crcs.set(fields[7], parseInt(fields[6], 16));
  }
  return crcs;
}

/**
 * The entries Ansible's `files_in_archive` lists: each name of the archive
 * once per `include` pattern it matches, or every name no `exclude`
 * pattern matches.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { zipFiles } from "./unarchive_zip.ts";
 * assert.deepEqual(zipFiles(["a/", "a/x.txt"], ["*.txt", "a/*"], []), ["a/x.txt", "a/x.txt"]);
 * ```
 */
export function zipFiles(
  names: readonly string[],
  include: readonly string[],
  exclude: readonly string[],
): string[] {
  const files: string[] = [];
  for (const name of names) {
    if (include.length > 0) {
      for (const p of include) if (fnmatchCase(name, p)) files.push(name);
    } else if (!exclude.some((p) => fnmatchCase(name, p))) {
      files.push(name);
    }
  }
  return files;
}

/**
 * The arguments (after the `unzip` program) that extract the archive:
 * `-o`, the extra options, the archive, `-x` exclusions, inclusions, `-d`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unzipArguments } from "./unarchive_zip.ts";
 * assert.deepEqual(unzipArguments([], ["a/b"], [], "/tmp/s", "/srv"), [
 *   "-o", "/tmp/s", "-x", "a/b", "-d", "/srv",
 * ]);
 * ```
 */
export function unzipArguments(
  extraOpts: readonly string[],
  exclude: readonly string[],
  include: readonly string[],
  src: string,
  dest: string,
): string[] {
  const words = ["-o", ...extraOpts, src];
  if (exclude.length > 0) words.push("-x", ...exclude);
  return [...words, ...include, "-d", dest];
}

/** A user or group: its name and id. */
export interface Identity {
  /** The name (or the id as text when it has none). */
  readonly name: string;
  /** The numeric id. */
  readonly id: number;
}

/** What the target says about the paths of the entries, and who unpacks. */
export interface ZipTargetFacts {
  /** The lstat of `dest/<path>`, or null when absent, by entry path. */
  readonly stats: ReadonlyMap<string, RemoteStat | null>;
  /** The CRC-32 of each regular file, by entry path. */
  readonly crcs: ReadonlyMap<string, number>;
  /** Epoch seconds of each zipinfo timestamp (the target's local time). */
  readonly times: ReadonlyMap<string, number>;
  /** The CRC-32 of each entry, from the archive. */
  readonly archiveCrcs: ReadonlyMap<string, number>;
  /** The user that unpacks. */
  readonly runUser: Identity;
  /** Its primary group. */
  readonly runGroup: Identity;
  /** Ids of all its groups. */
  readonly groups: readonly number[];
  /** Its umask. */
  readonly umask: number;
  /** Who must own the unpacked paths (`owner`, else the run user). */
  readonly futureOwner: Identity;
  /** Their group (`group`, else the run user's). */
  readonly futureGroup: Identity;
}

/** Ansible's decision for a zip archive. */
export interface ZipDecision {
  /** Nothing to unpack. */
  readonly unarchived: boolean;
  /** The itemized changes, one line per path. */
  readonly diff: string;
  /** `exclude` plus the files `keep_newer` keeps. */
  readonly exclude: string[];
}

const ZIP_FILE_MODE = /^([r-][w-][SsTtx-]){3}/;

/** `rw-r--r--` as permission bits, less `umask` (set-id letters ignored, as unzip does). */
function permstrToOctal(permstr: string, umask: number): number {
  const rev = [...permstr].reverse();
  let mode = 0;
  for (let j = 0; j < 3; j++) {
    for (let i = 0; i < 3; i++) if ("rwxst".includes(rev[i + 3 * j])) mode += 2 ** (i + 3 * j);
  }
  return mode & ~umask;
}

/**
 * Compares the entries with the target as Ansible's `is_unarchived` does.
 * `zipinfoOk` is whether zipinfo exited 0; throws {@linkcode UnarchiveError}
 * for a permission string it cannot read, or when a user other than root
 * would have to change an owner or group.
 *
 * @example
 * ```ts
 * import { zipDecision } from "./unarchive_zip.ts";
 * const decision = zipDecision(entries, facts, args, true);
 * if (!decision.unarchived) console.log(decision.diff);
 * ```
 */
export function zipDecision(
  entries: readonly ZipEntry[],
  facts: ZipTargetFacts,
  args: UnarchiveArgs,
  zipinfoOk: boolean,
): ZipDecision {
  const exclude = [...args.exclude];
  const includes: string[] = [];
  let unarchived = zipinfoOk;
  let diff = "";
  let ftype = "d";
  const { runUser, runGroup, futureOwner, futureGroup } = facts;
  for (const entry of entries) {
    const { ztype, path } = entry;
    let permstr = entry.permstr;
    if (exclude.includes(path)) continue;
    if (path.endsWith("/")) ftype = "d";
    else if (ztype === "l") ftype = "L";
    else if (ztype === "-" || ztype === "?") ftype = "f";
    let fileUmask = 0;
    if (permstr.length === 6) {
      permstr = path.endsWith("/") || permstr === "rwx---" ? "rwxrwxrwx" : "rw-rw-rw-";
      fileUmask = facts.umask;
    }
    if (permstr.length !== 9 || !ZIP_FILE_MODE.test(permstr)) {
      throw new UnarchiveError(`ZIP info perm format incorrect, ${permstr}`);
    }
    const st = facts.stats.get(path) ?? null;
    if (!st) {
      includes.push(path);
      diff += `>${ftype}++++++.?? ${path}\n`;
      continue;
    }
    const isReg = st.type === "file";
    if (
      (ftype === "d" && st.type !== "directory") || (ftype === "f" && !isReg) ||
      (ftype === "L" && st.type !== "link")
    ) {
      if (ftype === "f") unarchived = false;
      includes.push(path);
      diff += `c${ftype}++++++.?? ${path}\n`;
      continue;
    }
    const itemized = [...`.${ftype}.......??`];
    let change = false;
    const timestamp = facts.times.get(entry.timestamp) ?? NaN;
    if (isReg) {
      if (args.keepNewer) {
        if (timestamp > st.mtime) {
          change = true;
          includes.push(path);
          itemized[4] = "t";
        } else if (timestamp < st.mtime) {
          exclude.push(path);
          continue;
        }
      } else if (timestamp !== st.mtime) {
        change = true;
        includes.push(path);
        itemized[4] = "t";
      }
      if (entry.size !== st.size) {
        change = true;
        itemized[3] = "s";
      }
      if (facts.crcs.get(path) !== facts.archiveCrcs.get(path)) {
        change = true;
        itemized[2] = "c";
      }
    }
    if (ftype !== "L") {
      const wanted = args.mode
        ? applyMode(args.mode, st.mode, st.type === "directory", facts.umask)
        : permstrToOctal(permstr, ztype === "?" ? 0 : fileUmask);
      if (wanted !== st.mode) {
        change = true;
        itemized[5] = "p";
      }
    }
    if (runUser.id !== 0 && (futureOwner.name !== runUser.name || futureOwner.id !== runUser.id)) {
      throw new UnarchiveError(
        `Cannot change ownership of ${path} to ${futureOwner.name}, as user ${runUser.name}`,
      );
    }
    const ownerKnown = st.owner !== String(st.uid);
    if (ownerKnown ? st.owner !== futureOwner.name : st.uid !== 0 && st.uid !== futureOwner.id) {
      change = true;
      itemized[6] = "o";
    }
    if (
      runUser.id !== 0 &&
      (futureGroup.name !== runGroup.name || futureGroup.id !== runGroup.id) &&
      !facts.groups.includes(futureGroup.id)
    ) {
      throw new UnarchiveError(
        `Cannot change group ownership of ${path} to ${futureGroup.name}, as user ${runUser.name}`,
      );
    }
    const groupKnown = st.group !== String(st.gid);
    if (groupKnown ? st.group !== futureGroup.name : st.gid !== 0 && st.gid !== futureGroup.id) {
      change = true;
      itemized[6] = "g";
    }
    if (change) {
      if (!includes.includes(path)) includes.push(path);
      diff += `${itemized.join("")} ${path}\n`;
    }
  }
  if (includes.length > 0) unarchived = false;
  return { unarchived, diff, exclude };
}
