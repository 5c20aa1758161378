/**
 * Paths on the transmit side, resolved as the reference resolves them:
 * `--inventory` must name an existing file or directory (as given, or under
 * `<pdd>/inventory/`: 2.4's `valid_inventory`; 2.3.1 instead wrote the
 * value itself into `inventory/hosts` when it was not a path relative to
 * the cwd — a bug), and absolute playbook and inventory paths inside the
 * private data dir are sent relative to `project/` and to the pdd, as
 * `init_runner` does for streamers (on whole path components, where the
 * reference compares string prefixes).
 *
 * @module
 */
import { isAbsolute, join, relative } from "node:path";

/**
 * Python's `Path(path).absolute()`: joined to `cwd` when relative, with
 * empty and `.` components dropped (`..` is kept, symlinks are not resolved).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { absolutePath } from "./transmit_paths.ts";
 *
 * assert.equal(absolutePath("./inv//hosts", "/tmp/x"), "/tmp/x/inv/hosts");
 * assert.equal(absolutePath("/a/../b", "/tmp"), "/a/../b");
 * ```
 */
export function absolutePath(path: string, cwd: string): string {
  const full = isAbsolute(path) ? path : `${cwd}/${path}`;
  const parts = full.split("/").filter((part) => part !== "" && part !== ".");
  return `/${parts.join("/")}`;
}

function isFileOrDir(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile || info.isDirectory;
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw error;
    return false;
  }
}

/**
 * 2.4's `valid_inventory`: the absolute path of `inventory` when it is an
 * existing file or directory (relative to `cwd`), else of
 * `<pdd>/inventory/<inventory>` when that exists and `inventory` is
 * relative; `undefined` otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validInventory } from "./transmit_paths.ts";
 *
 * assert.equal(validInventory("/tmp/pdd", "/nonexistent/hosts", "/tmp"), undefined);
 * ```
 */
export function validInventory(pdd: string, inventory: string, cwd: string): string | undefined {
  const direct = absolutePath(inventory, cwd);
  if (isFileOrDir(direct)) return direct;
  if (isAbsolute(inventory)) return undefined;
  const inPdd = absolutePath(join(absolutePath(pdd, cwd), "inventory", inventory), cwd);
  return isFileOrDir(inPdd) ? inPdd : undefined;
}

/**
 * `path` relative to `base` when it is an absolute path inside `base`
 * (`init_runner`'s undoing of `dump_artifacts`' absolute paths), else
 * unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relativeInside } from "./transmit_paths.ts";
 *
 * assert.equal(relativeInside("/tmp/pdd/inventory/hosts", "/tmp/pdd"), "inventory/hosts");
 * assert.equal(relativeInside("/tmp/pdd2/hosts", "/tmp/pdd"), "/tmp/pdd2/hosts");
 * assert.equal(relativeInside("hosts", "/tmp/pdd"), "hosts");
 * assert.equal(relativeInside("/tmp/pdd", "/tmp/pdd"), ".");
 * ```
 */
export function relativeInside(path: string, base: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(base, path);
  if (rel === ".." || rel.startsWith("../") || isAbsolute(rel)) return path;
  return rel === "" ? "." : rel;
}
