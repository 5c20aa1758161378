/**
 * The loaded, read-only inventory: hosts, groups, Ansible's host order and
 * variable precedence.
 *
 * @module
 */

import type { GroupData, HostData, InventoryData } from "./data.ts";
import { InventoryError } from "./errors.ts";
import { assignOwn } from "./own.ts";
import type { InventoryGroup, InventoryHost } from "./types.ts";
import { LOCALHOST_NAMES } from "./types.ts";
import type { SourceVars } from "./vars_files.ts";
import type { InventoryView } from "./view.ts";
import { ansibleInventoryList } from "./ansible_list.ts";

/**
 * What {@link Inventory}'s constructor takes (built by `loadInventory`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InventoryData } from "./data.ts";
 * import { Inventory, type InventoryInit } from "./inventory.ts";
 *
 * const data = new InventoryData(() => {});
 * data.addGroup("web");
 * data.addHost("web1", "web");
 * data.reconcile();
 * const init: InventoryInit = { data, sourceVars: [] };
 * assert.deepEqual(new Inventory(init).groupHosts("all"), ["web1"]);
 * ```
 */
export interface InventoryInit {
  /** The reconciled data. */
  readonly data: InventoryData;
  /** group_vars/host_vars per inventory source, in source order. */
  readonly sourceVars: readonly SourceVars[];
}

/**
 * A loaded inventory. Build one with `loadInventory`; its maps are
 * read-only (results are cached). Variable values are frozen:
 * values that YAML aliases share stay shared (once in memory), and
 * {@link Inventory.hostVars} hands them out without copying.
 *
 * Host order: {@link Inventory.hosts} iterates in insertion order (the
 * order sources declared hosts: Ansible's `inventory.hosts`, which host
 * globs walk); the order plays and `all` use is {@link Inventory.groupHosts}
 * `("all")`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadInventory } from "./load.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "[web]\nweb1 ansible_host=10.0.0.1\nweb2\n[db]\ndb1\n");
 * const inv = await loadInventory([path]);
 *
 * assert.deepEqual(inv.groupHosts("web"), ["web1", "web2"]);
 * assert.equal(inv.hostVars("web1").ansible_host, "10.0.0.1");
 * await Deno.remove(path);
 * ```
 */
export class Inventory implements InventoryView {
  /** Hosts by name, in declaration (insertion) order. Never holds the implicit localhost. */
  readonly hosts: ReadonlyMap<string, InventoryHost>;
  /** Groups by name, in declaration order; always has `all` and `ungrouped`. */
  readonly groups: ReadonlyMap<string, InventoryGroup>;
  readonly #sourceVars: readonly SourceVars[];
  readonly #localhost: InventoryHost | null;
  #implicit: InventoryHost | undefined;
  readonly #groupHostsCache = new Map<string, string[]>();
  readonly #closureCache = new Map<string, string[]>();

  /**
   * Builds the inventory from loaded data (use `loadInventory` to get one).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { InventoryData } from "./data.ts";
   * import { Inventory } from "./inventory.ts";
   *
   * const data = new InventoryData(() => {});
   * data.addGroup("web");
   * data.addHost("web1", "web");
   * data.reconcile();
   * const inv = new Inventory({ data, sourceVars: [] });
   * assert.deepEqual(inv.hosts.get("web1")?.groups, ["web"]);
   * ```
   */
  constructor(init: InventoryInit) {
    const { data } = init;
    this.#sourceVars = init.sourceVars;
    const frozen = new Set<object>();
    for (const g of data.groups.values()) freezeValues(g.vars, frozen);
    for (const h of data.hosts.values()) freezeValues(h.vars, frozen);
    for (const src of init.sourceVars) {
      for (const vars of [...src.groups.values(), ...src.hosts.values()]) {
        freezeValues(vars, frozen);
      }
    }
    const depth = computeDepths(data);
    const groups = new Map<string, InventoryGroup>();
    for (const g of data.groups.values()) {
      groups.set(g.name, {
        name: g.name,
        hosts: g.hosts.map((h) => h.name),
        children: g.children.map((c) => c.name),
        vars: g.vars,
        parents: g.parents.map((p) => p.name),
        depth: depth.get(g) ?? 0,
        priority: g.priority,
      });
    }
    this.groups = groups;
    const hosts = new Map<string, InventoryHost>();
    for (const h of data.hosts.values()) hosts.set(h.name, toHost(h));
    this.hosts = hosts;
    this.#localhost = data.localhost ? hosts.get(data.localhost.name)! : null;
  }

