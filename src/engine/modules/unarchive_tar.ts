/**
 * `unarchive`'s tar handlers (Ansible's `TgzArchive` and its subclasses):
 * the GNU tar command lines it runs to list, compare (`--diff`) and extract
 * an archive, and how it reads their output. Pure: the commands run on the
 * target (see `unarchive_probe.ts`).
 *
 * @module
 */
import { fnmatchCase } from "../../python/fnmatch.ts";
import { pySplitlines } from "../../python/splitlines.ts";
import { shlexQuote } from "../../python/shlex.ts";
import type { UnarchiveArgs } from "./unarchive_args.ts";

/** One tar handler: its class name and the compression flag it passes. */
export interface TarHandler {
  /** Ansible's class name, the result's `handler`. */
  readonly name: string;
  /** `-z`, `-j`, `-J`, `--use-compress-program=zstd`, or empty for none. */
  readonly flag: string;
}

/**
 * The tar handlers in the order Ansible tries them (after the zip ones).
 * GNU tar detects compression itself when no flag is given, so a `.tar.bz2`
 * or `.tar.xz` is handled by `TarArchive`, as in Ansible.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TAR_HANDLERS } from "./unarchive_tar.ts";
 * assert.equal(TAR_HANDLERS[0].name, "TgzArchive");
 * ```
 */
export const TAR_HANDLERS: readonly TarHandler[] = [
  { name: "TgzArchive", flag: "-z" },
  { name: "TarArchive", flag: "" },
  { name: "TarBzipArchive", flag: "-j" },
  { name: "TarXzArchive", flag: "-J" },
  { name: "TarZstdArchive", flag: "--use-compress-program=zstd" },
];

/** What a tar command does. */
export type TarAction = "list" | "diff" | "extract";

/**
 * The patterns of `exclude` as the tar handlers use them (a trailing `/`
 * removed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tarExcludes } from "./unarchive_tar.ts";
 * assert.deepEqual(tarExcludes(["app/sub/", "*.txt"]), ["app/sub", "*.txt"]);
 * ```
 */
export function tarExcludes(exclude: readonly string[]): string[] {
  return exclude.map((p) => p.replace(/\/+$/, ""));
}

/**
 * The arguments (after the tar program) of one tar command, as Ansible
 * builds them: `--list`, `--diff` (with `--owner`, `--group`,
 * `--keep-newer-files`) or `--extract`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tarArguments, TAR_HANDLERS } from "./unarchive_tar.ts";
 * import { parseUnarchiveArgs } from "./unarchive_args.ts";
 * const args = parseUnarchiveArgs({ src: "a.tgz", dest: "/srv" });
 * assert.deepEqual(tarArguments("extract", TAR_HANDLERS[0], args, "/srv", "/tmp/a.tgz"), [
 *   "--extract", "-C", "/srv", "-z", "-f", "/tmp/a.tgz",
 * ]);
 * ```
 */
export function tarArguments(
  action: TarAction,
  handler: TarHandler,
  args: UnarchiveArgs,
  dest: string,
  src: string,
): string[] {
  const words = [`--${action}`, "-C", dest];
  if (handler.flag) words.push(handler.flag);
  if (args.extraOpts.length > 0) words.push("--show-transformed-names", ...args.extraOpts);
  if (action !== "list") {
    // Ansible quotes these for a shell although no shell runs them.
    if (args.owner) words.push(`--owner=${shlexQuote(args.owner)}`);
    if (args.group) words.push(`--group=${shlexQuote(args.group)}`);
    if (args.keepNewer) words.push("--keep-newer-files");
  }
  words.push(...tarExcludes(args.exclude).map((p) => `--exclude=${p}`));
  words.push("-f", src, ...args.include);
  return words;
}

/**
 * The entries `tar --list` printed, as Ansible keeps them: backslash escapes
 * decoded, a leading `/` removed, `exclude` matches (shell patterns, `*`
 * crossing `/`) dropped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tarFiles } from "./unarchive_tar.ts";
 * assert.deepEqual(tarFiles("app/\n/app/a b\napp/x.txt\n", ["*.txt"]), ["app/", "app/a b"]);
 * ```
 */
