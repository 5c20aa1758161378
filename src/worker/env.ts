/**
 * Environment reads that respect the permission set.
 *
 * @module
 */

/**
 * Reads an environment variable the permission set may not grant.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readEnv } from "./env.ts";
 *
 * assert.equal(readEnv("TACHYON_SURELY_UNSET_VARIABLE"), undefined);
 * ```
 */
export function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
