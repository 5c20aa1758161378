/**
 * Inventory loading with Ansible 2.14's semantics: INI, YAML, JSON,
 * executable scripts (AWX's `inventory/hosts`), directories, host lists,
 * `group_vars/` and `host_vars/`, and Ansible's variable precedence.
 *
 * @example
 * ```ts
 * import { loadInventory } from "./mod.ts";
 * const inv = await loadInventory(["/runner/inventory/hosts"]);
 * for (const host of inv.groupHosts("all")) console.log(host, inv.hostVars(host));
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
export { ANSIBLE_INVENTORY_INTERNAL_VARS, Inventory, type InventoryInit } from "./inventory.ts";
export { loadInventory } from "./load.ts";
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
