/**
 * Splitting and ordering host patterns (`split_host_pattern`,
 * `order_patterns` in Ansible's inventory manager).
 *
 * @module
 */

import { parseAddress } from "../inventory/mod.ts";

const COLON_SEPARATED = /(?:[^\s:\[\]]|\[[^\]]*\])+/g;

/**
 * Splits a pattern string into single patterns: on commas when it has any;
 * else one pattern when it parses as an address (IPv6, `host:port`,
 * `web[1:3]`); else on colons outside brackets (the legacy `a:b:&c` form).
 * Whitespace around each is dropped, empty ones removed.
 *
 * @example
 * ```ts
 * splitHostPattern("web:&prod:!web3"); // ["web", "&prod", "!web3"]
 * splitHostPattern("a, b[1:2]"); // ["a", "b[1:2]"]
 * splitHostPattern("fe80::1"); // ["fe80::1"]
 * ```
 */
export function splitHostPattern(pattern: string): string[] {
  let parts: string[];
  if (pattern.includes(",")) parts = pattern.split(",");
  else if (parseAddress(pattern, true)) parts = [pattern];
  else parts = pattern.match(COLON_SEPARATED) ?? [];
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

/**
 * Orders patterns as Ansible applies them: plain ones (unions) first, then
 * `&` intersections, then `!` exclusions; with no plain pattern, `all`
 * comes first.
 *
 * @example
 * ```ts
 * orderPatterns(["!a", "&b", "c"]); // ["c", "&b", "!a"]
 * orderPatterns(["!a"]); // ["all", "!a"]
 * ```
 */
export function orderPatterns(patterns: readonly string[]): string[] {
  const regular: string[] = [];
  const intersection: string[] = [];
  const exclude: string[] = [];
  for (const p of patterns) {
    if (!p) continue;
    if (p[0] === "!") exclude.push(p);
    else if (p[0] === "&") intersection.push(p);
    else regular.push(p);
  }
  if (regular.length === 0) regular.push("all");
  return [...regular, ...intersection, ...exclude];
}
