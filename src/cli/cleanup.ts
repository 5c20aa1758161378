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
 * `(changed: False)`.
 *
 * @module
 */
import { type OptionSpec, parseArgv, UsageError } from "./argv.ts";
import { writeStderr, writeStdout } from "./dispatch.ts";
import { posix } from "node:path";

const CLEANUP_OPTIONS: OptionSpec[] = [
  { name: "file-pattern", kind: "value" },
  { name: "exclude-strings", kind: "list" },
  { name: "remove-images", kind: "list" },
  { name: "grace-period", kind: "int" },
  { name: "image-prune", kind: "flag" },
  { name: "process-isolation-executable", kind: "value" },
  { name: "help", kind: "flag", short: ["h"] },
];

/** Default `--grace-period`, in minutes (the reference's `GRACE_PERIOD_DEFAULT`). */
const GRACE_PERIOD_DEFAULT = 60;

/** The temp dir of the reference's `gettempdir()` and registry-auth dirs. */
const TEMP_DIR = "/tmp";

/** Paths a pattern must never match (`cleanup.py` `validate_pattern`). */
const SYSTEM_PATHS = [
  "/",
  "/bin",
  "/dev",
  "/home",
  "/lib",
  "/mnt",
  "/proc",
  "/run",
  "/sys",
  "/usr",
  "/boot",
  "/etc",
  "/opt",
  "/sbin",
  TEMP_DIR,
  "/var",
];

const CLEANUP_USAGE = `usage: ansible-runner worker cleanup [-h] [--file-pattern FILE_PATTERN]
                                     [--exclude-strings [EXCLUDE_STRINGS ...]]
                                     [--remove-images [REMOVE_IMAGES ...]]
                                     [--grace-period GRACE_PERIOD]
                                     [--image-prune]
                                     [--process-isolation-executable PROCESS_ISOLATION_EXECUTABLE]

options:
  -h, --help            show this help message and exit
  --file-pattern FILE_PATTERN
                        A file glob pattern to find private_data_dir folders
                        to remove. Example: --file-pattern=/tmp/.ansible-
                        runner-*
  --exclude-strings [EXCLUDE_STRINGS ...]
                        A comma separated list of keywords in directory name
                        or path to avoid deleting.
  --remove-images [REMOVE_IMAGES ...]
                        A comma separated list of podman or docker tags to
                        delete. This may not remove the corresponding layers,
                        use the image-prune option to assure full deletion.
                        Example: --remove-images=quay.io/user/image:devel
                        quay.io/user/builder:latest
  --grace-period GRACE_PERIOD
                        Time (in minutes) after last modification to exclude a
                        folder from deletion for. This is to avoid deleting
                        folders that were recently created, or folders not
                        started via the start command. Value of 0 indicates
                        that no folders will be excluded based on modified
                        time.
  --image-prune         If specified, will run docker / podman image prune
                        --force. This will only run after untagging.
  --process-isolation-executable PROCESS_ISOLATION_EXECUTABLE
                        The container image to clean up images for
                        (default=podman)
`;

/**
 * A container runtime command that failed or could not start; the cleanup
 * stops and exits 1, like the reference's `RuntimeError`.
 *
 * @example
 * ```ts
 * throw new CleanupCommandError("Error running command");
 * ```
 */
export class CleanupCommandError extends Error {
  override name = "CleanupCommandError";
}

/**
 * Runs `worker cleanup` with `argv` (the words after `cleanup`); returns the
 * exit code: 0, or 1 for a refused pattern or a failing runtime command.
 * Throws {@linkcode UsageError} for bad usage.
 *
 * @example
 * ```ts
 * await runCleanupCommand(["--file-pattern=/tmp/awx_*_*", "--grace-period=60"]);
 * // stdout: "Removed 2 private data dir(s) in pattern /tmp/awx_*_*\n(changed: True)\n"
 * ```
 */
