/**
 * The inventory as `ansible-inventory --list` prints it: groups with their
 * hosts and children from `all` down, then `_meta.hostvars` without the
 * magic and internal variables.
 *
 * @module
 */
import type { InventoryGroup } from "./types.ts";

/**
 * Variables `ansible-inventory --list` leaves out of `_meta.hostvars`
 * (magic and internal ones).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ANSIBLE_INVENTORY_INTERNAL_VARS } from "./ansible_list.ts";
 *
 * assert.ok(ANSIBLE_INVENTORY_INTERNAL_VARS.has("group_names"));
 * assert.ok(!ANSIBLE_INVENTORY_INTERNAL_VARS.has("ansible_host"));
 * ```
 */
export const ANSIBLE_INVENTORY_INTERNAL_VARS: ReadonlySet<string> = new Set([
  "ansible_diff_mode",
  "ansible_config_file",
  "ansible_facts",
  "ansible_forks",
  "ansible_inventory_sources",
  "ansible_limit",
  "ansible_playbook_python",
  "ansible_run_tags",
  "ansible_skip_tags",
  "ansible_verbosity",
  "ansible_version",
  "inventory_dir",
  "inventory_file",
  "inventory_hostname",
  "inventory_hostname_short",
  "groups",
  "group_names",
  "omit",
  "playbook_dir",
]);

/** What {@linkcode ansibleInventoryList} reads of an inventory. */
export interface ListableInventory {
  /** Groups by name. */
  readonly groups: ReadonlyMap<string, InventoryGroup>;
  /** Hosts of a group and its descendants, in Ansible's order. */
  groupHosts(name: string): string[];
  /** A host's variables (a fresh top-level object). */
  hostVars(name: string): Record<string, unknown>;
}

/**
 * `ansible-inventory --list` of `inventory`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ansibleInventoryList } from "./ansible_list.ts";
 * import type { InventoryGroup } from "./types.ts";
 *
 * const all: InventoryGroup = { name: "all", hosts: [], children: ["web"], vars: {}, parents: [], depth: 0, priority: 1 };
 * const web: InventoryGroup = { name: "web", hosts: ["web1"], children: [], vars: {}, parents: ["all"], depth: 1, priority: 1 };
 * const list = ansibleInventoryList({
 *   groups: new Map([["all", all], ["web", web]]),
 *   groupHosts: () => ["web1"],
 *   hostVars: () => ({ ansible_host: "10.0.0.1", group_names: ["web"] }),
 * });
 * assert.deepEqual(list, {
 *   all: { children: ["web"] },
 *   web: { hosts: ["web1"] },
 *   _meta: { hostvars: { web1: { ansible_host: "10.0.0.1" } } },
 * });
 * ```
 */
export function ansibleInventoryList(inventory: ListableInventory): Record<string, unknown> {
  const results: Record<string, unknown> = {};
  const seen = new Set<string>();
  const format = (g: InventoryGroup) => {
    const entry: Record<string, unknown> = {};
    results[g.name] = entry;
    if (g.name !== "all" && g.hosts.length) entry.hosts = [...g.hosts];
    if (g.children.length) entry.children = [...g.children];
    for (const c of g.children) {
      if (!seen.has(c)) {
        format(inventory.groups.get(c)!);
        seen.add(c);
      }
    }
    if (Object.keys(entry).length === 0) delete results[g.name];
  };
  format(inventory.groups.get("all")!);
  const hostvars: Record<string, unknown> = {};
  for (const h of inventory.groupHosts("all")) {
    const vars = inventory.hostVars(h);
    for (const k of Object.keys(vars)) {
      if (ANSIBLE_INVENTORY_INTERNAL_VARS.has(k)) delete vars[k];
    }
    if (Object.keys(vars).length) hostvars[h] = vars;
  }
  results._meta = { hostvars };
  return results;
}