export function tarFiles(listing: string, exclude: readonly string[]): string[] {
  const patterns = tarExcludes(exclude);
  const files: string[] = [];
  for (const line of pySplitlines(listing)) {
    let name = escapeDecode(line);
    if (name.startsWith("/")) name = name.slice(1);
    if (!patterns.some((p) => fnmatchCase(name, p))) files.push(name);
  }
  return files;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  "\\": 0x5c,
  "'": 0x27,
  '"': 0x22,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
};

/**
 * Python's `codecs.escape_decode` of a text (its UTF-8 bytes), decoded back
 * as UTF-8: how Ansible undoes GNU tar's `\ooo` quoting of file names.
 * Unknown escapes are kept as they are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeDecode } from "./unarchive_tar.ts";
 * assert.equal(escapeDecode("caf\\303\\251\\tx\\q"), "café\tx\\q");
 * ```
 */
export function escapeDecode(text: string): string {
  const input = new TextEncoder().encode(text);
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== 0x5c || i + 1 >= input.length) {
      out.push(c);
      continue;
    }
    const next = String.fromCharCode(input[i + 1]);
    if (next in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[next]);
      i++;
    } else if (next === "\n") {
      i++;
    } else if (/[0-7]/.test(next)) {
      let digits = "";
      let j = i + 1;
      while (j < input.length && digits.length < 3 && /[0-7]/.test(String.fromCharCode(input[j]))) {
        digits += String.fromCharCode(input[j++]);
      }
      out.push(parseInt(digits, 8) & 0xff);
      i = j - 1;
    } else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(hexAt(input, i + 2))) {
      out.push(parseInt(hexAt(input, i + 2), 16));
      i += 3;
    } else {
      out.push(c);
    }
  }
  return new TextDecoder().decode(new Uint8Array(out));
}

function hexAt(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.slice(at, at + 2));
}

const OWNER_DIFF = /: Uid differs$/;
const GROUP_DIFF = /: Gid differs$/;
const MODE_DIFF = /: Mode differs$/;
const MTIME_DIFF = /: Mod time differs$/;
const EMPTY_FILE = /: : Warning: Cannot stat: No such file or directory$/;
const MISSING_FILE = /: Warning: Cannot stat: No such file or directory$/;
const INVALID_OWNER = /: Invalid owner/;
const INVALID_GROUP = /: Invalid group/;

/**
 * Whether `tar --diff` says the archive is already unpacked, by Ansible's
 * rules: only missing files, differing modification times, invalid owners
 * or groups count, and differing owners, groups or modes when the task does
 * not set them itself (owners and groups only for root, `runUid` 0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tarUnarchived } from "./unarchive_tar.ts";
 * import { parseUnarchiveArgs } from "./unarchive_args.ts";
 * const args = parseUnarchiveArgs({ src: "a.tgz", dest: "/srv", mode: "0700" });
 * assert.equal(tarUnarchived("app/a: Mode differs\n", "", 0, args), true);
 * assert.equal(tarUnarchived("app/a: Mod time differs\n", "", 0, args), false);
 * ```
 */
export function tarUnarchived(
  stdout: string,
  stderr: string,
  runUid: number,
  args: UnarchiveArgs,
): boolean {
  for (const line of [...pySplitlines(stdout), ...pySplitlines(stderr)]) {
    if (EMPTY_FILE.test(line)) continue;
    if (runUid === 0 && !args.owner && OWNER_DIFF.test(line)) return false;
    if (runUid === 0 && !args.group && GROUP_DIFF.test(line)) return false;
    if (!args.mode && MODE_DIFF.test(line)) return false;
    if (MTIME_DIFF.test(line) || MISSING_FILE.test(line)) return false;
    if (INVALID_OWNER.test(line) || INVALID_GROUP.test(line)) return false;
  }
  return true;
}
