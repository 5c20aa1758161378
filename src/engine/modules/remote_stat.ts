/**
 * Stat records printed by `_tst` (see `remote_sh.ts`), parsed, and the
 * path facts Ansible adds to file-module results.
 *
 * @module
 */
import type { ShellOutput } from "./remote_sh.ts";
import { formatMode } from "./file_mode.ts";

/** What kind of file a path is. */
export type FileType = "file" | "directory" | "link" | "block" | "char" | "fifo" | "socket";

/** One path's metadata on the target. */
export interface RemoteStat {
  /** Kind of file. */
  readonly type: FileType;
  /** Permission bits (`0o7777` range). */
  readonly mode: number;
  /** Owner id. */
  readonly uid: number;
  /** Group id. */
  readonly gid: number;
  /** Owner name (`UNKNOWN` or the id when the target has none). */
  readonly owner: string;
  /** Group name. */
  readonly group: string;
  /** Size in bytes. */
  readonly size: number;
  /** Hard link count. */
  readonly nlink: number;
  /** Inode number. */
  readonly inode: number;
  /** Device number. */
  readonly dev: number;
  /** Allocated blocks (0 when unknown). */
  readonly blocks: number;
  /** Preferred I/O block size (`st_blksize`; 0 when unknown). */
  readonly blockSize: number;
  /** Access time, seconds since the epoch. */
  readonly atime: number;
  /** Modification time, seconds since the epoch. */
  readonly mtime: number;
  /** Change time, seconds since the epoch. */
  readonly ctime: number;
  /** Device number of a device file (Linux `makedev`), else 0. */
  readonly rdev: number;
  /** Target of a symlink. */
  readonly linkTarget?: string;
}

const TYPES: Record<number, FileType> = {
  0o040000: "directory",
  0o100000: "file",
  0o120000: "link",
  0o060000: "block",
  0o020000: "char",
  0o010000: "fifo",
  0o140000: "socket",
};

const LS_TYPES: Record<string, FileType> = {
  "-": "file",
  d: "directory",
  l: "link",
  b: "block",
  c: "char",
  p: "fifo",
  s: "socket",
};

/**
 * The stat record printed under `tag`, or null when the path is absent.
 *
 * @example
 * ```ts
 * const st = readStat(out, "P"); // { type: "file", mode: 0o644, … } | null
 * ```
 */
export function readStat(out: ShellOutput, tag: string): RemoteStat | null {
  for (const line of out.all(tag)) {
    if (line === "A") return null;
    const linkTarget = out.all(tag).find((l) => l.startsWith("K "))?.slice(2);
    if (line.startsWith("S ")) return parseStatLine(line.slice(2), linkTarget);
    if (line.startsWith("L ")) return parseLsLine(line.slice(2), linkTarget);
  }
  return null;
}

/**
 * Every stat record printed under `tag` (several `_tst TAG …` calls), in order.
 *
 * @example
 * ```ts
 * const entries = readStats(out, "R");
 * ```
 */
export function readStats(out: ShellOutput, tag: string): RemoteStat[] {
  const records: RemoteStat[] = [];
  for (const line of out.all(tag)) {
    if (line.startsWith("S ")) records.push(parseStatLine(line.slice(2), undefined));
    else if (line.startsWith("L ")) records.push(parseLsLine(line.slice(2), undefined));
  }
  return records;
}

function parseStatLine(text: string, linkTarget: string | undefined): RemoteStat {
  const [main, x = "", y = "", z = ""] = text.split("|");
  const f = main.trim().split(/\s+/);
  const raw = parseInt(f[0], 16);
  const frac = (t: string) => {
    const m = /\.(\d+)/.exec(t);
    return m ? Number("0." + m[1]) : 0;
  };
  return {
    type: TYPES[raw & 0o170000] ?? "file",
    mode: raw & 0o7777,
    uid: Number(f[1]),
    gid: Number(f[2]),
    size: Number(f[3]),
    nlink: Number(f[4]),
    inode: Number(f[5]),
    dev: Number(f[6]),
    blocks: Number(f[7]),
    blockSize: Number(f[8]),
    atime: Number(f[9]) + frac(x),
    mtime: Number(f[10]) + frac(y),
    ctime: Number(f[11]) + frac(z),
    rdev: makedev(parseInt(f[12], 16) || 0, parseInt(f[13], 16) || 0),
    owner: f[14] === "UNKNOWN" || f[14] === undefined ? f[1] : f[14],
    group: f[15] === "UNKNOWN" || f[15] === undefined ? f[2] : f[15],
    linkTarget,
  };
}

function parseLsLine(text: string, linkTarget: string | undefined): RemoteStat {
  const numeric = /^\s*(\d+)\s+(\S{10})\S*\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)?/.exec(text);
  if (!numeric) throw new Error(`cannot parse ls output: ${text}`);
  const [, inode, modeString, nlink, uid, gid, size] = numeric;
  const named = /\|([-dlcbps][-rwxsStT]{9})\S*\s+\d+\s+(\S+)\s+(\S+)/.exec(text);
  const mtime = Number(text.slice(text.lastIndexOf("|") + 1).trim()) || 0;
  return {
    type: LS_TYPES[modeString[0]] ?? "file",
    mode: modeBits(modeString),
    uid: Number(uid),
    gid: Number(gid),
    owner: named?.[2] ?? uid,
    group: named?.[3] ?? gid,
    size: Number(size ?? 0),
    nlink: Number(nlink),
    inode: Number(inode),
    dev: 0,
    blocks: 0,
    blockSize: 0,
    atime: mtime,
    mtime,
    ctime: mtime,
    rdev: 0,
    linkTarget,
  };
}

function makedev(major: number, minor: number): number {
  return ((major & 0xfff) << 8) | (minor & 0xff) | ((minor & ~0xff) << 12);
}

function modeBits(s: string): number {
  let mode = 0;
  const bit = (i: number, v: number) => {
    if (s[i] !== "-" && s[i] !== "S" && s[i] !== "T") mode |= v;
  };
  [0o400, 0o200, 0o100, 0o040, 0o020, 0o010, 0o004, 0o002, 0o001].forEach((v, i) => bit(i + 1, v));
  if (s[3] === "s" || s[3] === "S") mode |= 0o4000;
  if (s[6] === "s" || s[6] === "S") mode |= 0o2000;
  if (s[9] === "t" || s[9] === "T") mode |= 0o1000;
  return mode;
}

/** A path's state as the file module names it. */
export type PathState = "absent" | "link" | "directory" | "hard" | "file";

/**
 * The state Ansible's file module sees (`get_state`): `link`, `directory`,
 * `hard` (a non-directory with more than one link), `file` or `absent`.
 *
 * @example
 * ```ts
 * pathState(null); // "absent"
 * ```
 */
export function pathState(st: RemoteStat | null): PathState {
  if (!st) return "absent";
  if (st.type === "link") return "link";
  if (st.type === "directory") return "directory";
  if (st.nlink > 1) return "hard";
  return "file";
}

/**
 * The keys Ansible's `add_path_info` adds to a result for an existing path:
 * `uid`, `gid`, `owner`, `group`, `mode`, `state`, `size`.
 *
 * @example
 * ```ts
 * const info = pathInfo(st); // { uid: 0, gid: 0, owner: "root", group: "root", mode: "0644", … }
 * ```
 */
export function pathInfo(st: RemoteStat | null): Record<string, unknown> {
  if (!st) return {};
  return {
    uid: st.uid,
    gid: st.gid,
    owner: st.owner,
    group: st.group,
    mode: formatMode(st.mode),
    state: pathState(st),
    size: st.size,
  };
}
