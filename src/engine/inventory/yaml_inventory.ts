/**
 * Ansible's YAML inventory format (`ansible.plugins.inventory.yaml`): top
 * level keys are groups, each a mapping of `hosts`, `children` and `vars`
 * (a bare string is shorthand for a one-key mapping; null is empty).
 *
 * @module
 */

import { LoadCheckpoint } from "./checkpoint.ts";
import type { InventoryData } from "./data.ts";
import { expandHostPattern } from "./host_range.ts";
import { pyClass } from "../../python/type_name.ts";
import { pyRepr } from "./python.ts";
import { isMapping, jsonKey, toPlain } from "./yaml_data.ts";

/**
 * A YAML inventory whose structure Ansible rejects.
 *
 * @example
 * ```ts
 * throw new YamlInventoryError('Invalid "hosts" entry for "web" group, requires a dictionary');
 * ```
 */
export class YamlInventoryError extends Error {
  /**
   * @example
   * ```ts
   * new YamlInventoryError("Parsed empty YAML file");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "YamlInventoryError";
  }
}

const SECTIONS = ["vars", "children", "hosts"] as const;

/**
 * Fills `inv` from parsed YAML inventory `data` (as returned by
 * `parseYaml`, mappings as `Map`s). The work can exceed the text's size
 * (YAML aliases can put one big `hosts:` map in many groups, as in
 * Ansible), so `checkpoint` lets the event loop run every few thousand
 * hosts or variables, and stops the parse once its signal aborts.
 *
 * @example
 * ```ts
 * await parseYamlInventory(inv, parseYaml("all:\n  hosts:\n    h1:\n"), (m) => {});
 * ```
 */
export async function parseYamlInventory(
  inv: InventoryData,
  data: unknown,
  warn: (message: string) => void,
  checkpoint: LoadCheckpoint = new LoadCheckpoint(),
): Promise<void> {
  if (data === null || data === undefined || data === "" || data === false) {
    throw new YamlInventoryError("Parsed empty YAML file");
  }
  if (!isMapping(data)) {
    throw new YamlInventoryError(
      `YAML inventory has invalid structure, it should be a dictionary, got: ${pyClass(data)}`,
    );
  }
  if (data.size === 0) throw new YamlInventoryError("Parsed empty YAML file");
  if (!isFalsy(data.get("plugin"))) {
    throw new YamlInventoryError("Plugin configuration YAML file, not YAML inventory");
  }
  const parser = new GroupParser(inv, warn, checkpoint);
  for (const [name, value] of data) await parser.group(name, value);
}

/** The yaml plugin's `_parse_group`, recursively through `children`. */
class GroupParser {
  /** One conversion per aliased value, however many variables alias it. */
  readonly #plain = new Map<object, unknown>();

  constructor(
    readonly inv: InventoryData,
    readonly warn: (message: string) => void,
    readonly checkpoint: LoadCheckpoint,
  ) {}

  #setVariable(entity: string, key: unknown, value: unknown): void {
    this.inv.setVariable(entity, jsonKey(key), toPlain(value, this.#plain));
  }

  async group(group: unknown, groupData: unknown): Promise<unknown> {
    const { inv, warn } = this;
    if (!(groupData === null || isMapping(groupData))) {
      warn(`Skipping '${String(group)}' as this is not a valid group definition`);
      return group;
    }
    let name: string;
    try {
      name = inv.addGroup(group);
    } catch (e) {
      throw new YamlInventoryError(`Unable to add group ${String(group)}: ${(e as Error).message}`);
    }
    if (groupData === null) return name;
    for (const section of SECTIONS) {
      if (!groupData.has(section)) continue;
      const v = groupData.get(section);
      if (typeof v === "string") groupData.set(section, new Map([[v, null]]));
      else if (!(v === null || isMapping(v))) {
        throw new YamlInventoryError(
          `Invalid "${section}" entry for "${name}" group, requires a dictionary, found "${
            pyClass(v)
          }" instead.`,
        );
      }
    }
    for (const [key, value] of groupData) {
      if (value === null) continue;
      if (!isMapping(value)) {
        warn(
          `Skipping key (${String(key)}) in group (${name}) as it is not a mapping, it is a ${
            pyClass(value)
          }`,
        );
        continue;
      }
      if (key === "vars") {
        for (const [k, v] of value) {
          if (this.checkpoint.due()) await this.checkpoint.pass();
          this.#setVariable(name, k, v);
        }
      } else if (key === "children") {
        for (const [sub, subData] of value) {
          const child = await this.group(sub, subData);
          inv.addChild(name, String(child));
        }
      } else if (key === "hosts") {
        await this.#hosts(name, value);
      } else {
        warn(
          `Skipping unexpected key (${
            String(key)
          }) in group (${name}), only "vars", "children" and "hosts" are valid`,
        );
      }
    }
    return name;
  }

  async #hosts(group: string, hosts: Map<unknown, unknown>): Promise<void> {
    for (const [pattern, hostVars] of hosts) {
      if (typeof pattern !== "string") {
        throw new YamlInventoryError(
          `Host pattern ${
            pattern === null ? "None" : String(pattern)
          } must be a string. Enclose integers/floats in quotation marks.`,
        );
      }
      const { hostnames, port } = expandHostPattern(pattern);
      const vars = isFalsy(hostVars) ? new Map() : hostVars;
      if (!isMapping(vars)) {
        throw new YamlInventoryError(
          `Invalid data from file, expected dictionary and got:\n\n${pyRepr(vars)}`,
        );
      }
      for (const h of hostnames) {
        if (this.checkpoint.due()) await this.checkpoint.pass();
        this.inv.addHost(h, group, port);
        for (const [k, v] of vars) {
          if (this.checkpoint.due()) await this.checkpoint.pass();
          this.#setVariable(h, k, v);
        }
      }
    }
  }
}

function isFalsy(v: unknown): boolean {
  return v === null || v === undefined || v === false || v === 0 || v === "" ||
    (Array.isArray(v) && v.length === 0) || (v instanceof Map && v.size === 0);
}
