/**
 * The read-only view of a loaded inventory that automations get
 * (`ctx.inventory`): lookups, and no map, list or record they could change.
 * `Inventory` (inventory.ts) implements it.
 *
 * @module
 */

/**
 * One host as automations see it: nothing to change.
 *
 * @example
 * ```ts
 * import type { ReadonlyInventoryHost } from "./view.ts";
 * const h: ReadonlyInventoryHost = { name: "web1", vars: {}, groups: ["web"], source: null };
 * ```
 */
export interface ReadonlyInventoryHost {
  /** The inventory hostname. */
  readonly name: string;
  /** Host-level variables from the inventory sources only. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** The groups that list this host directly. */
  readonly groups: readonly string[];
  /** The first source file the host was found in, null if none. */
  readonly source: string | null;
}

/**
 * One group as automations see it: nothing to change.
 *
 * @example
 * ```ts
 * import type { ReadonlyInventoryGroup } from "./view.ts";
 * const g: ReadonlyInventoryGroup = {
 *   name: "web", hosts: ["web1"], children: [], vars: {}, parents: ["all"], depth: 1, priority: 1,
 * };
 * ```
 */
export interface ReadonlyInventoryGroup {
  /** The group name. */
  readonly name: string;
  /** Hosts listed directly in the group. */
  readonly hosts: readonly string[];
  /** Direct child groups. */
  readonly children: readonly string[];
  /** Group variables from the inventory sources. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** Direct parent groups. */
  readonly parents: readonly string[];
  /** Length of the longest path from `all`. */
  readonly depth: number;
  /** `ansible_group_priority`. */
  readonly priority: number;
}

/**
 * The inventory as automations get it (`ctx.inventory`): lookups only, no
 * map or record to change.
 *
 * @example
 * ```ts
 * import type { InventoryView } from "./view.ts";
 * import { Inventory } from "./inventory.ts";
 * import { InventoryData } from "./data.ts";
 * const view: InventoryView = new Inventory({ data: new InventoryData(() => {}), sourceVars: [] });
 * view.groupHosts("all"); // []
 * ```
 */
export interface InventoryView {
  /** Hosts by name, in declaration order. */
  readonly hosts: ReadonlyMap<string, ReadonlyInventoryHost>;
  /** Groups by name, in declaration order. */
  readonly groups: ReadonlyMap<string, ReadonlyInventoryGroup>;
  /** Every host of a group, child groups flattened, in Ansible's order. */
  groupHosts(name: string): string[];
  /** The named host (Ansible's `get_host`, implicit localhost included). */
  getHost(name: string): ReadonlyInventoryHost | undefined;
  /** The host's effective inventory variables. */
  hostVars(name: string): Readonly<Record<string, unknown>>;
}
