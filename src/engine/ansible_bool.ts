/**
 * Ansible's reading of a boolean setting (`boolean()` of its config and
 * connection variables): `True`, `yes`, `1`, `on`, … are true.
 *
 * @module
 */

/**
 * Ansible's boolean reading of a setting (`True`, `yes`, `1`, `on` …).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isTrue } from "./ansible_bool.ts";
 *
 * assert.equal(isTrue("False"), false);
 * assert.equal(isTrue("yes"), true);
 * ```
 */
export function isTrue(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return ["1", "true", "yes", "on", "y", "t"].includes(String(value).trim().toLowerCase());
}
