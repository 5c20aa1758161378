/**
 * Lab hosts, paths into a host: `/proc/<pid>/root/…` reaches a host's files
 * from this machine, but the kernel resolves an absolute symlink met on the
 * way (Debian's `/var/run -> /run`, …) against this machine's root, so a
 * write could land in this machine's own files. `resolveInRoot` walks the path
 * itself and resolves every symlink as the host would (as `chroot` does).
 *
 * @module
 */

/** More symlinks than this on one path is a loop (Linux's own limit). */
const MAX_SYMLINKS = 40;

/**
 * A path through the magic link: a symlink loop, or too many symlinks.
 *
 * @example
 * ```ts
 * throw new LabPathError("/etc/loop: more than 40 symlinks");
 * ```
 */
export class LabPathError extends Error {
  override name = "LabPathError";
}

/**
 * This machine's path to `path` as seen with `root` as `/`: every symlink on
 * the way, the last one included, is followed inside `root`; `..` never goes
 * above `root`. Missing components are kept as given (to create them).
 *
 * @example
 * ```ts
 * const real = await resolveInRoot(`/proc/${initPid}/root`, "/var/run/x"); // …/root/run/x
 * ```
 */
export async function resolveInRoot(root: string, path: string): Promise<string> {
  const pending = path.split("/").filter(Boolean);
  const resolved: string[] = [];
  let symlinks = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === ".") continue;
    if (part === "..") {
      resolved.pop();
      continue;
    }
    const candidate = `${root}/${[...resolved, part].join("/")}`;
    let target: string | undefined;
    try {
      if ((await Deno.lstat(candidate)).isSymlink) target = await Deno.readLink(candidate);
    } catch {
      // missing: a component to create
    }
    if (target === undefined) {
      resolved.push(part);
      continue;
    }
    if (++symlinks > MAX_SYMLINKS) {
      throw new LabPathError(`${path}: more than ${MAX_SYMLINKS} symlinks`);
    }
    if (target.startsWith("/")) resolved.length = 0;
    pending.unshift(...target.split("/").filter(Boolean));
  }
  return `${root}/${resolved.join("/")}`;
}
