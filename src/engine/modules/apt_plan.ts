/**
 * Which packages `apt` puts on apt-get's command line, and how it writes
 * them (`'name'`, `'name=version'`), from each package's status: the loops
 * of Ansible's `install()` and `remove()`, without the target. Pure.
 *
 * @module
 */
import { type PackageStatus, splitPackageSpec } from "./apt_status.ts";

/** What `install()` decided. */
export interface InstallPlan {
  /** The packages for apt-get, quoted as Ansible quotes them. */
  list: string[];
  /** The names to mark as manually installed. */
  names: string[];
  /** Set when a package has no version to install (`no available installation candidate for …`). */
  failure?: string;
}

/** The status of a package name, or undefined when apt does not know it. */
export type StatusOf = (
  name: string,
  op: "=" | ">=" | undefined,
  version: string | undefined,
) => PackageStatus | undefined;

/**
 * A name apt does not know (`No package matching 'NAME' is available`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UnknownPackageError } from "./apt_plan.ts";
 * assert.equal(new UnknownPackageError("nope").message, "No package matching 'nope' is available");
 * ```
 */
export class UnknownPackageError extends Error {
  /** The error's name. */
  override name = "UnknownPackageError";
  /** Creates the error with Ansible's message for `name`. */
  constructor(name: string) {
    super(`No package matching '${name}' is available`);
  }
}

/**
 * The loop of Ansible's `install()` over expanded specs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planInstall } from "./apt_plan.ts";
 * const plan = planInstall(["foo"], () => ({
 *   installed: false, installedVersionMatches: false, installable: "1.0", hasFiles: false,
 * }), {});
 * assert.deepEqual(plan, { list: ["'foo=1.0'"], names: ["foo"] });
 * ```
 */
export function planInstall(
  specs: readonly string[],
  statusOf: StatusOf,
  o: { upgrade?: boolean; onlyUpgrade?: boolean; buildDep?: boolean },
): InstallPlan {
  const list: string[] = [];
  const names: string[] = [];
  if (o.buildDep) return { list: specs.map((p) => `'${p}'`), names };
  for (const spec of specs) {
    const [name, op, version] = splitPackageSpec(spec);
    names.push(name);
    const status = statusOf(name, op, version);
    if (status === undefined) throw new UnknownPackageError(name);
    if (!status.installed && o.onlyUpgrade) continue;
    if (!status.installedVersionMatches && !status.installable) {
      return { list, names, failure: `no available installation candidate for ${spec}` };
    }
    if (
      status.installable &&
      ((!status.installed && !o.onlyUpgrade) || o.upgrade || !status.installedVersionMatches)
    ) {
      if (status.installable !== true) list.push(`'${name}=${status.installable}'`);
      else if (version) list.push(`'${name}=${version}'`);
      else list.push(`'${name}'`);
    } else if (status.installedVersionMatches && status.installable && op === "=") {
      list.push(`'${name}=${version}'`);
    }
  }
  return { list, names };
}

/**
 * The loop of Ansible's `remove()`: the specs (as given, quoted) that are
 * installed, or that have files left when purging.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planRemove } from "./apt_plan.ts";
 * const rc = { installed: false, installedVersionMatches: false, installable: undefined, hasFiles: true };
 * assert.deepEqual(planRemove(["foo"], () => rc, true), ["'foo'"]);
 * assert.deepEqual(planRemove(["foo"], () => rc, false), []);
 * ```
 */
export function planRemove(
  specs: readonly string[],
  statusOf: (
    name: string,
    op: "=" | ">=" | undefined,
    version: string | undefined,
  ) => PackageStatus,
  purge: boolean,
): string[] {
  const list: string[] = [];
  for (const spec of specs) {
    const [name, op, version] = splitPackageSpec(spec);
    const status = statusOf(name, op, version);
    if (status.installedVersionMatches || (status.hasFiles && purge)) list.push(`'${spec}'`);
  }
  return list;
}
