/**
 * Paths the worker writes to must stay inside the private data dir, even
 * when a kwarg (`artifact_dir`, the `fact_cache` setting) or a symlink that
 * came in the transmitted zip points elsewhere.
 *
 * @module
 */
import { dirname, isAbsolute, join, normalize, relative } from "node:path";

/**
 * A path the job names would leave the private data dir.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PathOutsideError } from "./contained_path.ts";
 *
 * assert.equal(new PathOutsideError("outside").name, "PathOutsideError");
 * ```
 */
export class PathOutsideError extends Error {
  /** The error name. */
  override name = "PathOutsideError";
}

/**
 * Returns `path` (absolute, or relative to `root`) normalised, after checking
 * that it stays inside `root` both as written and once the symlinks of its
 * existing ancestors are resolved. Throws {@linkcode PathOutsideError}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { containedPath, PathOutsideError } from "./contained_path.ts";
 *
 * assert.equal(containedPath("/runner", "artifacts/42", "artifact_dir"), "/runner/artifacts/42");
 * assert.throws(() => containedPath("/runner", "../etc", "artifact_dir"), PathOutsideError);
 * ```
 */
export function containedPath(root: string, path: string, what: string): string {
  const full = normalize(isAbsolute(path) ? path : join(root, path));
  if (!isInside(normalize(root), full)) {
    throw new PathOutsideError(`${what} ${path} is outside the private data dir ${root}`);
  }
  const realRoot = realPathOfExistingAncestor(normalize(root));
  const real = realPathOfExistingAncestor(full);
  if (!isInside(realRoot, real)) {
    throw new PathOutsideError(
      `${what} ${path} resolves to ${real}, outside the private data dir ${root} (a symlink)`,
    );
  }
  return full;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** The real path of `path`'s deepest existing ancestor, with the missing rest appended. */
function realPathOfExistingAncestor(path: string): string {
  const missing: string[] = [];
  let current = path;
  while (true) {
    try {
      return join(Deno.realPathSync(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(current.slice(parent === "/" ? 1 : parent.length + 1));
      current = parent;
    }
  }
}
