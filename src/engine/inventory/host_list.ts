/**
 * Ansible's `host_list` inventory: a source that is not a path and holds a
 * comma (`-i 'web1,web2:2222,'`) lists hosts, all put in `ungrouped`.
 *
 * @module
 */

import type { InventoryData } from "./data.ts";
import { parseAddress } from "./address.ts";

/**
 * Adds the hosts of a comma-separated host list to `inv`.
 *
 * @example
 * ```ts
 * parseHostList(inv, "web1, web2:2222,");
 * ```
 */
export function parseHostList(inv: InventoryData, list: string): void {
  for (const part of list.split(",")) {
    const h = part.trim();
    if (!h) continue;
    const parsed = parseAddress(h, false);
    const host = parsed ? parsed.host : h;
    const port = parsed ? parsed.port : null;
    if (!inv.hosts.has(host)) inv.addHost(host, "ungrouped", port);
  }
}
