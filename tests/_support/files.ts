/**
 * Test support: scratch directories and what the files of a tree are (their
 * paths, which of them hold a secret), shared by the tests of every layer so
 * that each one walks a tree the same way.
 *
 * @module
 */
import { join } from "node:path";

/**
 * Runs `fn` with a fresh directory under /tmp named with `prefix` and 16 hex
 * digits, and removes it (recursively) afterwards, whatever `fn` does. The
 * name's length never varies (`Deno.makeTempDir` drops leading zeros), so a
 * path-length fact, like a symlink's size, is the same from run to run.
 *
 * @example
 * ```ts
 * await withTempDir("tachyon_zip_", async (dir) => {
 *   await Deno.writeTextFile(`${dir}/f`, "x");
 * });
 * ```
 */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fixedLengthTempDir(prefix);
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A new directory `/tmp/<prefix><16 hex digits>`, mode 0700. */
async function fixedLengthTempDir(prefix: string): Promise<string> {
  while (true) {
    const random = crypto.getRandomValues(new Uint8Array(8));
    const hex = Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
    const dir = join("/tmp", `${prefix}${hex}`);
    try {
      await Deno.mkdir(dir, { mode: 0o700 });
      return dir;
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
  }
}

/**
 * Whether anything (a dangling symlink too) is at `path`; errors other than
 * "not found" are thrown.
 *
 * @example
 * ```ts
 * assert.equal(await exists("/tmp/gone"), false);
 * ```
 */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Every path below `dir`, relative and sorted; symlinks are listed, not
 * followed.
 *
 * @example
 * ```ts
 * await listTree("/tmp/pdd"); // ["artifacts", "artifacts/1", …]
 * ```
 */
export async function listTree(dir: string, rel = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(join(dir, rel))) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    names.push(path);
    if (entry.isDirectory && !entry.isSymlink) names.push(...await listTree(dir, path));
  }
  return names.sort();
}

/**
 * The regular files under `root` (links not followed, `skip` paths and files
 * over 64 MiB left out) whose content holds one of `needles`. A file or
 * directory removed while the walk runs is passed over; any other error is
 * thrown.
 *
 * @example
 * ```ts
 * assert.deepEqual(await filesHolding(`${work}/artifacts`, [password]), []);
 * ```
 */
export async function filesHolding(
  root: string,
  needles: readonly string[],
  skip: readonly string[] = [],
): Promise<string[]> {
  const decoder = new TextDecoder();
  const found: string[] = [];
  const walk = async (dir: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (skip.includes(path)) continue;
      if (entry.isDirectory) await walk(path);
      if (!entry.isFile) continue; // sockets, fifos and links are never read
      try {
        const info = await Deno.lstat(path);
        if (!info.isFile || info.size > 64 << 20) continue;
        const text = decoder.decode(await Deno.readFile(path));
        if (needles.some((n) => text.includes(n))) found.push(path);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
  };
  await walk(root);
  return found;
}