  /**
   * Every host of the group with its child groups flattened, in Ansible's
   * order: the group's own hosts, then its children's level by level.
   * Unknown groups give `[]`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadInventory } from "./load.ts";
   *
   * const path = await Deno.makeTempFile();
   * await Deno.writeTextFile(path, "[web]\nweb1 ansible_host=10.0.0.1\nweb2\n[db]\ndb1\n");
   * const inv = await loadInventory([path]);
   *
   * assert.deepEqual(inv.groupHosts("all"), ["web1", "web2", "db1"]);
   * assert.deepEqual(inv.groupHosts("nope"), []);
   * await Deno.remove(path);
   * ```
   */
  groupHosts(name: string): string[] {
    let cached = this.#groupHostsCache.get(name);
    if (!cached) {
      const g = this.groups.get(name);
      cached = [];
      if (g) {
        const seen = new Set<string>();
        for (const group of this.#descendants(g)) {
          for (const h of group.hosts) {
            if (!seen.has(h)) {
              seen.add(h);
              cached.push(h);
            }
          }
        }
      }
      this.#groupHostsCache.set(name, cached);
    }
    return [...cached];
  }

  /** Ansible's `get_descendants(include_self=True, preserve_ordering=True)`, breadth first. */
  #descendants(g: InventoryGroup): InventoryGroup[] {
    const child = (n: string) => this.groups.get(n)!;
    const ordered = [g, ...g.children.map(child)];
    const seen = new Set(ordered);
    let level = ordered;
    while (level.length) {
      const next: InventoryGroup[] = [];
      for (const p of level) {
        for (const c of p.children.map(child)) {
          if (!seen.has(c)) {
            seen.add(c);
            next.push(c);
            ordered.push(c);
          }
        }
      }
      level = next;
    }
    return ordered;
  }

  /**
   * Ansible's `get_host`: the named host; for `localhost`, `127.0.0.1` or
   * `::1` not in the inventory, the first localhost-like host of the
   * sources, else the implicit localhost (created on first use, named as
   * first asked, `ansible_connection: local`, in no group).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadInventory } from "./load.ts";
   *
   * const path = await Deno.makeTempFile();
   * await Deno.writeTextFile(path, "[web]\nweb1 ansible_host=10.0.0.1\nweb2\n[db]\ndb1\n");
   * const inv = await loadInventory([path]);
   *
   * assert.equal(inv.getHost("localhost")?.vars.ansible_connection, "local");
   * assert.equal(inv.getHost("web3"), undefined);
   * await Deno.remove(path);
   * ```
   */
  getHost(name: string): InventoryHost | undefined {
    const h = this.hosts.get(name);
    if (h) return h;
    if (!LOCALHOST_NAMES.includes(name)) return undefined;
    if (this.#localhost) return this.#localhost;
    this.#implicit ??= {
      name,
      vars: { ansible_connection: "local" },
      groups: [],
      source: null,
    };
    return this.#implicit;
  }

  /**
   * The implicit localhost once {@link Inventory.getHost} or a host pattern
   * created it, else undefined. It is never part of `hosts` or `all`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadInventory } from "./load.ts";
   *
   * const path = await Deno.makeTempFile();
   * await Deno.writeTextFile(path, "[web]\nweb1 ansible_host=10.0.0.1\nweb2\n[db]\ndb1\n");
   * const inv = await loadInventory([path]);
   *
   * const before = inv.implicitLocalhost;
   * assert.equal(before, undefined);
   * inv.getHost("localhost");
   * assert.equal(inv.implicitLocalhost?.name, "localhost");
   * await Deno.remove(path);
   * ```
   */
  get implicitLocalhost(): InventoryHost | undefined {
    return this.#implicit;
  }

  /** The host's groups with their ancestors, `all` excluded, sorted by (depth, priority, name). */
  #sortedGroups(host: InventoryHost): string[] {
    let cached = this.#closureCache.get(host.name);
    if (cached && host !== this.#implicit) return cached;
    const closure = new Set<string>();
    const stack = [...host.groups];
    while (stack.length) {
      const n = stack.pop()!;
      if (closure.has(n)) continue;
      closure.add(n);
      stack.push(...(this.groups.get(n)?.parents ?? []));
    }
    closure.delete("all");
    cached = [...closure].sort((a, b) => {
      const ga = this.groups.get(a)!;
      const gb = this.groups.get(b)!;
      return ga.depth - gb.depth || ga.priority - gb.priority || (a < b ? -1 : a > b ? 1 : 0);
    });
    if (host !== this.#implicit) this.#closureCache.set(host.name, cached);
    return cached;
  }

  /**
   * The host's effective inventory variables, merged with Ansible's
   * precedence (later wins): `all` vars; other group vars by (depth,
   * priority, name); `group_vars/all`; `group_vars/GROUP` in that order;
   * host vars; `inventory_hostname`, `group_names`; `host_vars/HOST`.
   * With several sources, each file level goes source by source.
   * `group_names` is sorted and excludes `all` (it has `ungrouped` for
   * ungrouped hosts, as in Ansible). Throws {@link InventoryError} for an
   * unknown host. Returns a fresh object; the values in it are the
   * inventory's own, frozen (shared, not copied: a value that YAML aliases
   * share, or that many hosts inherit, costs nothing per host).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadInventory } from "./load.ts";
   *
   * const path = await Deno.makeTempFile();
   * await Deno.writeTextFile(path, "[web]\nweb1 ansible_host=10.0.0.1\nweb2\n[db]\ndb1\n");
   * const inv = await loadInventory([path]);
   *
   * assert.deepEqual(inv.hostVars("web1"), {
   *   ansible_host: "10.0.0.1",
   *   inventory_hostname: "web1",
   *   group_names: ["web"],
   * });
   * await Deno.remove(path);
   * ```
   */
  hostVars(name: string): Record<string, unknown> {
    const host = this.getHost(name);
    if (!host) throw new InventoryError(`Unknown host: ${name}`);
    const groups = this.#sortedGroups(host);
    const out: Record<string, unknown> = {};
    assignOwn(out, this.groups.get("all")!.vars);
    for (const g of groups) assignOwn(out, this.groups.get(g)!.vars);
    for (const src of this.#sourceVars) {
      const v = src.groups.get("all");
      if (v) assignOwn(out, v);
    }
    for (const src of this.#sourceVars) {
      for (const g of groups) {
        const v = src.groups.get(g);
        if (v) assignOwn(out, v);
      }
    }
    assignOwn(out, host.vars);
    out.inventory_hostname = host.name;
    out.group_names = [...groups].sort();
    for (const src of this.#sourceVars) {
      const v = src.hosts.get(host.name);
      if (v) assignOwn(out, v);
    }
    return out;
  }

  /**
   * The JSON `ansible-inventory --list` prints: each group reachable from
   * `all` with its direct `hosts` and `children` (empty keys and empty groups
   * left out), and `_meta.hostvars` with each host's non-empty effective
   * vars minus magic/internal ones.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { loadInventory } from "./load.ts";
   *
   * const path = await Deno.makeTempFile();
   * await Deno.writeTextFile(path, "[web]\nweb1 ansible_host=10.0.0.1\nweb2\n[db]\ndb1\n");
   * const inv = await loadInventory([path]);
   *
   * assert.deepEqual(inv.toAnsibleList(), {
   *   all: { children: ["ungrouped", "web", "db"] },
   *   web: { hosts: ["web1", "web2"] },
   *   db: { hosts: ["db1"] },
   *   _meta: { hostvars: { web1: { ansible_host: "10.0.0.1" } } },
   * });
   * await Deno.remove(path);
   * ```
   */
  toAnsibleList(): Record<string, unknown> {
    return ansibleInventoryList(this);
  }
}

/**
 * Freezes the values of a vars record, deeply, each object once (`frozen`
 * is shared by all records), so the cost is the data's size even when its
 * parts are shared many times.
 */
function freezeValues(vars: Record<string, unknown>, frozen: Set<object>): void {
  const stack: unknown[] = Object.values(vars);
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null || frozen.has(v)) continue;
    frozen.add(v);
    Object.freeze(v);
    for (const part of Object.values(v)) stack.push(part);
  }
}

function toHost(h: HostData): InventoryHost {
  return { name: h.name, vars: h.vars, groups: h.groups.map((g) => g.name), source: h.source };
}

/** Longest path from `all` to each group (Ansible's `Group.depth`). */
function computeDepths(data: InventoryData): Map<GroupData, number> {
  const depth = new Map<GroupData, number>();
  const visit = (g: GroupData): number => {
    const known = depth.get(g);
    if (known !== undefined) return known;
    let d = 0;
    for (const p of g.parents) d = Math.max(d, visit(p) + 1);
    depth.set(g, d);
    return d;
  };
  for (const g of data.groups.values()) visit(g);
  return depth;
}
