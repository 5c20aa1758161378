/**
 * Public data shapes of a loaded inventory.
 *
 * @module
 */

import type { ProcessRegistry } from "../process_registry.ts";

/**
 * One host as the inventory sources declared it.
 *
 * @example
 * ```ts
 * const h: InventoryHost = { name: "web1", vars: { ansible_port: 2222 }, groups: ["web"], source: null };
 * ```
 */
export interface InventoryHost {
  /** The inventory hostname. */
  readonly name: string;
  /** Host-level variables from the inventory sources only (no group vars, no host_vars/ files). */
  vars: Record<string, unknown>;
  /** The groups that list this host directly, in the order it joined them. */
  groups: string[];
  /** The first source file the host was found in (Ansible's `inventory_file`), null if none. */
  readonly source: string | null;
}

/**
 * One group as the inventory sources declared it.
 *
 * @example
 * ```ts
 * const g: InventoryGroup = {
 *   name: "web", hosts: ["web1"], children: [], vars: {}, parents: ["all"], depth: 1, priority: 1,
 * };
 * ```
 */
export interface InventoryGroup {
  /** The group name. */
  readonly name: string;
  /** Hosts listed directly in the group, in declaration order. */
  hosts: string[];
  /** Direct child groups, in declaration order. */
  children: string[];
  /** Group variables from the inventory sources (not group_vars/ files). */
  vars: Record<string, unknown>;
  /** Direct parent groups. */
  parents: string[];
  /** Length of the longest path from `all` (Ansible's group depth; `all` is 0). */
  depth: number;
  /** `ansible_group_priority` (default 1); it is kept out of `vars` like Ansible does. */
  priority: number;
}

/**
 * Options of {@link loadInventory}.
 *
 * @example
 * ```ts
 * const opts: LoadInventoryOptions = { warn: (m) => console.error(m) };
 * ```
 */
export interface LoadInventoryOptions {
  /** Receives Ansible-style warnings (duplicate keys, skipped YAML keys, ...). */
  warn?: (message: string) => void;
  /**
   * File-name endings skipped inside a directory source (Ansible's
   * `INVENTORY_IGNORE_EXTS`, env `ANSIBLE_INVENTORY_IGNORE`). Default:
   * {@link DEFAULT_INVENTORY_IGNORE_EXTS}.
   */
  ignoreExtensions?: readonly string[];
  /** Extra regular expressions (Python syntax kept simple) of names to skip in directories (`ANSIBLE_INVENTORY_IGNORE_REGEX`). */
  ignorePatterns?: readonly string[];
  /** Working directory for relative sources; default `Deno.cwd()`. */
  cwd?: string;
  /** Aborts the loading: running inventory scripts are killed, parsing stops. */
  signal?: AbortSignal;
  /** Tracks inventory scripts so that a cancel or a timeout kills them. */
  registry?: ProcessRegistry;
}

/**
 * Ansible 2.14's default `INVENTORY_IGNORE_EXTS` (`REJECT_EXTS` plus
 * `.orig`, `.ini`, `.cfg`, `.retry`): files ending so are skipped when a
 * directory is an inventory source.
 *
 * @example
 * ```ts
 * DEFAULT_INVENTORY_IGNORE_EXTS.includes(".ini"); // true
 * ```
 */
export const DEFAULT_INVENTORY_IGNORE_EXTS: readonly string[] = Object.freeze([
  ".pyc",
  ".pyo",
  ".swp",
  ".bak",
  "~",
  ".rpm",
  ".md",
  ".txt",
  ".rst",
  ".orig",
  ".ini",
  ".cfg",
  ".retry",
]);

/**
 * Host names Ansible treats as the local machine (`C.LOCALHOST`).
 *
 * @example
 * ```ts
 * LOCALHOST_NAMES.includes("127.0.0.1"); // true
 * ```
 */
export const LOCALHOST_NAMES: readonly string[] = Object.freeze(["127.0.0.1", "localhost", "::1"]);
