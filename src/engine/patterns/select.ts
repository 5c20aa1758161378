/**
 * Host selection with Ansible's pattern grammar and `--limit`
 * (`InventoryManager.get_hosts` / `list_hosts` / `subset`).
 *
 * @module
 */

import { isAbsolute, join } from "node:path";
import { type Inventory, LOCALHOST_NAMES } from "../inventory/mod.ts";
import { HostPatternError } from "./errors.ts";
import { fnmatchRegExp } from "../../python/fnmatch.ts";
import { pythonMatch, pythonRegExp } from "../../python/re.ts";
import { orderPatterns, splitHostPattern } from "./split.ts";

/**
 * The result of {@link selectHosts}.
 *
 * @example
 * ```ts
 * const s: HostSelection = { hosts: ["web1"], warnings: [] };
 * ```
 */
export interface HostSelection {
  /** Selected host names, in Ansible's order, without duplicates. */
  hosts: string[];
  /** Ansible's warnings, e.g. `Could not match supplied host pattern, ignoring: x`. */
  warnings: string[];
}

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/s;

type Subscript = [number, number | null];

class Evaluator {
  readonly warnings: string[] = [];
  readonly #cache = new Map<string, string[]>();

  constructor(readonly inventory: Inventory) {}

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  /** `_evaluate_patterns`: unions, then `&` intersections, then `!` exclusions. */
  evaluate(patterns: readonly string[]): string[] {
    let hosts: string[] = [];
    for (const p of orderPatterns(patterns)) {
      if (this.inventory.hosts.has(p)) {
        if (!hosts.includes(p)) hosts.push(p);
        continue;
      }
      const that = this.matchOne(p);
      if (p[0] === "!") {
        const drop = new Set(that);
        hosts = hosts.filter((h) => !drop.has(h));
      } else if (p[0] === "&") {
        const keep = new Set(that);
        hosts = hosts.filter((h) => keep.has(h));
      } else {
        const existing = new Set(hosts);
        for (const h of that) if (!existing.has(h)) hosts.push(h);
      }
    }
    return [...new Set(hosts)];
  }

  /** `_match_one_pattern`: one pattern without its `&`/`!`, with an optional subscript. */
  matchOne(raw: string): string[] {
    const pattern = raw[0] === "&" || raw[0] === "!" ? raw.slice(1) : raw;
    if (!pattern) throw new HostPatternError(`Invalid host pattern: '${raw}'`);
    let cached = this.#cache.get(pattern);
    if (!cached) {
      const [expr, subscript] = this.#splitSubscript(pattern);
      const matches = this.#enumerate(expr);
      cached = applySubscript(matches, subscript, pattern);
      this.#cache.set(pattern, cached);
    }
    return cached;
  }

  #splitSubscript(pattern: string): [string, Subscript | null] {
    if (pattern[0] === "~") return [pattern, null];
    const m = SUBSCRIPT.exec(pattern);
    if (!m) return [pattern, null];
    const [, expr, idx, start, sep, end] = m;
    if (idx !== undefined) return [expr, [Number(idx), null]];
    if (sep === "-") {
      this.warn("Use [x:y] inclusive subscripts instead of [x-y] which has been removed");
    }
    return [expr, [Number(start), end ? Number(end) : -1]];
  }

  /** `_enumerate_matches`: hosts of matching groups, then matching hosts, then implicit localhost. */
  #enumerate(pattern: string): string[] {
    const inv = this.inventory;
    const matcher = compile(pattern);
    const results: string[] = [];
    const groups = [...inv.groups.keys()].filter(matcher);
    for (const g of groups) results.push(...inv.groupHosts(g));
    if (groups.length === 0 || pattern[0] === "~" || /[.?*[]/.test(pattern)) {
      for (const h of inv.hosts.keys()) if (matcher(h)) results.push(h);
    }
    if (results.length === 0 && LOCALHOST_NAMES.includes(pattern)) {
      const local = inv.getHost(pattern);
      if (local) results.push(local.name);
    }
    if (results.length === 0 && groups.length === 0 && pattern !== "all") {
      this.warn(`Could not match supplied host pattern, ignoring: ${pattern}`);
    }
    return results;
  }
}

function compile(pattern: string): (name: string) => boolean {
  let re: RegExp;
  try {
    re = pattern[0] === "~" ? pythonRegExp(pattern.slice(1)) : fnmatchRegExp(pattern);
  } catch (e) {
    throw new HostPatternError(`Invalid host list pattern: ${pattern}`, { cause: e });
  }
  if (pattern[0] === "~") return (name) => pythonMatch(re, name);
  return (name) => re.test(name);
}

