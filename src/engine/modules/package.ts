/**
 * `package`: Ansible's generic package action. It picks the package manager
 * module as Ansible's action plugin does (`use`, else the host's
 * `ansible_facts.pkg_mgr`, else `setup` with `gather_subset: "!all"` and
 * `filter: ansible_pkg_mgr` run on the host), then runs that module with
 * the task's arguments minus `use`. tachyon ships `apt` only: another
 * package manager fails naming it.
 *
 * @module
 */
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { parseKeyValue } from "../key_value.ts";
import type { ModuleResult } from "../types.ts";
import type { AptArgs } from "./apt_args.ts";
import { parseAptArgs } from "./apt_args.ts";

/** Arguments of `package`: the manager to use and the arguments for it. */
export interface PackageArgs {
  /** `auto` (default) or a module name (`apt`). */
  use: string;
  /** The arguments `apt` gets (`use` removed), parsed. */
  apt: AptArgs;
}

/** The package managers tachyon runs, by `pkg_mgr` fact or `use` value. */
const MANAGERS: ReadonlySet<string> = new Set([
  "apt",
  "ansible.builtin.apt",
  "ansible.legacy.apt",
]);

/** The host's `ansible_facts.pkg_mgr` (or `ansible_pkg_mgr`), when gathered. */
function factPkgMgr(vars: Readonly<Record<string, unknown>>): string | undefined {
  const facts = vars.ansible_facts;
  if (typeof facts === "object" && facts !== null && !Array.isArray(facts)) {
    const mgr = (facts as Record<string, unknown>).pkg_mgr;
    if (typeof mgr === "string") return mgr;
  }
  return typeof vars.ansible_pkg_mgr === "string" ? vars.ansible_pkg_mgr : undefined;
}

/** What `setup` (gather_subset `!all`, filter `ansible_pkg_mgr`) reports on the host. */
async function probedPkgMgr(ctx: ModuleContext): Promise<string> {
  const { setupModule } = await import("./setup.ts");
  const result = await setupModule.run(
    ctx,
    setupModule.parseArgs({ gather_subset: "!all", filter: "ansible_pkg_mgr" }),
  );
  const facts = result.ansible_facts as Record<string, unknown> | undefined;
  return typeof facts?.ansible_pkg_mgr === "string" ? facts.ansible_pkg_mgr : "auto";
}

/**
 * The `package` module.
 *
 * @example
 * ```ts
 * await play.task("package", { name: "curl", state: "present" });
 * ```
 */
export const packageModule: ModuleDefinition<PackageArgs> = {
  name: "package",
  fqcn: "ansible.builtin.package",
  supportsCheckMode: true,
  targetPaths: ["apt.deb"],
  parseArgs(input) {
    const raw = typeof input === "string" ? parseKeyValue(input).params : { ...(input ?? {}) };
    const use = ArgReader.from("package", { use: raw.use }, [{ name: "use" }]).string("use");
    delete raw.use;
    // Ansible's action hands the rest to the manager's module, which checks them.
    return { use: use ?? "auto", apt: parseAptArgs(raw, "ansible.legacy.apt") };
  },
  async run(ctx, args): Promise<ModuleResult> {
    let use = args.use;
    if (use === "auto") use = factPkgMgr(ctx.vars) ?? await probedPkgMgr(ctx);
    if (use === "auto") {
      return {
        changed: false,
        failed: true,
        msg:
          'Could not detect which package manager to use. Try gathering facts or setting the "use" option.',
      };
    }
    if (!MANAGERS.has(use)) {
      return {
        changed: false,
        failed: true,
        msg: `tachyon's package module runs only apt yet; this host's package manager is ${use}`,
      };
    }
    const { runApt } = await import("./apt.ts");
    return await runApt(ctx, args.apt);
  },
};
