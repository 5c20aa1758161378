/**
 * What `apt` knows about one package on the target, and Ansible's
 * `package_status` over it: installed or not, whether the installed version
 * matches the request, and the version to install. The facts come from
 * `dpkg-query` (the dpkg status), `/var/lib/dpkg/info/NAME.list` (files
 * left, for `purge`) and `apt-cache policy` (candidate and version table,
 * with `-o APT::Default-Release=…` for `default_release`); a `=VERSION`
 * request is resolved as python-apt's pin of priority 1001 resolves it: the
 * highest version matching the glob. Pure.
 *
 * @module
 */
import { fnmatchCase } from "../../python/fnmatch.ts";
import { compareDebianVersions } from "./apt_version.ts";

/** One row of `apt-cache policy`'s version table. */
export interface PolicyVersion {
  /** The version. */
  version: string;
  /** Its pin priority. */
  priority: number;
  /** Marked `***`: the installed version. */
  installed: boolean;
}

/** One package's `apt-cache policy` block. */
export interface PackagePolicy {
  /** `Candidate:` (undefined for `(none)`). */
  candidate?: string;
  /** The version table. */
  versions: PolicyVersion[];
}

/**
 * Parses `apt-cache policy NAME` (one package; the C locale's labels).
 * An unknown name prints nothing: undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePolicy } from "./apt_status.ts";
 * const p = parsePolicy(
 *   "foo:\n  Installed: 1.0\n  Candidate: 1.1\n  Version table:\n     1.1 500\n" +
 *     "        500 file:/srv/repo ./ Packages\n *** 1.0 100\n        100 /var/lib/dpkg/status\n",
 * );
 * assert.equal(p?.candidate, "1.1");
 * assert.deepEqual(p?.versions.map((v) => v.version), ["1.1", "1.0"]);
 * ```
 */
export function parsePolicy(text: string): PackagePolicy | undefined {
  if (text.trim() === "") return undefined;
  let candidate: string | undefined;
  const versions: PolicyVersion[] = [];
  for (const line of text.split("\n")) {
    const c = /^\s+Candidate:\s+(\S+)\s*$/.exec(line);
    if (c) {
      candidate = c[1] === "(none)" ? undefined : c[1];
      continue;
    }
    const v = /^ (\*\*\*| {3}) (\S+) (-?\d+)\s*$/.exec(line);
    if (v) versions.push({ version: v[2], priority: Number(v[3]), installed: v[1] === "***" });
  }
  return { candidate, versions };
}

/** What the target reported about one package name. */
export interface PackageFacts {
  /** The name asked about. */
  name: string;
  /** dpkg's two-letter status (`ii`, `rc`, …), when dpkg knows the package. */
  dpkgStatus?: string;
  /** dpkg's version of it. */
  dpkgVersion?: string;
  /** Its `.list` file exists (files or conffiles left: `purge` has work). */
  hasFiles: boolean;
  /** `apt-cache policy`, when apt knows the name. */
  policy?: PackagePolicy;
  /** Real packages that provide the name (when it has no versions itself). */
  providers: string[];
}

/** `package_status`'s answer. */
export interface PackageStatus {
  /** Installed (dpkg's state `installed`), any version. */
  installed: boolean;
  /** The installed version matches the request. */
  installedVersionMatches: boolean;
  /** The version to install, `true` for "let apt decide" (a virtual package), or none. */
  installable: string | true | undefined;
  /** Files are left (installed, or configuration files after a remove). */
  hasFiles: boolean;
}

/**
 * Ansible's `package_split`: `name`, the operator (`=` or `>=`) and the
 * version, split at the first `=` or `>=`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitPackageSpec } from "./apt_status.ts";
 * assert.deepEqual(splitPackageSpec("nginx=1.18*"), ["nginx", "=", "1.18*"]);
 * assert.deepEqual(splitPackageSpec("nginx"), ["nginx", undefined, undefined]);
 * ```
 */
