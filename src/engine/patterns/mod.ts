/**
 * Ansible host patterns: `all`, names, globs, `~regex`, unions,
 * intersections, exclusions, subscripts, implicit localhost and `--limit`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadInventory } from "../inventory/mod.ts";
 * import { selectHosts } from "./mod.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "[web]\nweb1\nweb2\nweb3\n[prod]\nweb[1:3]\ndb1\n");
 * const inventory = await loadInventory([path]);
 *
 * const { hosts, warnings } = selectHosts(inventory, "web:&prod", "!web3");
 * assert.deepEqual(hosts, ["web1", "web2"]);
 * assert.deepEqual(warnings, []);
 * await Deno.remove(path);
 * ```
 *
 * @module
 */

export { HostPatternError } from "./errors.ts";
export { type HostSelection, selectHosts, type SelectHostsOptions } from "./select.ts";
export { orderPatterns, splitHostPattern } from "./split.ts";
