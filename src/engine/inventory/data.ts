/**
 * The mutable inventory that parsers fill, with the rules of Ansible's
 * `InventoryData`/`Group`/`Host`: group and host insertion order, no
 * duplicate members, cycle checks, `ansible_group_priority` kept out of
 * the vars, the first localhost-like host, and `reconcile_inventory`.
 *
 * @module
 */

import { LOCALHOST_NAMES } from "./types.ts";
import { pyInt } from "../../python/int.ts";
import { pyClass } from "../../python/type_name.ts";
import { setOwn } from "./own.ts";

/**
 * A structural error Ansible raises as `AnsibleError` while building the
 * inventory (unknown group, recursive children, bad names).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InventoryData, InventoryDataError } from "./data.ts";
 *
 * const data = new InventoryData(() => {});
 * assert.throws(() => data.addHost("web1", "web"), InventoryDataError);
 * ```
 */
export class InventoryDataError extends Error {
  /**
   * Makes the error from Ansible's message for the structural problem.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { InventoryDataError } from "./data.ts";
   *
   * const err = new InventoryDataError("Invalid empty host name provided: ");
   * assert.equal(err.name, "InventoryDataError");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "InventoryDataError";
  }
}

/**
 * A group under construction.
 *
 * @example
 * ```ts
 * new GroupData("web").ancestors().size; // 0
 * ```
 */
export class GroupData {
  /** Hosts listed directly, insertion order. */
  readonly hosts: HostData[] = [];
  /** The same hosts, for membership tests. */
  readonly hostSet: Set<HostData> = new Set<HostData>();
  /** Direct children, insertion order. */
  readonly children: GroupData[] = [];
  /** Direct parents, insertion order. */
  readonly parents: GroupData[] = [];
  /** Inventory-source vars. */
  vars: Record<string, unknown> = {};
  /** `ansible_group_priority`. */
  priority = 1;

  /**
   * Makes an empty group: no hosts, children, parents or vars, priority 1.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { GroupData } from "./data.ts";
   *
   * const web = new GroupData("web");
   * assert.equal(web.name, "web");
   * assert.deepEqual(web.hosts, []);
   * assert.equal(web.priority, 1);
   * ```
   */
  constructor(readonly name: string) {}

  /** Every ancestor (parents, their parents, ...). */
  ancestors(): Set<GroupData> {
    const seen = new Set<GroupData>();
    const stack = [...this.parents];
    while (stack.length) {
      const g = stack.pop()!;
      if (seen.has(g)) continue;
      seen.add(g);
      stack.push(...g.parents);
    }
    return seen;
  }
}

/**
 * A host under construction.
 *
 * @example
 * ```ts
 * new HostData("web1", "/runner/inventory/hosts").groups; // []
 * ```
 */
export class HostData {
  /** Inventory-source vars. */
  vars: Record<string, unknown> = {};
  /** Groups that list the host directly, in joining order. */
  readonly groups: GroupData[] = [];

  /**
   * Makes a host in no group yet, from the named source file (`null` for none).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { HostData } from "./data.ts";
   *
   * const web1 = new HostData("web1", null);
   * assert.equal(web1.source, null);
   * assert.deepEqual(web1.groups, []);
   * ```
   */
  constructor(readonly name: string, readonly source: string | null) {}
}

const INVALID_GROUP_CHARS = /^\p{Nd}|[^\p{L}\p{N}_]/u;

/**
 * The inventory being built from one or more sources.
 *
 * @example
 * ```ts
 * const d = new InventoryData(() => {});
 * d.addGroup("web");
 * d.addHost("web1", "web");
 * d.reconcile();
 * ```
 */
export class InventoryData {
  /** Groups in insertion order (`all`, `ungrouped` first). */
  readonly groups: Map<string, GroupData> = new Map<string, GroupData>();
  /** Hosts in insertion order. */
  readonly hosts: Map<string, HostData> = new Map<string, HostData>();
  /** The first localhost-like host (`localhost`, `127.0.0.1`, `::1`) of the sources. */
  localhost: HostData | null = null;
  /** The source file being parsed (becomes the host's `source`). */
  currentSource: string | null = null;

  /**
   * Starts with the groups `all` and `ungrouped` (a child of `all`);
   * `warn` receives Ansible's warnings about the data.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { InventoryData } from "./data.ts";
   *
   * const warnings: string[] = [];
   * const data = new InventoryData((m) => warnings.push(m));
   * assert.deepEqual([...data.groups.keys()], ["all", "ungrouped"]);
   * assert.deepEqual(warnings, []);
   * ```
   */
  constructor(private readonly warn: (message: string) => void) {
    this.addGroup("all");
    this.addGroup("ungrouped");
    this.addChild("all", "ungrouped");
  }