/** `_apply_subscript`, with Python slicing (and its `end == 0` quirk). */
function applySubscript(hosts: string[], subscript: Subscript | null, pattern: string): string[] {
  if (hosts.length === 0 || !subscript) return hosts;
  const [start, end] = subscript;
  if (end) {
    const stop = end === -1 ? hosts.length - 1 : end;
    return pySlice(hosts, start, stop + 1);
  }
  const i = start < 0 ? hosts.length + start : start;
  if (i < 0 || i >= hosts.length) {
    throw new HostPatternError(`No hosts matched the subscripted pattern '${pattern}'`);
  }
  return [hosts[i]];
}

function pySlice<T>(list: T[], start: number, stop: number): T[] {
  const norm = (i: number) => i < 0 ? Math.max(0, list.length + i) : Math.min(i, list.length);
  return list.slice(norm(start), Math.max(norm(start), norm(stop)));
}

function readLimitFile(path: string, cwd: string): string[] {
  const full = isAbsolute(path) ? path : join(cwd, path);
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(full);
  } catch (e) {
    throw new HostPatternError(`Unable to find limit file ${path}`, { cause: e });
  }
  if (!info.isFile) {
    throw new HostPatternError(
      `Limit starting with "@" must be a file, not a directory: ${path}`,
    );
  }
  try {
    return Deno.readTextFileSync(full).split("\n").map((l) => l.trim());
  } catch (e) {
    throw new HostPatternError(`Unable to read limit file ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

function cwd(): string {
  try {
    return Deno.cwd();
  } catch {
    return "/";
  }
}

/**
 * Options of {@link selectHosts}.
 *
 * @example
 * ```ts
 * const opts: SelectHostsOptions = { cwd: "/runner/project" };
 * ```
 */
export interface SelectHostsOptions {
  /** Directory a relative `--limit @file` is read from; default `Deno.cwd()`. */
  cwd?: string;
}

/**
 * Selects the hosts `pattern` names, like `ansible PATTERN --list-hosts`:
 *
 * - `all`/`*`; host or group names; globs (`web*`, `db[0-3]`); `~regex`
 *   (Python `re.match`: anchored at the start only);
 * - `a:b` or `a,b` unions, `&b` intersections, `!b` exclusions, applied
 *   unions first, then intersections, then exclusions;
 * - subscripts on a group or glob: `web[0]`, `web[-1]`, `web[1:3]`
 *   (inclusive), `web[2:]`;
 * - `localhost`/`127.0.0.1`/`::1` not in the inventory select the implicit
 *   localhost (see `Inventory.getHost`); `all` never includes it.
 *
 * `limit` is applied on top like `--limit` (comma/colon separated; `@file`
 * reads one pattern per line, a relative path from `options.cwd`, by
 * default the process's working directory).
 * A name matching nothing adds Ansible's warning and selects nothing. An
 * empty result is returned as is (Ansible's CLI then fails with "Specified
 * inventory, host pattern and/or --limit leaves us with no hosts to
 * target."). Throws {@link HostPatternError} for invalid regexes,
 * out-of-range subscripts and missing limit files.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadInventory } from "../inventory/mod.ts";
 * import { selectHosts } from "./select.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "[web]\nweb1\nweb2\nweb3\n[prod]\nweb[1:3]\ndb1\n");
 * const inventory = await loadInventory([path]);
 *
 * assert.deepEqual(selectHosts(inventory, "web:&prod:!web3"), {
 *   hosts: ["web1", "web2"],
 *   warnings: [],
 * });
 * const limitFile = await Deno.makeTempFile();
 * await Deno.writeTextFile(limitFile, "db1\nweb2\n");
 * // --limit @file: one pattern per line
 * assert.deepEqual(selectHosts(inventory, "all", `@${limitFile}`).hosts, ["web2", "db1"]);
 * await Deno.remove(limitFile);
 * await Deno.remove(path);
 * ```
 */
export function selectHosts(
  inventory: Inventory,
  pattern: string,
  limit?: string,
  options: SelectHostsOptions = {},
): HostSelection {
  const ev = new Evaluator(inventory);
  let hosts = ev.evaluate(splitHostPattern(pattern));
  if (limit) {
    const subset: string[] = [];
    const dir = options.cwd ?? cwd();
    for (const x of splitHostPattern(limit)) {
      if (x[0] === "@") subset.push(...readLimitFile(x.slice(1), dir));
      else subset.push(x);
    }
    if (subset.length) {
      const allowed = new Set(ev.evaluate(subset));
      hosts = hosts.filter((h) => allowed.has(h));
    }
  }
  if (hosts.length === 0 && LOCALHOST_NAMES.includes(pattern)) hosts = [pattern];
  return { hosts, warnings: ev.warnings };
}
