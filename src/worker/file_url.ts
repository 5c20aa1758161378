/**
 * Paths to `file:` URLs.
 *
 * @module
 */
import { pathToFileURL } from "node:url";

/**
 * The `file:` URL of an absolute path.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toFileUrl } from "./file_url.ts";
 *
 * assert.equal(toFileUrl("/tmp/a b.ts"), "file:///tmp/a%20b.ts");
 * ```
 */
export function toFileUrl(path: string): string {
  return pathToFileURL(path).href;
}