  /** `add_group`: creates the group when new; returns its name. */
  addGroup(name: unknown): string {
    if (typeof name !== "string") {
      throw new InventoryDataError(
        `Invalid group name supplied, expected a string but got ${pyClass(name)} for ${
          String(name)
        }`,
      );
    }
    if (!name) throw new InventoryDataError(`Invalid empty/false group name provided: ${name}`);
    if (!this.groups.has(name)) {
      const bad = name.match(new RegExp(INVALID_GROUP_CHARS.source, "gu"));
      if (bad) {
        this.warn(
          `Invalid characters were found in group names but not replaced: ` +
            `invalid character(s) "${[...new Set(bad)].join("")}" in group name (${name})`,
        );
      }
      this.groups.set(name, new GroupData(name));
    }
    return name;
  }

  /** `add_host`: creates the host when new (the port only then), and adds it to `group`. */
  addHost(name: unknown, group?: string, port?: number | null): string {
    if (typeof name !== "string") {
      throw new InventoryDataError(
        `Invalid host name supplied, expected a string but got ${pyClass(name)} for ${
          String(name)
        }`,
      );
    }
    if (!name) throw new InventoryDataError(`Invalid empty host name provided: ${name}`);
    let g: GroupData | undefined;
    if (group) {
      g = this.groups.get(group);
      if (!g) throw new InventoryDataError(`Could not find group ${group} in inventory`);
    }
    let h = this.hosts.get(name);
    if (!h) {
      h = new HostData(name, this.currentSource);
      if (port) h.vars.ansible_port = port;
      this.hosts.set(name, h);
      if (LOCALHOST_NAMES.includes(name)) {
        if (this.localhost === null) this.localhost = h;
        else {
          this.warn(
            `A duplicate localhost-like entry was found (${name}). First found localhost was ${this.localhost.name}`,
          );
        }
      }
    }
    if (g) addHostToGroup(g, h);
    return name;
  }

  /** `set_variable` on a group (preferred) or host. */
  setVariable(entity: string, key: string, value: unknown): void {
    const g = this.groups.get(entity);
    if (g) {
      if (key === "ansible_group_priority") g.priority = pyInt(value);
      else setOwn(g.vars, key, value);
      return;
    }
    const h = this.hosts.get(entity);
    if (!h) throw new InventoryDataError(`Could not identify group or host named ${entity}`);
    setOwn(h.vars, key, value);
  }

  /** `add_child`: adds a child group (preferred) or a host to `group`. */
  addChild(group: string, child: string): boolean {
    const g = this.groups.get(group);
    if (!g) throw new InventoryDataError(`${group} is not a known group`);
    const cg = this.groups.get(child);
    if (cg) return addChildGroup(g, cg);
    const h = this.hosts.get(child);
    if (h) return addHostToGroup(g, h);
    throw new InventoryDataError(`${child} is not a known host nor group`);
  }

  /**
   * `reconcile_inventory`: hangs parentless groups under `all`, moves
   * hosts that belong to no group into `ungrouped` and out of it when they
   * do, and warns about names used by both a group and a host.
   */
  reconcile(): void {
    const all = this.groups.get("all")!;
    const ungrouped = this.groups.get("ungrouped")!;
    for (const g of this.groups.values()) {
      if (g !== all && g.ancestors().size === 0) addChildGroup(all, g);
    }
    for (const h of this.hosts.values()) {
      const mine = hostGroupClosure(h);
      if (mine.has(ungrouped)) {
        let other = false;
        for (const g of mine) if (g !== all && g !== ungrouped) other = true;
        if (other) removeHostFromGroup(ungrouped, h);
      } else if (mine.size === 0 || (mine.size === 1 && mine.has(all))) {
        addHostToGroup(ungrouped, h);
      }
    }
    for (const name of this.groups.keys()) {
      if (this.hosts.has(name)) this.warn(`Found both group and host with same name: ${name}`);
    }
  }
}

/** The host's direct groups and all their ancestors (Ansible's `host.get_groups()`). */
function hostGroupClosure(h: HostData): Set<GroupData> {
  const out = new Set<GroupData>();
  for (const g of h.groups) {
    out.add(g);
    for (const a of g.ancestors()) out.add(a);
  }
  return out;
}

function addHostToGroup(g: GroupData, h: HostData): boolean {
  if (g.hostSet.has(h)) return false;
  g.hosts.push(h);
  g.hostSet.add(h);
  if (!h.groups.includes(g)) h.groups.push(g);
  return true;
}

function removeHostFromGroup(g: GroupData, h: HostData): void {
  const i = g.hosts.indexOf(h);
  if (i >= 0) g.hosts.splice(i, 1);
  g.hostSet.delete(h);
  const j = h.groups.indexOf(g);
  if (j >= 0) h.groups.splice(j, 1);
}

function addChildGroup(parent: GroupData, child: GroupData): boolean {
  if (parent === child) throw new InventoryDataError("can't add group to itself");
  if (parent.children.includes(child)) return false;
  if (parent.ancestors().has(child)) {
    throw new InventoryDataError(
      `Adding group '${child.name}' as child to '${parent.name}' creates a recursive dependency loop.`,
    );
  }
  parent.children.push(child);
  if (!child.parents.includes(parent)) child.parents.push(parent);
  return true;
}
