/**
 * Python's `glob.glob(pattern)` (3.11, not recursive, hidden names only
 * for patterns that start with a dot), which ansible-runner's `cleanup`
 * uses to find private data dirs. Results come in directory order, as
 * Python's do; sort them where a stable order matters.
 *
 * @module
 */

import { fnmatchRegExp } from "./fnmatch.ts";

/**
 * Whether `s` holds a glob character (`*`, `?`, `[`): `glob.has_magic`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hasMagic } from "./glob.ts";
 * assert.equal(hasMagic("/tmp/awx_*"), true);
 * assert.equal(hasMagic("/tmp/awx_1"), false);
 * ```
 */
export function hasMagic(s: string): boolean {
  return /[*?[]/.test(s);
}

const isHidden = (name: string) => name.startsWith(".");

/** `os.path.split`: head without trailing slashes (unless all slashes), tail. */
function splitPath(path: string): [string, string] {
  const i = path.lastIndexOf("/") + 1;
  let head = path.slice(0, i);
  if (head && !/^\/+$/.test(head)) head = head.replace(/\/+$/, "");
  return [head, path.slice(i)];
}

/** `os.path.join(dir, name)` for a relative `name`. */
function joinPath(dir: string, name: string): string {
  if (!dir) return name;
  return dir.endsWith("/") ? `${dir}${name}` : `${dir}/${name}`;
}

async function lexists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/**
 * The paths matching `pattern`, like Python's `glob.glob(pattern)`: `*`, `?`
 * and `[...]` in any path segment; `*` and `?` skip names that start with a
 * dot unless the segment does too; a trailing `/` matches directories only.
 * Unreadable directories give no matches. Needs read access to the
 * directories it lists.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { glob } from "./glob.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.txt`, "");
 * await Deno.writeTextFile(`${dir}/.hidden.txt`, "");
 * assert.deepEqual(await glob(`${dir}/*.txt`), [`${dir}/a.txt`]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function glob(pattern: string): Promise<string[]> {
  const found: string[] = [];
  await globInto(pattern, false, found);
  return found;
}

/** `glob._iglob`: appends the matches of `pattern` (directories only with `dirOnly`). */
async function globInto(pattern: string, dirOnly: boolean, found: string[]): Promise<void> {
  const [dir, base] = splitPath(pattern);
  if (!hasMagic(pattern)) {
    if (base ? await lexists(pattern) : await isDir(dir)) found.push(pattern);
    return;
  }
  let dirs = [dir];
  if (dir && dir !== pattern && hasMagic(dir)) {
    dirs = [];
    await globInto(dir, true, dirs);
  }
  for (const d of dirs) {
    if (!hasMagic(base)) {
      // `_glob0`: a literal name only has to exist.
      if (base ? await lexists(joinPath(d, base)) : await isDir(d)) found.push(joinPath(d, base));
      continue;
    }
    const match = fnmatchRegExp(base);
    try {
      for await (const entry of Deno.readDir(d || ".")) {
        if (isHidden(entry.name) && !isHidden(base)) continue;
        if (!match.test(entry.name)) continue;
        const path = joinPath(d, entry.name);
        if (dirOnly && !entry.isDirectory && !(entry.isSymlink && await isDir(path))) continue;
        found.push(path);
      }
    } catch {
      // unreadable or not a directory: no matches, as in Python
    }
  }
}
