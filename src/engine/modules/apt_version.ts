/**
 * Debian package versions and dependency fields, as `apt_pkg` (python-apt)
 * handles them for Ansible's `apt` module: `version_compare` (dpkg's
 * ordering: epoch, then upstream version, then revision, `~` before
 * anything), `check_dep` and `parse_depends`. Pure: the module decides on
 * the controller what the target's `apt-cache` and `dpkg-query` reported.
 *
 * @module
 */

/** A character's weight in dpkg's `verrevcmp` (letters first, `~` lowest). */
function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c >= "0" && c <= "9") return 0;
  if ((c >= "A" && c <= "Z") || (c >= "a" && c <= "z")) return c.charCodeAt(0);
  if (c === "~") return -1;
  return c.charCodeAt(0) + 256;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/** dpkg's `verrevcmp`: one upstream version or revision against another. */
function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(a[i]);
      const bc = order(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === "0") i++;
    while (b[j] === "0") j++;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

function splitVersion(v: string): { epoch: number; upstream: string; revision: string } {
  const colon = v.indexOf(":");
  const epoch = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? Number(v.slice(0, colon)) : 0;
  const rest = colon > 0 && /^\d+$/.test(v.slice(0, colon)) ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf("-");
  return dash < 0
    ? { epoch, upstream: rest, revision: "" }
    : { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
}

/**
 * Compares two Debian versions: negative, 0 or positive, as
 * `dpkg --compare-versions` orders them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareDebianVersions } from "./apt_version.ts";
 * assert.ok(compareDebianVersions("1.0~rc1", "1.0") < 0);
 * assert.ok(compareDebianVersions("1:0.9", "2.0") > 0);
 * assert.equal(compareDebianVersions("1.0-0", "1.0"), 0);
 * ```
 */
export function compareDebianVersions(a: string, b: string): number {
  const x = splitVersion(a);
  const y = splitVersion(b);
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  const upstream = verrevcmp(x.upstream, y.upstream);
  if (upstream !== 0) return upstream;
  return verrevcmp(x.revision, y.revision);
}

/**
 * `apt_pkg.check_dep(version, op, wanted)`: whether `version` satisfies the
 * relation; an empty `op` is satisfied by any version. `<` and `>` are
 * strict (`parse_depends` turns a field's `<<`/`>>` into them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkDependency } from "./apt_version.ts";
 * assert.ok(checkDependency("1.1", ">=", "1.0"));
 * assert.ok(!checkDependency("1.0", "<", "1.0"));
 * assert.ok(checkDependency("1.0", "", ""));
 * ```
 */
export function checkDependency(version: string, op: string, wanted: string): boolean {
  if (op === "") return true;
  const c = compareDebianVersions(version, wanted);
  switch (op) {
    case "<":
    case "<<":
      return c < 0;
    case "<=":
      return c <= 0;
    case "=":
      return c === 0;
    case ">=":
      return c >= 0;
    case ">":
    case ">>":
      return c > 0;
    case "!=":
      return c !== 0;
    default:
      return false;
  }
}

/** One alternative of a dependency: `[name, version, op]`, as `parse_depends` returns it. */
export type DependencyAlternative = readonly [name: string, version: string, op: string];

/** `parse_depends` turns the field's operators into these. */
const FIELD_OPS: Readonly<Record<string, string>> = {
  "<<": "<",
  ">>": ">",
  "<": "<=",
  ">": ">=",
  "<=": "<=",
  ">=": ">=",
  "=": "=",
};

/**
 * `apt_pkg.parse_depends(text, False)`: a `Depends`-style field as or-groups
 * of `[name, version, op]`; architecture lists and build profiles are
 * dropped, `:any` qualifiers kept.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDepends } from "./apt_version.ts";
 * assert.deepEqual(parseDepends("a (>= 1.0) | b (<< 2), c"), [
 *   [["a", "1.0", ">="], ["b", "2", "<"]],
 *   [["c", "", ""]],
 * ]);
 * ```
 */
export function parseDepends(text: string): DependencyAlternative[][] {
  const groups: DependencyAlternative[][] = [];
  for (const group of text.split(",")) {
    if (group.trim() === "") continue;
    const alternatives: DependencyAlternative[] = [];
    for (const alt of group.split("|")) {
      const clean = alt.replace(/\[[^\]]*\]/g, "").replace(/<[^>]*>/g, "").trim();
      const m = /^(\S+?)\s*(?:\(\s*(<<|>>|<=|>=|=|<|>)\s*([^)\s]+)\s*\))?$/.exec(clean);
      if (!m) continue;
      alternatives.push(m[2] ? [m[1], m[3], FIELD_OPS[m[2]]] : [m[1], "", ""]);
    }
    if (alternatives.length > 0) groups.push(alternatives);
  }
  return groups;
}
