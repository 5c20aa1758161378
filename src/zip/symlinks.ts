/**
 * Creating symlinks without `Deno.symlink`, which requires unscoped read and
 * write permissions (the worker has them only for /runner and /tmp) while
 * `/bin/sh` may run. All links of an extraction are made by one process:
 * `tar` reading a small generated archive of symlink members (no fork per
 * link), or, where there is no `tar`, `ln -s` in a shell loop.
 *
 * @module
 */

import { concatBytes } from "../io/concat_bytes.ts";
import { SymlinkError } from "./errors.ts";

/** One link to make: its target text and its path relative to the base directory. */
export interface SymlinkSpec {
  /** What the link points to (any text: absolute, relative, dangling). */
  target: string;
  /** Where the link goes, relative to the base directory (no `..`, not absolute). */
  path: string;
}

/** How {@linkcode createSymlinks} makes the links. */
export type SymlinkMethod = "auto" | "tar" | "ln";

const BLOCK = 512;
const encoder = new TextEncoder();
const NOT_FOUND = 127;

function isAsciiFits(text: string, limit: number): boolean {
  // deno-lint-ignore no-control-regex
  return text.length <= limit && /^[\x01-\x7f]*$/.test(text);
}

/** A pax extended header record: `"<len> key=value\n"`, len counting itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  let length = bodyLength + 1;
  while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength;
  return `${length}${body}`;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

/** A ustar header block; `type` "2" is a symlink, "x" a pax extended header. */
function ustarHeader(
  name: string,
  type: "2" | "x",
  size: number,
  linkName: string,
  mtime: number,
): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const put = (offset: number, text: string) => block.set(encoder.encode(text), offset);
  put(0, name);
  put(100, octal(0o777, 8));
  put(108, octal(0, 8));
  put(116, octal(0, 8));
  put(124, octal(size, 12));
  put(136, octal(mtime, 12));
  put(148, "        ");
  put(156, type);
  put(157, linkName);
  put(257, "ustar\u000000");
  let sum = 0;
  for (const byte of block) sum += byte;
  put(148, octal(sum, 7) + " ");
  return block;
}

/**
 * A tar archive of symlink members; names and targets that do not fit a
 * plain ustar header (long or non-ASCII) travel in pax `path` / `linkpath`
 * records.
 */
function symlinkArchive(links: SymlinkSpec[], mtime: number): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const { target, path } of links) {
    const records: string[] = [];
    if (!isAsciiFits(path, 100)) records.push(paxRecord("path", path));
    if (!isAsciiFits(target, 100)) records.push(paxRecord("linkpath", target));
    if (records.length) {
      const data = encoder.encode(records.join(""));
      blocks.push(ustarHeader("PaxHeader", "x", data.length, "", mtime));
      const padded = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK);
      padded.set(data);
      blocks.push(padded);
    }
    const plainName = isAsciiFits(path, 100) ? path : "pax-named-link";
    const plainTarget = isAsciiFits(target, 100) ? target : "pax-named-target";
    blocks.push(ustarHeader(plainName, "2", 0, plainTarget, mtime));
  }
  blocks.push(new Uint8Array(2 * BLOCK));
  return concatBytes(blocks);
}

async function run(args: string[], input?: Uint8Array): Promise<Deno.CommandOutput> {
  const child = new Deno.Command("/bin/sh", {
    args,
    stdin: input ? "piped" : "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  if (input) {
    const writer = child.stdin.getWriter();
    try {
      await writer.write(input);
      await writer.close();
    } catch {
      // tar exited early: its status and stderr tell why
    }
  }
  return await child.output();
}

function failure(how: string, result: Deno.CommandOutput): SymlinkError {
  const message = new TextDecoder().decode(result.stderr).trim();
  return new SymlinkError(`Cannot create symlinks (${how}): ${message || `exit ${result.code}`}`);
}

const TAR_SCRIPT = 'PATH="${PATH:-/usr/bin:/bin}"; cd -- "$0" && exec tar -x -k -f -';
const LN_SCRIPT = 'PATH="${PATH:-/usr/bin:/bin}"; cd -- "$0" || exit 1\n' +
  'while [ "$#" -ge 2 ]; do ln -s -n -- "$1" "$2" || exit 1; shift 2; done';
const LN_BATCH_BYTES = 64 * 1024;

async function withLn(baseDir: string, links: SymlinkSpec[]): Promise<void> {
  for (let start = 0; start < links.length;) {
    const args = ["-c", LN_SCRIPT, baseDir];
    let bytes = 0;
    let end = start;
    while (end < links.length && (end === start || bytes < LN_BATCH_BYTES)) {
      const { target, path } = links[end++];
      args.push(target, `./${path}`);
      bytes += target.length + path.length + 4;
    }
    const result = await run(args);
    if (!result.success) throw failure("ln", result);
    start = end;
  }
}

/**
 * Creates `links` below `baseDir` in one child process. The link paths must
 * not exist yet and their parent directories must. `method` "auto" (the
 * default) uses `tar` and falls back to `ln` when there is no `tar`.
 *
 * @throws {SymlinkError} when the links could not be made
 *
 * @example
 * ```ts
 * await createSymlinks("/runner", [{ target: "/bin", path: "project/bin" }]);
 * ```
 */
export async function createSymlinks(
  baseDir: string,
  links: SymlinkSpec[],
  method: SymlinkMethod = "auto",
): Promise<void> {
  if (links.length === 0) return;
  if (method !== "ln") {
    const archive = symlinkArchive(links, Math.floor(Date.now() / 1000));
    const result = await run(["-c", TAR_SCRIPT, baseDir], archive);
    if (result.success) return;
    if (method === "tar" || result.code !== NOT_FOUND) throw failure("tar", result);
  }
  await withLn(baseDir, links);
}