export function splitPackageSpec(
  spec: string,
): [name: string, op: "=" | ">=" | undefined, version: string | undefined] {
  const m = /(>?=)/.exec(spec);
  if (!m) return [spec, undefined, undefined];
  return [spec.slice(0, m.index), m[1] as "=" | ">=", spec.slice(m.index + m[1].length)];
}

/**
 * Whether `facts` name a real package (one with versions), as `cache[name]` finds it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isRealPackage } from "./apt_status.ts";
 * assert.equal(isRealPackage({ name: "mta", hasFiles: false, providers: ["exim4"] }), false);
 * ```
 */
export function isRealPackage(facts: PackageFacts): boolean {
  return (facts.policy?.versions.length ?? 0) > 0;
}

/**
 * The version a request resolves to: for `=GLOB` the highest version
 * matching it (python-apt pins them at 1001), else apt's candidate;
 * undefined when none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bestVersion } from "./apt_status.ts";
 * const policy = { candidate: "1.2", versions: [
 *   { version: "1.2", priority: 500, installed: false },
 *   { version: "1.1", priority: 500, installed: false },
 * ] };
 * assert.equal(bestVersion(policy, "=", "1.1*"), "1.1");
 * assert.equal(bestVersion(policy, undefined, undefined), "1.2");
 * ```
 */
export function bestVersion(
  policy: PackagePolicy,
  op: "=" | ">=" | undefined,
  version: string | undefined,
): string | undefined {
  if (op !== "=" || version === undefined) return policy.candidate;
  const matching = policy.versions
    .map((v) => v.version)
    .filter((v) => v === version || fnmatchCase(v, version));
  if (matching.length === 0) return undefined;
  return matching.reduce((best, v) => compareDebianVersions(v, best) > 0 ? v : best);
}

/**
 * Ansible's `package_status` for an install (`state` present/latest) or a
 * removal. A name apt does not know is `undefined` for an install (the
 * caller fails with "No package matching"), unless packages provide it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { packageStatus } from "./apt_status.ts";
 * const facts = {
 *   name: "foo", dpkgStatus: "ii", dpkgVersion: "1.0", hasFiles: true, providers: [],
 *   policy: { candidate: "1.1", versions: [
 *     { version: "1.1", priority: 500, installed: false },
 *     { version: "1.0", priority: 100, installed: true },
 *   ] },
 * };
 * assert.deepEqual(packageStatus(facts, undefined, undefined, "install"), {
 *   installed: true, installedVersionMatches: true, installable: "1.1", hasFiles: true,
 * });
 * ```
 */
export function packageStatus(
  facts: PackageFacts,
  op: "=" | ">=" | undefined,
  version: string | undefined,
  purpose: "install" | "remove",
  lookup: (name: string) => PackageFacts | undefined = () => undefined,
): PackageStatus | undefined {
  if (!isRealPackage(facts)) {
    if (purpose === "remove") {
      return {
        installed: false,
        installedVersionMatches: false,
        installable: undefined,
        hasFiles: false,
      };
    }
    if (facts.providers.length === 0) return undefined;
    if (facts.providers.length === 1) {
      const provider = lookup(facts.providers[0]);
      const status = provider && packageStatus(provider, op, version, "install");
      if (status?.installed) return status;
    }
    return { installed: false, installedVersionMatches: false, installable: true, hasFiles: false };
  }
  const policy = facts.policy!;
  const installed = facts.dpkgStatus?.[1] === "i";
  const best = bestVersion(policy, op, version);
  let matches = false;
  let installable: string | undefined;
  if (installed) {
    const current = facts.dpkgVersion ?? "";
    if (op === "=") {
      matches = fnmatchCase(current, version!);
      if (best && current !== best && fnmatchCase(best, version!)) installable = best;
    } else if (op === ">=") {
      matches = compareDebianVersions(current, version!) >= 0;
      if (best && current !== best && compareDebianVersions(best, version!) >= 0) {
        installable = best;
      }
    } else {
      matches = true;
      if (best && current !== best) installable = best;
    }
  } else {
    installable = best;
  }
  return { installed, installedVersionMatches: matches, installable, hasFiles: facts.hasFiles };
}
