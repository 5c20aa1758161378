/**
 * Reads a connection or become setting from a host's variables: the first
 * of several names (Ansible's aliases, such as `ansible_ssh_pass` for
 * `ansible_password`) set to a scalar.
 *
 * @module
 */

/**
 * The first of `names` that `vars` sets to a non-empty string, a number or a
 * boolean, as text. Lists and mappings are skipped: one there is a mistake,
 * and writing out a shared structure (a YAML alias bomb) would take forever.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scalarVar } from "./scalar_var.ts";
 *
 * assert.equal(scalarVar({ ansible_ssh_port: 2222 }, "ansible_port", "ansible_ssh_port"), "2222");
 * assert.equal(scalarVar({ ansible_user: ["a"] }, "ansible_user"), undefined);
 * ```
 */
export function scalarVar(
  vars: Readonly<Record<string, unknown>>,
  ...names: readonly string[]
): string | undefined {
  for (const name of names) {
    const value = vars[name];
    if (typeof value === "string" && value !== "") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
  }
  return undefined;
}
