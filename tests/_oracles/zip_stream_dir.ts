/**
 * The `ansible-runner-stream-dir` oracle: the real ansible-runner's
 * `stream_dir` (what `ansible-runner transmit` and `worker` send a private
 * data dir or the artifacts as) zips a tree described in the question, and
 * the answer is the exact text it wrote: the `{"zipfile": N}` line and the
 * base64 of the zip.
 *
 * The question describes every path (files with text or seeded bytes, modes,
 * mtimes, directories, symlinks) and the time zone (DOS times are local
 * times), so the answer depends on nothing else, but for one thing: the
 * order `os.walk` lists a directory in is the file system's. The oracle
 * sorts each listing by name, as a file system that lists in name order
 * would; tests that compare order with tachyon's walk on the same file system
 * are interop tests.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { defineOracle, type Json } from "./recorded.ts";

/** One path of a described tree. */
export interface TreeEntry {
  /** The path below the root (`/`-separated). */
  path: string;
  /** What the path is (a FIFO, `stream_dir` skips). */
  kind: "file" | "dir" | "symlink" | "fifo";
  /** A file's content as text. */
  text?: string;
  /** A file's content as {@linkcode seededBytes}: `[seed, size]`. */
  seeded?: [string, number];
  /** A file's content as that many zero bytes. */
  zeros?: number;
  /** A symlink's target. */
  target?: string;
  /** Permission bits (default 0o644 for files, 0o755 for directories, applied last). */
  mode?: number;
  /** Seconds since the epoch (default: {@linkcode DEFAULT_MTIME}); not for symlinks. */
  mtime?: number;
}

/** The mtime of paths that name none: 2021-05-06 07:08:10 UTC. */
export const DEFAULT_MTIME = Date.UTC(2021, 4, 6, 7, 8, 10) / 1000;

/** `stream_dir`'s output. */
interface StreamDirAnswer {
  /** Plain JSON, as a recorded answer is. */
  [key: string]: Json;
  /** The `{"zipfile": N}` line, its newline and the base64 of the zip. */
  stream: string;
}

/** The oracle failed to run. */
export class StreamDirOracleError extends Error {
  /** Carries Python's stderr. */
  constructor(code: number, stderr: string) {
    super(`the stream_dir oracle exited ${code}: ${stderr}`);
    this.name = "StreamDirOracleError";
  }
}

/**
 * `size` pseudo-random bytes named by `seed`: SHAKE-256 of the seed's UTF-8,
 * as Python's `hashlib.shake_256(seed.encode()).digest(size)`.
 *
 * @example
 * ```ts
 * const bytes = seededBytes("big", 1 << 20);
 * ```
 */
export function seededBytes(seed: string, size: number): Uint8Array {
  if (size === 0) return new Uint8Array(0);
  return new Uint8Array(createHash("shake256", { outputLength: size }).update(seed).digest());
}

/** A FIFO could not be made. */
export class MkfifoError extends Error {
  /** Carries mkfifo's stderr. */
  constructor(path: string, stderr: string) {
    super(`mkfifo ${path}: ${stderr}`);
    this.name = "MkfifoError";
  }
}

async function mkfifo(path: string): Promise<void> {
  const out = await new Deno.Command("/usr/bin/mkfifo", { args: ["--", path], stderr: "piped" })
    .output();
  if (!out.success) throw new MkfifoError(path, new TextDecoder().decode(out.stderr));
}

/**
 * Makes the described tree under `root` (an existing directory): paths in
 * order, then the mtimes (deepest first), then the directory modes.
 *
 * @example
 * ```ts
 * await buildTree(dir, [{ path: "a", kind: "file", text: "x", mode: 0o600 }]);
 * ```
 */
export async function buildTree(root: string, tree: readonly TreeEntry[]): Promise<void> {
  for (const entry of tree) {
    const path = join(root, entry.path);
    if (entry.kind === "dir") await Deno.mkdir(path, { recursive: true });
    else if (entry.kind === "symlink") await Deno.symlink(entry.target ?? "", path);
    else if (entry.kind === "fifo") await mkfifo(path);
    else {
      const data = entry.seeded
        ? seededBytes(...entry.seeded)
        : entry.zeros !== undefined
        ? new Uint8Array(entry.zeros)
        : new TextEncoder().encode(entry.text ?? "");
      await Deno.writeFile(path, data);
      await Deno.chmod(path, entry.mode ?? 0o644);
    }
  }
  const deepestFirst = [...tree].sort((a, b) =>
    b.path.split("/").length - a.path.split("/").length
  );
  for (const entry of deepestFirst) {
    if (entry.kind === "symlink" || entry.kind === "fifo") continue;
    const mtime = entry.mtime ?? DEFAULT_MTIME;
    await Deno.utime(join(root, entry.path), mtime, mtime);
  }
  for (const entry of deepestFirst) {
    if (entry.kind === "dir") await Deno.chmod(join(root, entry.path), entry.mode ?? 0o755);
  }
  await Deno.utime(root, DEFAULT_MTIME, DEFAULT_MTIME);
}

const STREAM_DIR = `
import os, sys
from ansible_runner.utils.streaming import stream_dir
_walk = os.walk
def walk(top, *args, **kwargs):
    for dirpath, dirs, files in _walk(top, *args, **kwargs):
        dirs.sort()
        files.sort()
        yield dirpath, dirs, files
os.walk = walk
with open(sys.argv[2], "wb") as f:
    stream_dir(sys.argv[1], f)
`;

/** The question: the tree (plain JSON of {@linkcode TreeEntry}s) and the time zone. */
interface StreamDirQuestion {
  /** Plain JSON, as a recorded answer is. */
  [key: string]: Json;
  tree: Json;
  tz: string;
}

async function runStreamDir(question: StreamDirQuestion): Promise<StreamDirAnswer> {
  const tree = question.tree as unknown as TreeEntry[];
  const tz = question.tz;
  const dir = await Deno.makeTempDir({ prefix: "tachyon_oracle_stream_dir_" });
  try {
    await Deno.mkdir(join(dir, "src"));
    await buildTree(join(dir, "src"), tree);
    const out = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", STREAM_DIR, join(dir, "src"), join(dir, "stream")],
      cwd: "/",
      clearEnv: true,
      env: { PATH: "/usr/bin:/bin", LC_ALL: "C.UTF-8", TZ: tz, HOME: join(dir, "home") },
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (out.code !== 0) {
      throw new StreamDirOracleError(out.code, new TextDecoder().decode(out.stderr));
    }
    return { stream: await Deno.readTextFile(join(dir, "stream")) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const oracle = defineOracle<StreamDirQuestion, StreamDirAnswer>(
  "ansible-runner-stream-dir",
  runStreamDir,
);

/**
 * What ansible-runner's `stream_dir` writes for the described tree (parents
 * before children), in the time zone `tz` (recorded): the `{"zipfile": N}`
 * line and the base64 of the zip.
 *
 * @example
 * ```ts
 * const stream = await streamDir([{ path: "rc", kind: "file", text: "0" }]);
 * ```
 */
export async function streamDir(tree: readonly TreeEntry[], tz = "UTC"): Promise<string> {
  const answer = await oracle({ tree: JSON.parse(JSON.stringify(tree)), tz });
  return answer.stream;
}
