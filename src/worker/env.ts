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
 * readEnv("HOME"); // "/runner", or undefined when unset or not permitted
 * ```
 */
export function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
