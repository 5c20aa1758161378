/**
 * Ansible host patterns: `all`, names, globs, `~regex`, unions,
 * intersections, exclusions, subscripts, implicit localhost and `--limit`.
 *
 * @example
 * ```ts
 * import { selectHosts } from "./mod.ts";
 * const { hosts, warnings } = selectHosts(inventory, "webservers:&prod", "!web3");
 * ```
 *
 * @module
 */

export { HostPatternError } from "./errors.ts";
export { type HostSelection, selectHosts, type SelectHostsOptions } from "./select.ts";
export { orderPatterns, splitHostPattern } from "./split.ts";
