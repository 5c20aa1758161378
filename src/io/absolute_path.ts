/**
 * A normalised absolute POSIX path without loading `node:path`: the worker
 * needs its private data dir before it reads the first line, and the Node
 * compatibility layer costs a worker's start about 15 ms.
 *
 * @module
 */

/**
 * `path` made absolute against `cwd` and normalised (`.`, `..`, repeated and
 * trailing slashes), as `node:path`'s `resolve(cwd, path)` does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { absolutePath } from "./absolute_path.ts";
 *
 * assert.equal(absolutePath("/runner/"), "/runner");
 * assert.equal(absolutePath("a/../b//c/.", "/tmp"), "/tmp/b/c");
 * assert.equal(absolutePath("/../x"), "/x");
 * ```
 */
export function absolutePath(path: string, cwd: string = Deno.cwd()): string {
  const parts: string[] = [];
  for (const part of (path.startsWith("/") ? path : `${cwd}/${path}`).split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}
