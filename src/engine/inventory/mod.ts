/**
 * Inventory loading with Ansible 2.14's semantics: INI, YAML, JSON,
 * executable scripts (AWX's `inventory/hosts`), directories, host lists,
 * `group_vars/` and `host_vars/`, and Ansible's variable precedence.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadInventory } from "./mod.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "[web]\nweb[1:2] ansible_user=deploy\n[web:vars]\nport=8080\n");
 * const inv = await loadInventory([path]);
 * assert.deepEqual(inv.groupHosts("all"), ["web1", "web2"]);
 * assert.deepEqual(inv.hostVars("web2"), {
 *   port: 8080,
 *   ansible_user: "deploy",
 *   inventory_hostname: "web2",
 *   group_names: ["web"],
 * });
 * await Deno.remove(path);
 * ```
 *
 * @module
 */

export { InventoryError, InventoryFileTooLargeError, ScriptInventoryError } from "./errors.ts";
export {
  MAX_INVENTORY_FILE_BYTES,
  MAX_RANGE_HOSTS,
  MAX_SCRIPT_STDERR_BYTES,
  MAX_SCRIPT_STDOUT_BYTES,
  MAX_YAML_BYTES,
} from "./limits.ts";
export {
  DEFAULT_INVENTORY_IGNORE_EXTS,
  type InventoryGroup,
  type InventoryHost,
  type LoadInventoryOptions,
  LOCALHOST_NAMES,
} from "./types.ts";
export { Inventory, type InventoryInit } from "./inventory.ts";
export { ANSIBLE_INVENTORY_INTERNAL_VARS } from "./ansible_list.ts";
export { loadInventory } from "./load.ts";
export type { GroupData, HostData, InventoryData } from "./data.ts";
export type { SourceVars } from "./vars_files.ts";
export type { InventoryView, ReadonlyInventoryGroup, ReadonlyInventoryHost } from "./view.ts";
export type { ProcessRegistry } from "../process_registry.ts";
export { isIpAddress, parseAddress, type ParsedAddress } from "./address.ts";
export { expandHostnameRange, HostRangeError } from "./host_range.ts";
export { parseIniValue } from "./python_literal.ts";
export {
  DataParseError,
  parseData,
  parseDataAsync,
  parseYaml,
  toPlain,
  YamlTooLargeError,
} from "./yaml_data.ts";
