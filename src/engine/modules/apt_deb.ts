/**
 * `apt deb=FILE`: what python-apt's `DebPackage.check()` decides before
 * Ansible installs a `.deb` with `dpkg -i`: the architecture, "A later
 * version is already installed", conflicts with installed packages,
 * installed packages the file would break, and which dependencies apt must
 * install first (each or-group's first alternative whose candidate
 * satisfies it), with python-apt's failure texts. Pure: the target's
 * `dpkg-deb -f`, `dpkg-query` and `apt-cache` output come in as data.
 *
 * @module
 */
import {
  checkDependency,
  compareDebianVersions,
  type DependencyAlternative,
  parseDepends,
} from "./apt_version.ts";

/**
 * A control file's fields (`Package`, `Version`, …), continuation lines
 * joined with newlines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseControl } from "./apt_deb.ts";
 * const fields = parseControl("Package: foo\nVersion: 1.0\nDescription: x\n more\n");
 * assert.equal(fields.get("Version"), "1.0");
 * assert.equal(fields.get("Description"), "x\n more");
 * ```
 */
export function parseControl(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if ((line.startsWith(" ") || line.startsWith("\t")) && last !== undefined) {
      fields.set(last, `${fields.get(last)}\n${line}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    last = line.slice(0, colon);
    fields.set(last, line.slice(colon + 1).trim());
  }
  return fields;
}

/** One package of the dpkg database. */
export interface InstalledPackage {
  /** Name. */
  name: string;
  /** Architecture. */
  architecture: string;
  /** dpkg's status letters (`ii`, `rc`, …). */
  status: string;
  /** Version. */
  version: string;
  /** Names it provides. */
  provides: string[];
  /** `Depends` and `Pre-Depends`. */
  depends: DependencyAlternative[][];
  /** `Conflicts`. */
  conflicts: DependencyAlternative[][];
}

/** The `dpkg-query -W -f` format {@linkcode parseInstalled} reads. */
export const INSTALLED_FORMAT =
  "${Package}\\t${Architecture}\\t${db:Status-Abbrev}\\t${Version}\\t${Provides}\\t${Depends}\\t${Pre-Depends}\\t${Conflicts}\\n";

/**
 * Reads `dpkg-query -W -f INSTALLED_FORMAT` output; only packages whose
 * files are on the system (not `config-files` or `not-installed`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseInstalled } from "./apt_deb.ts";
 * const db = parseInstalled("foo\tall\tii \t1.0\tbar\tlibc6 (>= 2.3)\t\t\nold\tall\trc \t1\t\t\t\t\n");
 * assert.deepEqual([...db.keys()], ["foo"]);
 * assert.deepEqual(db.get("foo")?.provides, ["bar"]);
 * ```
 */
export function parseInstalled(text: string): Map<string, InstalledPackage> {
  const db = new Map<string, InstalledPackage>();
  for (const line of text.split("\n")) {
    const [name, architecture, status, version, provides, depends, pre, conflicts] = line.split(
      "\t",
    );
    if (!name || version === undefined) continue;
    const state = status.trim()[1];
    if (state === undefined || state === "n" || state === "c") continue;
    db.set(name, {
      name,
      architecture,
      status: status.trim(),
      version,
      provides: parseDepends(provides ?? "").map((g) => g[0][0]),
      depends: [...parseDepends(depends ?? ""), ...parseDepends(pre ?? "")],
      conflicts: parseDepends(conflicts ?? ""),
    });
  }
  return db;
}

/** What the check needs to know about a dependency's name from apt. */
export interface CandidateInfo {
  /** A real package (it has versions). */
  real: boolean;
  /** Its candidate version. */
  candidate?: string;
  /** The packages providing it (when it is virtual). */
  providers: readonly string[];
}

/** The outcome of {@linkcode checkDeb}. */
export interface DebCheck {
  /** Installable. */
  ok: boolean;
  /** python-apt's `_failure_string` when not. */
  failure: string;
  /** The dependencies apt must install first. */
  missing: string[];
}

/** The target's architectures. */
export interface Architectures {
  /** dpkg's native one. */
  native: string;
  /** dpkg's foreign ones. */
  foreign: readonly string[];
}

/**
 * `DebPackage.check()` over the deb's control `fields`, the installed
 * packages and apt's view of the dependency names (`apt(name)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkDeb } from "./apt_deb.ts";
 * const fields = new Map([["Package", "app"], ["Version", "1"], ["Architecture", "all"],
 *   ["Depends", "lib"]]);
 * const check = checkDeb(fields, new Map(), { native: "amd64", foreign: [] },
 *   () => ({ real: true, candidate: "1.0", providers: [] }));
 * assert.deepEqual(check, { ok: true, failure: "", missing: ["lib"] });
 * ```
 */
export function checkDeb(
  fields: ReadonlyMap<string, string>,
  installed: ReadonlyMap<string, InstalledPackage>,
  arch: Architectures,
  apt: (name: string) => CandidateInfo,
): DebCheck {
  const fail = (failure: string): DebCheck => ({ ok: false, failure, missing: [] });
  const name = fields.get("Package") ?? "";
  const version = fields.get("Version") ?? "";
  const debArch = fields.get("Architecture");
  if (debArch === undefined) return fail("No Architecture field in the package");
  let pkgname = name;
  if (debArch !== "all" && debArch !== arch.native) {
    if (!arch.foreign.includes(debArch)) {
      return fail(
        `Wrong architecture '${debArch}' -- Run dpkg --add-architecture to add it and update afterwards`,
      );
    }
    pkgname = `${name}:${debArch}`;
  }
  const current = installed.get(name);
  if (current && compareDebianVersions(current.version, version) > 0) {
    return fail("A later version is already installed");
  }
  const replaces = parseDepends(fields.get("Replaces") ?? "");
  const replaced = (other: InstalledPackage) =>
    replaces.some((g) =>
      g.some(([n, v, op]) => n === other.name && checkDependency(other.version, op, v))
    );
  let failure = "";
  // Conflicts with installed packages (or installed providers of a virtual name).
  let conflicting = false;
  for (const group of parseDepends(fields.get("Conflicts") ?? "")) {
    for (const [depname, ver, op] of group) {
      const targets = installed.has(depname)
        ? [installed.get(depname)!]
        : [...installed.values()].filter((p) => p.provides.includes(depname) && p.name !== name);
      for (const other of targets) {
        if (checkDependency(other.version, op, ver) && !replaced(other)) {
          failure += `Conflicts with the installed package '${other.name}'`;
          conflicting = true;
        }
      }
    }
  }
  if (conflicting) return fail(failure);
  // Installed packages this version would break.
  for (const other of installed.values()) {
    for (const group of other.depends) {
      for (const [depname, ver, op] of group) {
        if (depname === pkgname && !checkDependency(version, op, ver)) {
          return fail(
            `Breaks existing package '${other.name}' dependency ${depname} (${op} ${ver})`,
          );
        }
      }
    }
    for (const group of other.conflicts) {
      for (const [target, ver, op] of group) {
        if (
          target === pkgname && debArch === other.architecture && checkDependency(version, op, ver)
        ) {
          return fail(`Breaks existing package '${other.name}' conflict: ${target} (${op} ${ver})`);
        }
      }
    }
  }
  // Dependencies: satisfied by what is installed, or by a candidate apt can install.
  const missing: string[] = [];
  const depends = [
    ...parseDepends(fields.get("Depends") ?? ""),
    ...parseDepends(fields.get("Pre-Depends") ?? ""),
  ];
  for (const group of depends) {
    if (groupSatisfied(group, installed, apt)) continue;
    const chosen = satisfyGroup(group, apt);
    if (chosen === undefined) {
      return { ok: false, failure: failure + unsatisfiable(group), missing: [] };
    }
    missing.push(chosen);
  }
  return { ok: true, failure, missing };
}

function groupSatisfied(
  group: readonly DependencyAlternative[],
  installed: ReadonlyMap<string, InstalledPackage>,
  apt: (name: string) => CandidateInfo,
): boolean {
  for (const [depname, ver, op] of group) {
    const info = apt(depname);
    if (!info.real && !installed.has(depname)) {
      if (info.providers.some((p) => installed.has(p))) return true;
      continue;
    }
    const inst = installed.get(depname);
    if (inst && checkDependency(inst.version, op, ver)) return true;
    if (op === "") {
      for (const p of installed.values()) if (p.provides.includes(depname)) return true;
    }
  }
  return false;
}

function satisfyGroup(
  group: readonly DependencyAlternative[],
  apt: (name: string) => CandidateInfo,
): string | undefined {
  for (const [name, ver, op] of group) {
    let depname = name;
    let info = apt(depname);
    if (!info.real) {
      if (info.providers.length !== 1) continue;
      depname = info.providers[0];
      info = apt(depname);
    }
    if (info.candidate === undefined) continue;
    if (!checkDependency(info.candidate, op, ver)) continue;
    return depname;
  }
  return undefined;
}

/** python-apt's "Dependency is not satisfiable" text (its relation uses the group's last alternative's test). */
function unsatisfiable(group: readonly DependencyAlternative[]): string {
  const [, lastVer, lastOp] = group[group.length - 1];
  const text = group.map(([n, v, op]) => lastVer && lastOp ? `${n} (${op} ${v})` : n).join("|");
  return `Dependency is not satisfiable: ${text}\n`;
}
