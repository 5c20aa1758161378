/**
 * `ansible-runner worker cleanup`: removes old private data dirs and
 * container images, as the reference's `cleanup.py` does (protocol doc §2.3,
 * AWX doc §3), with its bugs fixed:
 *
 * - `--exclude-strings="awx_12_ awx_13_"` (one argv word from receptor) is
 *   several strings, split on whitespace; so is `--remove-images`;
 * - a dir whose `pid` file names a live process is kept, a stale one removed;
 * - a pattern that could match a system dir is refused even when this
 *   process may not list `/` (the glob is also matched against the list);
 * - symbolic links are never followed or removed.
 *
 * Output lines are the reference's; the last one is `(changed: True)` or
 * `(changed: False)`. Its options are parsed in `cleanup_command.ts`.
 *
 * @module
 */
import { writeStderr, writeStdout } from "../io/std_text.ts";
import { CleanupCommandError, cleanupImages, runChecked } from "./container_images.ts";
import { glob } from "../python/glob.ts";
import { systemPathMatches, TEMP_DIR } from "./system_paths.ts";

/**
 * What one cleanup does (the parsed options).
 *
 * @example
 * ```ts
 * import type { CleanupOptions } from "./cleanup.ts";
 *
 * const options: CleanupOptions = { pattern: "/tmp/awx_*_*", excludes: ["awx_12_"], images: [],
 *   graceMinutes: 60, prune: false, runtime: "podman" };
 * ```
 */
export interface CleanupOptions {
  /** `--file-pattern` ("": no dirs are removed). */
  readonly pattern: string;
  /** `--exclude-strings`, split on whitespace. */
  readonly excludes: readonly string[];
  /** `--remove-images`, split on whitespace. */
  readonly images: readonly string[];
  /** `--grace-period` in minutes. */
  readonly graceMinutes: number;
  /** `--image-prune`. */
  readonly prune: boolean;
  /** `--process-isolation-executable` (`podman` or `docker`). */
  readonly runtime: string;
}

/**
 * Runs the cleanup and returns the exit code: 0, or 1 for a refused pattern
 * or a failing runtime command.
 *
 * @example
 * ```ts
 * import { runCleanup } from "./cleanup.ts";
 *
 * // Nothing matches: prints "(changed: False)".
 * const code = await runCleanup({ pattern: "/tmp/tachyon-doc-none-*", excludes: [], images: [],
 *   graceMinutes: 60, prune: false, runtime: "podman" });
 * ```
 */
export async function runCleanup(options: CleanupOptions): Promise<number> {
  const { pattern, runtime } = options;
  let dirCount = 0;
  let imageCount = 0;
  let pruned = false;
  if (pattern) {
    const bad = await systemPathMatches(pattern);
    if (bad.length > 0) {
      writeStderr(
        "Provided pattern could result in deleting system folders:\n" +
          `${bad.join(" ")}\nRefusing to continue for user system safety.\n`,
      );
      return 1;
    }
    dirCount = await cleanupDirs(pattern, options.excludes, options.graceMinutes);
    if (dirCount) writeStdout(`Removed ${dirCount} private data dir(s) in pattern ${pattern}\n`);
  }
  try {
    if (options.images.length > 0) {
      imageCount = await cleanupImages(options.images, runtime);
      if (imageCount) writeStdout(`Removed ${imageCount} image(s)\n`);
    }
    if (options.prune) {
      const out = await runChecked(runtime, ["image", "prune", "-f"]);
      pruned = out !== "" && out !== "Total reclaimed space: 0B";
      if (pruned) writeStdout("Pruned images\n");
    }
  } catch (error) {
    if (!(error instanceof CleanupCommandError)) throw error;
    writeStderr(`ansible-runner: error: ${error.message}\n`);
    return 1;
  }
  const changed = dirCount > 0 || imageCount > 0 || pruned;
  writeStdout(`(changed: ${changed ? "True" : "False"})\n`);
  return 0;
}

/** Deletes the dirs `pattern` matches, like `cleanup_dirs`; returns how many. */
async function cleanupDirs(
  pattern: string,
  excludes: readonly string[],
  grace: number,
): Promise<number> {
  let count = 0;
  const oldest = Date.now() - grace * 60_000;
  for (const match of (await glob(pattern)).sort()) {
    if (excludes.some((s) => match.includes(s))) continue;
    // Without trailing slashes, so that a symlink to a dir is seen as a symlink.
    const dir = match.replace(/(.)\/+$/, "$1");
    const info = await lstatOrUndefined(dir);
    if (!info?.isDirectory) continue; // files, symlinks and vanished paths are never removed
    if (grace && (info.mtime?.getTime() ?? 0) > oldest) continue;
    if (await isAlive(dir)) {
      writeStdout(`Excluding running project ${match} from cleanup\n`);
      continue;
    }
    await deleteRegistryAuthDirs(dir);
    if (await removeDir(dir)) count++;
  }
  return count;
}

/** Removes a real directory tree; false when it is gone, not a dir, or not removable. */
async function removeDir(dir: string): Promise<boolean> {
  const info = await lstatOrUndefined(dir);
  if (!info?.isDirectory) return false;
  try {
    await Deno.remove(dir, { recursive: true });
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    writeStderr(`Could not remove ${dir}: ${error instanceof Error ? error.message : error}\n`);
    return false;
  }
}

/** True when `<dir>/pid` names a live process (the reference's `is_alive`, inverted bug fixed). */
async function isAlive(dir: string): Promise<boolean> {
  let firstLine: string;
  try {
    firstLine = (await Deno.readTextFile(`${dir}/pid`)).split("\n")[0];
  } catch {
    return false;
  }
  if (!/^\s*\+?\d+(?:_\d+)*\s*$/.test(firstLine)) return false;
  const pid = Number(firstLine.trim().replace(/^\+/, "").replaceAll("_", ""));
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid > 0x7fffffff) return false;
  // Deno.kill needs unrestricted --allow-run; the shell's `kill -0` is the same probe.
  let probe: Deno.CommandOutput;
  try {
    probe = await new Deno.Command("/bin/sh", {
      args: ["-c", 'kill -0 "$1"', "sh", String(pid)],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
  } catch {
    return true; // cannot tell: keep the dir
  }
  if (probe.success) return true;
  return /not permitted/i.test(new TextDecoder().decode(probe.stderr)); // EPERM: it exists
}

/** Removes `/tmp/ansible_runner_registry_<ident>_*` for every `<dir>/artifacts/<ident>`. */
async function deleteRegistryAuthDirs(dir: string): Promise<void> {
  const idents: string[] = [];
  try {
    for await (const entry of Deno.readDir(`${dir}/artifacts`)) idents.push(entry.name);
  } catch {
    return;
  }
  for (const ident of idents) {
    const literal = ident.replace(/[*?[]/g, (c) => `[${c}]`);
    for (const authDir of (await glob(`${TEMP_DIR}/ansible_runner_registry_${literal}_*`)).sort()) {
      if (await removeDir(authDir)) {
        writeStdout(`Removed associated registry auth dir ${authDir}\n`);
      }
    }
  }
}

/** `lstat`, or undefined when the path does not exist or cannot be inspected. */
async function lstatOrUndefined(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.lstat(path);
  } catch {
    return undefined;
  }
}
