/**
 * Controller-side files of modules: where `copy src=` and `script` find
 * their files (the project dir, then its `files/`), and the check that a
 * `fetch` destination stays inside the private data dir.
 *
 * @module
 */
import { dirname, isAbsolute, join, normalize, relative, resolve } from "node:path";
import type { ControllerPaths } from "./module.ts";

/**
 * A controller-side file could not be used.
 *
 * @example
 * ```ts
 * throw new ControllerFileError("Could not find or access 'x' on the Ansible Controller.");
 * ```
 */
export class ControllerFileError extends Error {
  override name = "ControllerFileError";
}

/**
 * Finds `src` on the controller: absolute as given, relative under
 * `projectDir/files/` then `projectDir/` (Ansible's `_find_needle('files')`).
 * Returns the path and its bytes; throws {@linkcode ControllerFileError}
 * with Ansible's text when nothing is readable there.
 *
 * @example
 * ```ts
 * const { path, data } = await readControllerFile(ctx.controller, "motd");
 * ```
 */
export async function readControllerFile(
  paths: ControllerPaths,
  src: string,
): Promise<{ path: string; data: Uint8Array }> {
  const candidates = isAbsolute(src)
    ? [src]
    : [join(paths.projectDir, "files", src), join(paths.projectDir, src)];
  for (const path of candidates) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch {
      continue;
    }
    if (info.isDirectory) {
      throw new ControllerFileError(
        `Source ${src} is a directory: tachyon copies single files only`,
      );
    }
    try {
      return { path, data: await Deno.readFile(path) };
    } catch {
      continue;
    }
  }
  throw new ControllerFileError(
    `Could not find or access '${src}' on the Ansible Controller.\n` +
      `If you are using a module and expect the file to exist on the remote, ` +
      `see the remote_src option`,
  );
}

/**
 * Resolves `dest` (relative to the project dir) and checks it stays inside
 * the private data dir, symlinks of existing parents included.
 *
 * @example
 * ```ts
 * const path = await privateDataPath(ctx.controller, "fetched/web1/etc/motd");
 * ```
 */
export async function privateDataPath(paths: ControllerPaths, dest: string): Promise<string> {
  const path = normalize(resolve(paths.projectDir, dest));
  const root = await realOrSelf(paths.privateDataDir);
  let existing = path;
  let rest = "";
  for (;;) {
    try {
      existing = await Deno.realPath(existing);
      break;
    } catch {
      const parent = dirname(existing);
      if (parent === existing) break;
      rest = join(existing.slice(parent.length + (parent.endsWith("/") ? 0 : 1)), rest);
      existing = parent;
    }
  }
  const real = rest ? join(existing, rest) : existing;
  const rel = relative(root, real);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    throw new ControllerFileError(
      `dest ${dest} is outside the private data dir ${paths.privateDataDir}; ` +
        `fetched files must stay inside it`,
    );
  }
  return path;
}

async function realOrSelf(path: string): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch {
    return normalize(resolve(path));
  }
}
