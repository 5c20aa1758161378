/**
 * The system paths `worker cleanup` must never remove, and the check that a
 * file pattern cannot reach one (`cleanup.py` `validate_pattern`, also when
 * this process may not list `/`).
 *
 * @module
 */
import { posix } from "node:path";
import { fnmatchCase } from "../python/fnmatch.ts";
import { glob, hasMagic } from "../python/glob.ts";

/**
 * The temp dir of the reference's `gettempdir()` and registry-auth dirs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TEMP_DIR } from "./system_paths.ts";
 *
 * assert.equal(TEMP_DIR, "/tmp");
 * ```
 */
export const TEMP_DIR = "/tmp";

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

/**
 * Matches of `pattern` that are, or resolve to, a system path
 * (`validate_pattern`), plus the system paths it matches lexically.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { systemPathMatches } from "./system_paths.ts";
 *
 * assert.deepEqual(await systemPathMatches("/us*"), ["/usr"]);
 * assert.deepEqual(await systemPathMatches("/tmp/awx_*_*"), []);
 * ```
 */
export async function systemPathMatches(pattern: string): Promise<string[]> {
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
  for (const match of (await glob(pattern)).sort()) {
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

/**
 * True when the normalised absolute glob `pattern` matches the absolute
 * `path` segment by segment, as `glob.glob` would list it (hidden names only
 * for a pattern segment that starts with a dot).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pathMatches } from "./system_paths.ts";
 *
 * assert.equal(pathMatches("/ho*", "/home"), true);
 * assert.equal(pathMatches("/*", "/.hidden"), false);
 * ```
 */
export function pathMatches(pattern: string, path: string): boolean {
  const pats = pattern.split("/").filter((s) => s !== "");
  const parts = path.split("/").filter((s) => s !== "");
  if (pats.length !== parts.length) return false;
  return pats.every((p, i) =>
    hasMagic(p) ? fnmatchCase(parts[i], p) && !(isHidden(parts[i]) && !isHidden(p)) : p === parts[i]
  );
}

function isHidden(name: string): boolean {
  return name.startsWith(".");
}