export async function runCleanupCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseArgv(argv, CLEANUP_OPTIONS);
  const opt = parsed.options;
  if (opt.get("help")) {
    writeStdout(CLEANUP_USAGE);
    return 0;
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(`unrecognized arguments: ${parsed.positionals.join(" ")}`);
  }
  const words = (name: string) =>
    ((opt.get(name) as string[] | undefined) ?? []).flatMap((v) => v.split(/\s+/))
      .filter((v) => v !== "");
  const pattern = (opt.get("file-pattern") as string | undefined) ?? "";
  const grace = (opt.get("grace-period") as number | undefined) ?? GRACE_PERIOD_DEFAULT;
  const runtime = (opt.get("process-isolation-executable") as string | undefined) ?? "podman";
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
    dirCount = await cleanupDirs(pattern, words("exclude-strings"), grace);
    if (dirCount) writeStdout(`Removed ${dirCount} private data dir(s) in pattern ${pattern}\n`);
  }
  try {
    const images = words("remove-images");
    if (images.length > 0) {
      imageCount = await cleanupImages(images, runtime);
      if (imageCount) writeStdout(`Removed ${imageCount} image(s)\n`);
    }
    if (opt.get("image-prune")) {
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
async function cleanupDirs(pattern: string, excludes: string[], grace: number): Promise<number> {
  let count = 0;
  const oldest = Date.now() - grace * 60_000;
  for (const match of await glob(pattern)) {
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

async function lstatOrUndefined(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.lstat(path);
  } catch {
    return undefined;
  }
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
    for (const authDir of await glob(`${TEMP_DIR}/ansible_runner_registry_${literal}_*`)) {
      if (await removeDir(authDir)) {
        writeStdout(`Removed associated registry auth dir ${authDir}\n`);
      }
    }
  }
}

/** Matches of `pattern` that are, or resolve to, a system path (`validate_pattern`). */
async function systemPathMatches(pattern: string): Promise<string[]> {
  let cwd: string | undefined;
  try {
    cwd = Deno.cwd();
  } catch {
    cwd = undefined;
  }
  const absolute = (path: string) =>
    path.startsWith("/") ? path : cwd === undefined ? undefined : `${cwd}/${path}`;
  const normal = (path: string) => posix.normalize(path).replace(/(.)\/+$/, "$1");
  const prohibited = new Map(SYSTEM_PATHS.map((path) => [path, path]));
  for (const path of SYSTEM_PATHS) {
    try {
      prohibited.set(await Deno.realPath(path), path);
    } catch {
      // not visible to this process: the lexical check below covers it
    }
  }
  // 1. What the glob finds, as given and resolved (symlinks included), as the reference does.
  const bad: string[] = [];
  const hit = new Set<string>();
  for (const match of await glob(pattern)) {
    let resolved: string | undefined;
    try {
      resolved = await Deno.realPath(match);
    } catch {
      const full = absolute(match);
      resolved = full === undefined ? undefined : normal(full);
    }
    const system = resolved === undefined ? undefined : prohibited.get(resolved);
    if (system !== undefined) {
      bad.push(match);
      hit.add(system);
    }
  }
  // 2. Lexically: this process may not list `/`, so the glob alone can miss `/hom*`.
  const whole = absolute(pattern);
  if (whole !== undefined) {
    for (const path of SYSTEM_PATHS) {
      if (!hit.has(path) && pathMatches(normal(whole), path)) bad.push(path);
    }
  }
  return bad;
}

/** True when the normalised absolute glob `pattern` matches the absolute `path`. */
function pathMatches(pattern: string, path: string): boolean {
  const pats = pattern.split("/").filter((s) => s !== "");
  const parts = path.split("/").filter((s) => s !== "");
  if (pats.length !== parts.length) return false;
  return pats.every((p, i) =>
    hasMagic(p)
      ? segmentMatcher(p)(parts[i]) && !(isHidden(parts[i]) && !isHidden(p))
      : p === parts[i]
  );
}

// --- glob: Python's glob.glob() (no recursion, no hidden names for `*`, unsorted → sorted) ---

function hasMagic(s: string): boolean {
  return /[*?[]/.test(s);
}

function isHidden(name: string): boolean {
  return name.startsWith(".");
}

/** `os.path.split`: head without trailing slashes (unless all slashes), tail. */
function splitPath(path: string): [string, string] {
  const i = path.lastIndexOf("/") + 1;
  let head = path.slice(0, i);
  const tail = path.slice(i);
  if (head && !/^\/+$/.test(head)) head = head.replace(/\/+$/, "");
  return [head, tail];
}

function joinPath(dir: string, name: string): string {
  if (!dir) return name;
  return dir.endsWith("/") ? `${dir}${name}` : `${dir}/${name}`;
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/** The paths matching `pattern`, like Python's `glob.glob(pattern)`, sorted. */
async function glob(pattern: string, dirOnly = false): Promise<string[]> {
  if (!hasMagic(pattern)) {
    return (await lstatOrUndefined(pattern)) !== undefined ||
        (pattern.endsWith("/") && await isDir(pattern))
      ? [pattern]
      : [];
  }
  const [dir, base] = splitPath(pattern);
  const dirs = dir && dir !== pattern && hasMagic(dir) ? await glob(dir, true) : [dir];
  const results: string[] = [];
  for (const d of dirs) {
    if (!hasMagic(base)) {
      const exists = base
        ? (await lstatOrUndefined(joinPath(d, base))) !== undefined
        : await isDir(d);
      if (exists) results.push(joinPath(d, base));
      continue;
    }
    const match = segmentMatcher(base);
    try {
      for await (const entry of Deno.readDir(d || ".")) {
        if (isHidden(entry.name) && !isHidden(base)) continue;
        if (!match(entry.name)) continue;
        const path = joinPath(d, entry.name);
        if (dirOnly && !entry.isDirectory && !(entry.isSymlink && await isDir(path))) continue;
        results.push(path);
      }
    } catch {
      // unreadable or not a directory: no matches, as in Python
    }
  }
  return results.sort();
}

/** `fnmatch.fnmatchcase` for one path segment: `*`, `?` and `[...]`/`[!...]`. */
function segmentMatcher(pattern: string): (name: string) => boolean {
  const chars = Array.from(pattern);
  const esc = (c: string) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;
  let re = "";
  for (let i = 0; i < chars.length;) {
    const c = chars[i++];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c !== "[") re += esc(c);
    else {
      let j = i;
      if (chars[j] === "!") j++;
      if (chars[j] === "]") j++;
      while (j < chars.length && chars[j] !== "]") j++;
      if (j >= chars.length) {
        re += esc("[");
        continue;
      }
      let body = chars.slice(i, j);
      i = j + 1;
      const negate = body[0] === "!";
      if (negate) body = body.slice(1);
      let set = "";
      for (let k = 0; k < body.length;) {
        if (body[k + 1] === "-" && k + 2 < body.length) {
          const [lo, hi] = [body[k], body[k + 2]];
          if ((lo.codePointAt(0) ?? 0) <= (hi.codePointAt(0) ?? 0)) set += `${esc(lo)}-${esc(hi)}`;
          k += 3;
        } else set += esc(body[k++]);
      }
      re += set ? `[${negate ? "^" : ""}${set}]` : negate ? "." : "(?!)";
    }
  }
  const regex = new RegExp(`^${re}$`, "su");
  return (name) => regex.test(name);
}

// --- images ---

/** `podman` / `docker` → the absolute path the permission set allows. */
function runtimePath(runtime: string): string {
  return runtime.includes("/") ? runtime : `/usr/bin/${runtime}`;
}

/** Runs `<runtime> args…`; returns trimmed stdout or throws {@linkcode CleanupCommandError}. */
async function runChecked(runtime: string, args: string[]): Promise<string> {
  const result = await runRuntime(runtime, args);
  if (result.code !== 0) {
    writeStdout(
      `Error running command:\n${[runtime, ...args].join(" ")}\nStdout:\n${result.stdout}\n`,
    );
    if (result.stderr.trim()) {
      writeStderr(result.stderr.endsWith("\n") ? result.stderr : `${result.stderr}\n`);
    }
    throw new CleanupCommandError("Error running command");
  }
  return result.stdout.trim();
}

async function runRuntime(
  runtime: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(runtimePath(runtime), {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CleanupCommandError(`cannot run ${runtimePath(runtime)}: ${why}`);
  }
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * `cleanup_images` (2.3.6+ logic): lists each tag with
 * `<rt> images --format="{{.Repository}}:{{.Tag}}" <tag>`, then for each
 * line podman `untag <tag>` (best effort, counted when silent; like `rmi`
 * in 2.3.1 it drops every name of the image) or docker `rmi <name> -f`
 * (counting `Untagged:`). Returns the number removed.
 */
async function cleanupImages(images: string[], runtime: string): Promise<number> {
  const podman = posix.basename(runtime) === "podman";
  let count = 0;
  for (const tag of images) {
    const listing = await runChecked(runtime, [
      "images",
      '--format="{{.Repository}}:{{.Tag}}"',
      tag,
    ]);
    if (!listing) continue;
    for (const line of listing.split("\n")) {
      if (podman) {
        // `podman rmi` would also kill containers using the image; untag leaves them be.
        const result = await runRuntime(runtime, ["untag", tag]).catch(() => undefined);
        if (result?.code === 0 && result.stdout.trim() === "") count++;
      } else {
        const out = await runChecked(runtime, ["rmi", line.trim().replace(/^"+|"+$/g, ""), "-f"]);
        count += out.split("Untagged:").length - 1;
      }
    }
  }
  return count;
}
