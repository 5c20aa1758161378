/**
 * `apt`: Debian packages, as Ansible 2.14's `ansible.builtin.apt` manages
 * them, without Python on the target: `apt-get`, `apt-cache`, `dpkg-query`,
 * `apt-mark` and `dpkg` run through the host's channel (`apt_target.ts`),
 * and the decisions python-apt makes for Ansible (installed, candidate,
 * `=VERSION` globs, what a `.deb` needs) are made here from their output.
 * The order of `main()` is kept: `clean`, the cache update
 * (`update_cache`, `cache_valid_time`), `upgrade`, `deb`, `name: "*"`
 * with `latest`, `autoclean`/`autoremove` alone, then install or remove.
 * Check mode simulates (`--simulate`), diff mode returns apt's summary as
 * `{"prepared": …}`, results carry Ansible's keys and messages.
 *
 * Not supported: `deb` from a URL (download it to the target first).
 *
 * @module
 */
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import type { ModuleResult } from "../types.ts";
import { pySplitlines } from "../../python/splitlines.ts";
import { type AptArgs, parseAptArgs } from "./apt_args.ts";
import { expandDpkgOptions } from "./apt_commands.ts";
import {
  aptClean,
  AptExit,
  aptFail,
  type AptRun,
  cleanup,
  install,
  installDeb,
  remove,
  updateCache,
  upgrade,
} from "./apt_flows.ts";
import { AptTarget, PolicyRcDError } from "./apt_target.ts";

/**
 * The `apt` module.
 *
 * @example
 * ```ts
 * await play.task("apt", { name: ["nginx", "curl"], update_cache: true, cache_valid_time: 3600 });
 * ```
 */
export const aptModule: ModuleDefinition<AptArgs> = {
  name: "apt",
  fqcn: "ansible.builtin.apt",
  supportsCheckMode: true,
  targetPaths: ["deb"],
  parseArgs: (input) => parseAptArgs(input),
  run: (ctx, args) => runApt(ctx, args),
};

/**
 * Runs `apt` with parsed arguments on the context's host; `package` calls
 * it for Debian targets.
 *
 * @example
 * ```ts
 * const result = await runApt(ctx, parseAptArgs({ name: "curl" }));
 * ```
 */
export async function runApt(ctx: ModuleContext, args: AptArgs): Promise<ModuleResult> {
  const warnings: string[] = [];
  let result: ModuleResult;
  try {
    result = await aptMain(ctx, args, warnings);
  } catch (error) {
    if (error instanceof AptExit) result = error.result;
    else if (error instanceof PolicyRcDError) result = { failed: true, msg: error.message };
    else throw error;
  }
  return withLines(warnings.length > 0 ? { ...result, warnings } : result);
}

/** What Ansible's action adds to a result with `stdout`/`stderr`: their lines. */
function withLines(result: ModuleResult): ModuleResult {
  const out = { ...result };
  if ("stdout" in out && !("stdout_lines" in out)) {
    out.stdout_lines = pySplitlines(typeof out.stdout === "string" ? out.stdout : "");
  }
  if ("stderr" in out && !("stderr_lines" in out)) {
    out.stderr_lines = pySplitlines(typeof out.stderr === "string" ? out.stderr : "");
  }
  return out;
}

async function aptMain(
  ctx: ModuleContext,
  p: AptArgs,
  warnings: string[],
): Promise<ModuleResult> {
  if (p.deb?.includes("://")) {
    aptFail({
      msg: `deb: tachyon's apt does not download packages yet (${p.deb}); ` +
        "fetch the file onto the target first (get_url) and give its path",
    });
  }
  const target = await AptTarget.open(ctx, p.policyRcD);
  if (!target.programs.has("apt-get")) {
    aptFail({ msg: "apt-get was not found on the target: the apt module manages Debian hosts" });
  }
  const run: AptRun = { target, check: ctx.check, diff: ctx.diff, warnings };
  if (p.clean) await aptClean(run);
  const useAptGet = p.forceAptGet || !target.programs.has("aptitude");
  const dpkgOptions = expandDpkgOptions(p.dpkgOptions);
  const upgradeOptions = {
    force: p.force,
    defaultRelease: p.defaultRelease,
    useAptGet,
    dpkgOptions,
    autoremove: p.autoremove,
    failOnAutoremove: p.failOnAutoremove,
    allowUnauthenticated: p.allowUnauthenticated,
    allowDowngrade: p.allowDowngrade,
  };

  let cacheTime = await target.cacheTime();
  let cacheUpdated = false;
  if (p.updateCache || p.cacheValidTime) {
    [cacheUpdated, cacheTime] = await updateCache(run, cacheTime, {
      cacheValidTime: p.cacheValidTime,
      retries: p.updateCacheRetries,
      retryMaxDelay: p.updateCacheRetryMaxDelay,
      lockTimeout: p.lockTimeout,
    });
    if (!p.packages?.length && !p.upgrade && !p.deb) {
      return { changed: cacheUpdated, cache_updated: cacheUpdated, cache_update_time: cacheTime };
    }
  }
  if (p.upgrade) await upgrade(run, p.upgrade, upgradeOptions);
  if (p.deb) {
    if (p.state !== "present") aptFail({ msg: "deb only supports state=present" });
    await installDeb(run, expandHome(p.deb, target.home), {
      force: p.force,
      failOnAutoremove: p.failOnAutoremove,
      installRecommends: p.installRecommends,
      allowUnauthenticated: p.allowUnauthenticated,
      allowDowngrade: p.allowDowngrade,
      allowChangeHeldPackages: p.allowChangeHeldPackages,
      dpkgOptions: p.dpkgOptions,
    });
  }
  const all = p.packages ?? [];
  const packages = all.filter((x) => x !== "*").map((x) => x.trim());
  if (p.state === "latest" && all.includes("*")) {
    if (packages.length > 0) {
      aptFail({
        msg: "unable to install additional packages when upgrading all installed packages",
      });
    }
    await upgrade(run, "yes", upgradeOptions);
  }
  for (const spec of packages) {
    if (spec.split("=").length > 2) aptFail({ msg: `invalid package spec: ${spec}` });
  }
  if (packages.length === 0) {
    const common = { purge: p.purge, force: p.force, dpkgOptions };
    if (p.autoclean) await cleanup(run, "autoclean", common);
    if (p.autoremove) await cleanup(run, "autoremove", common);
  }
  if (p.state === "absent") {
    return await remove(run, packages, {
      purge: p.purge,
      force: p.force,
      dpkgOptions,
      autoremove: p.autoremove,
    });
  }
  const [success, data] = await install(run, packages, {
    upgrade: p.state === "latest",
    defaultRelease: p.defaultRelease,
    installRecommends: p.installRecommends,
    force: p.force,
    dpkgOptions,
    buildDep: p.state === "build-dep",
    fixed: p.state === "fixed",
    autoremove: p.autoremove,
    failOnAutoremove: p.failOnAutoremove,
    onlyUpgrade: p.onlyUpgrade,
    allowUnauthenticated: p.allowUnauthenticated,
    allowDowngrade: p.allowDowngrade,
    allowChangeHeldPackages: p.allowChangeHeldPackages,
  });
  const result = { ...data, cache_updated: cacheUpdated, cache_update_time: cacheTime };
  return success ? result : { ...result, failed: true };
}

/** `type='path'`'s `~` expansion, with the target user's home. */
function expandHome(path: string, home: string): string {
  if (home === "" || !(path === "~" || path.startsWith("~/"))) return path;
  return home + path.slice(1);
}
