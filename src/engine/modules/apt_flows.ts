/**
 * The operations of Ansible 2.14's `apt` module, one function each, as its
 * `install`, `remove`, `cleanup`, `aptclean`, `upgrade`, `install_deb` and
 * the cache update in `main` do them: the same commands (`apt_commands.ts`),
 * the same decisions (`apt_status.ts`, `apt_deb.ts`) and the same result
 * keys and messages. Where Ansible's module ends the run (`exit_json`,
 * `fail_json`), these throw {@linkcode AptExit} with the result.
 *
 * @module
 */
import { shellQuote } from "../connection/connection.ts";
import { fnmatchCase } from "../../python/fnmatch.ts";
import type { ModuleResult } from "../types.ts";
import {
  APT_GET_ZERO,
  APTITUDE_ZERO,
  CLEAN_CHANGED_MARKER,
  cleanupCommand,
  expandDpkgOptions,
  installCommand,
  parseDiff,
  removeCommand,
  upgradeCommand,
  upgradePlan,
} from "./apt_commands.ts";
import {
  type CandidateInfo,
  checkDeb,
  INSTALLED_FORMAT,
  parseControl,
  parseInstalled,
} from "./apt_deb.ts";
import { type PackageFacts, packageStatus, splitPackageSpec } from "./apt_status.ts";
import { planInstall, planRemove, UnknownPackageError } from "./apt_plan.ts";
import type { AptTarget } from "./apt_target.ts";
import { compareDebianVersions } from "./apt_version.ts";

/**
 * The module's run ends here with `result` (Ansible's `exit_json`, or
 * `fail_json` when `result.failed`).
 *
 * @example
 * ```ts
 * throw new AptExit({ changed: false, failed: true, msg: "deb only supports state=present" });
 * ```
 */
export class AptExit extends Error {
  /** The error's name. */
  override name = "AptExit";
  /** The module's result. */
  readonly result: ModuleResult;

  /** Ends the run with `result`. */
  constructor(result: ModuleResult) {
    super(typeof result.msg === "string" ? result.msg : "apt finished");
    this.result = result;
  }
}

/**
 * Ansible's `fail_json`: ends the run with a failed result.
 *
 * @example
 * ```ts
 * aptFail({ msg: "invalid package spec: a=1=2" });
 * ```
 */
export function aptFail(result: ModuleResult): never {
  throw new AptExit({ ...result, failed: true });
}

/** What the operations share: the target, check and diff mode, warnings. */
export interface AptRun {
  /** The target. */
  readonly target: AptTarget;
  /** Check mode. */
  readonly check: boolean;
  /** Diff mode. */
  readonly diff: boolean;
  /** `module.warn` texts. */
  readonly warnings: string[];
}

/** Options of {@linkcode install}. */
export interface InstallOptions {
  /** `state: latest`. */
  upgrade?: boolean;
  /** `-t`. */
  defaultRelease?: string;
  /** Recommends: yes, no, or the target's default. */
  installRecommends?: boolean;
  /** `--force-yes`. */
  force?: boolean;
  /** Expanded dpkg options. */
  dpkgOptions: string;
  /** `state: build-dep`. */
  buildDep?: boolean;
  /** `state: fixed`. */
  fixed?: boolean;
  /** `--auto-remove`. */
  autoremove?: boolean;
  /** `--no-remove`. */
  failOnAutoremove?: boolean;
  /** `--only-upgrade`, and skip what is not installed. */
  onlyUpgrade?: boolean;
  /** `--allow-unauthenticated`. */
  allowUnauthenticated?: boolean;
  /** `--allow-downgrades`. */
  allowDowngrade?: boolean;
  /** `--allow-change-held-packages`. */
  allowChangeHeldPackages?: boolean;
}

const GLOB_CHARS = /[*?[\]!]/;

/**
 * `expand_pkgspec_from_fnmatches`: a name with glob characters becomes the
 * names it matches (their versions dropped, as Ansible drops them); no
 * match fails.
 *
 * @example
 * ```ts
 * const names = await expandPackageSpecs(run, ["nginx*", "curl=7.*"]);
 * ```
 */
export async function expandPackageSpecs(run: AptRun, specs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  let names: string[] | undefined;
  for (const spec of specs) {
    const [pattern] = splitPackageSpec(spec);
    if (!GLOB_CHARS.test(pattern)) {
      out.push(spec);
      continue;
    }
    names ??= await run.target.packageNames();
    const pool = pattern.includes(":") ? names : names.filter((n) => !n.includes(":"));
    const matches = pool.filter((n) => fnmatchCase(n, pattern));
    if (matches.length === 0) aptFail({ msg: `No package(s) matching '${pattern}' available` });
    out.push(...matches);
  }
  return out;
}

/** Facts of `names`, and of the single provider of each virtual one. */
async function factsOf(
  run: AptRun,
  names: readonly string[],
  defaultRelease?: string,
): Promise<Map<string, PackageFacts>> {
  const facts = await run.target.packageFacts([...new Set(names)], defaultRelease);
  const providers = [...facts.values()]
    .filter((f) => f.providers.length === 1 && !facts.has(f.providers[0]))
    .map((f) => f.providers[0]);
  if (providers.length > 0) {
    for (const [k, v] of await run.target.packageFacts(providers, defaultRelease)) facts.set(k, v);
  }
  return facts;
}

/** `mark_installed_manually`: `apt-mark manual NAMES` (fails the run when it fails). */
async function markInstalledManually(run: AptRun, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const aptMark = run.target.programs.get("apt-mark");
  if (aptMark === undefined) {
    run.warnings.push(
      "Could not find apt-mark binary, not marking package(s) as manually installed.",
    );
    return;
  }
  let cmd = `${aptMark} manual ${names.join(" ")}`;
  let result = await run.target.run(cmd);
  if (
    result.stderr.includes("Invalid operation") ||
    result.stderr.includes("Usage: apt-mark [options] {markauto|unmarkauto} packages")
  ) {
    cmd = `${aptMark} unmarkauto ${names.join(" ")}`;
    result = await run.target.run(cmd);
  }
  if (result.rc !== 0) {
    aptFail({
      msg: `'${cmd}' failed: ${result.stderr}`,
      stdout: result.stdout,
      stderr: result.stderr,
      rc: result.rc,
    });
  }
}

/**
 * Ansible's `install()`: `[success, data]`, where data is the result
 * (`changed`, `stdout`, `stderr`, `diff`, or `msg` and `rc` on failure).
 *
 * @example
 * ```ts
 * const [ok, data] = await install(run, ["curl"], { dpkgOptions: expandDpkgOptions("force-confold") });
 * ```
 */
export async function install(
  run: AptRun,
  specs: readonly string[],
  o: InstallOptions,
): Promise<[boolean, ModuleResult]> {
  const expanded = await expandPackageSpecs(run, specs);
  const facts = o.buildDep
    ? new Map<string, PackageFacts>()
    : await factsOf(run, expanded.map((p) => splitPackageSpec(p)[0]), o.defaultRelease);
  let plan;
  try {
    plan = planInstall(
      expanded,
      (name, op, version) =>
        packageStatus(facts.get(name)!, op, version, "install", (n) => facts.get(n)),
      o,
    );
  } catch (error) {
    if (error instanceof UnknownPackageError) aptFail({ msg: error.message });
    throw error;
  }
  if (plan.failure !== undefined) return [false, { msg: plan.failure }];
  const { list, names } = plan;
  let success = true;
  let data: ModuleResult;
  if (list.length > 0) {
    const cmd = installCommand({
      aptGet: run.target.aptGet,
      dpkgOptions: o.dpkgOptions,
      packages: list.join(" "),
      buildDep: o.buildDep,
      onlyUpgrade: o.onlyUpgrade,
      fixed: o.fixed,
      force: o.force,
      autoremove: o.autoremove,
      failOnAutoremove: o.failOnAutoremove,
      check: run.check,
      defaultRelease: o.defaultRelease,
      installRecommends: o.installRecommends,
      allowUnauthenticated: o.allowUnauthenticated,
      allowDowngrade: o.allowDowngrade,
      allowChangeHeldPackages: o.allowChangeHeldPackages,
    });
    const { rc, stdout, stderr } = await run.target.run(cmd, true);
    const changed = o.buildDep ? !stdout.includes(APT_GET_ZERO) : true;
    data = { changed, stdout, stderr, diff: run.diff ? parseDiff(stdout) : {} };
    if (rc !== 0) {
      success = false;
      data = { msg: `'${cmd}' failed: ${stderr}`, stdout, stderr, rc };
    }
  } else {
    data = { changed: false };
  }
  if (!o.buildDep && !run.check) await markInstalledManually(run, names);
  return [success, data];
}

/**
 * Ansible's `remove()`: ends the run.
 *
 * @example
 * ```ts
 * await remove(run, ["curl"], { purge: true, force: false, dpkgOptions: "", autoremove: false });
 * ```
 */
export async function remove(
  run: AptRun,
  specs: readonly string[],
  o: { purge: boolean; force: boolean; dpkgOptions: string; autoremove: boolean },
): Promise<never> {
  const expanded = await expandPackageSpecs(run, specs);
  const facts = await factsOf(run, expanded.map((p) => splitPackageSpec(p)[0]));
  const list = planRemove(
    expanded,
    (name, op, version) => packageStatus(facts.get(name)!, op, version, "remove")!,
    o.purge,
  );
  if (list.length === 0) throw new AptExit({ changed: false });
  const packages = list.join(" ");
  const cmd = removeCommand({
    aptGet: run.target.aptGet,
    dpkgOptions: o.dpkgOptions,
    packages,
    purge: o.purge,
    force: o.force,
    autoremove: o.autoremove,
    check: run.check,
  });
  const { rc, stdout, stderr } = await run.target.run(cmd, true);
  const diff = run.diff ? parseDiff(stdout) : {};
  if (rc !== 0) {
    aptFail({ msg: `'apt-get remove ${packages}' failed: ${stderr}`, stdout, stderr, rc });
  }
  throw new AptExit({ changed: true, stdout, stderr, diff });
}

/**
 * Ansible's `cleanup()` (`autoremove` or `autoclean` alone): ends the run.
 *
 * @example
 * ```ts
 * await cleanup(run, "autoremove", { purge: false, force: false, dpkgOptions: "" });
 * ```
 */
export async function cleanup(
  run: AptRun,
  operation: "autoremove" | "autoclean",
  o: { purge: boolean; force: boolean; dpkgOptions: string },
): Promise<never> {
  const cmd = cleanupCommand({
    aptGet: run.target.aptGet,
    dpkgOptions: o.dpkgOptions,
    operation,
    purge: o.purge,
    force: o.force,
    check: run.check,
  });
  const { rc, stdout, stderr } = await run.target.run(cmd, true);
  const diff = run.diff ? parseDiff(stdout) : {};
  if (rc !== 0) aptFail({ msg: `'apt-get ${operation}' failed: ${stderr}`, stdout, stderr, rc });
  throw new AptExit({
    changed: stdout.includes(CLEAN_CHANGED_MARKER[operation]),
    stdout,
    stderr,
    diff,
  });
}

/**
 * Ansible's `aptclean()`: `apt-get clean` (fails the run when it fails).
 *
 * @example
 * ```ts
 * await aptClean(run);
 * ```
 */
export async function aptClean(run: AptRun): Promise<void> {
  const { rc, stdout, stderr } = await run.target.run(["apt-get", "clean"]);
  if (rc !== 0) aptFail({ msg: "apt-get clean failed", stdout, rc });
  if (stderr) aptFail({ msg: `apt-get clean failed: ${stderr}`, stdout, rc });
}

/** Options of {@linkcode upgrade}. */
export interface UpgradeOptions {
  /** `--force-yes`. */
  force: boolean;
  /** `-t`. */
  defaultRelease?: string;
  /** apt-get, not aptitude. */
  useAptGet: boolean;
  /** Expanded dpkg options. */
  dpkgOptions: string;
  /** `--auto-remove`. */
  autoremove: boolean;
  /** `--no-remove`. */
  failOnAutoremove: boolean;
  /** `--allow-unauthenticated`. */
  allowUnauthenticated: boolean;
  /** `--allow-downgrades`. */
  allowDowngrade: boolean;
}

/**
 * Ansible's `upgrade()`: ends the run.
 *
 * @example
 * ```ts
 * await upgrade(run, "dist", { force: false, useAptGet: true, dpkgOptions: "", autoremove: false,
 *   failOnAutoremove: false, allowUnauthenticated: false, allowDowngrade: false });
 * ```
 */
export async function upgrade(
  run: AptRun,
  mode: "dist" | "full" | "safe" | "yes",
  o: UpgradeOptions,
): Promise<never> {
  const plan = upgradePlan(mode, o.useAptGet, o.autoremove);
  const path = run.target.programs.get(plan.program);
  if (path === undefined) {
    aptFail({
      msg: `Failed to find required executable "${plan.program}" in paths: ` +
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    });
  }
  const cmd = upgradeCommand({
    path,
    program: plan.program,
    dpkgOptions: o.dpkgOptions,
    subcommand: plan.subcommand,
    force: o.force,
    failOnAutoremove: o.failOnAutoremove,
    allowUnauthenticated: o.allowUnauthenticated,
    allowDowngrade: o.allowDowngrade,
    check: run.check,
    defaultRelease: o.defaultRelease,
  });
  const { rc, stdout, stderr } = await run.target.run(cmd, true);
  const diff = run.diff ? parseDiff(stdout) : {};
  if (rc !== 0) {
    aptFail({ msg: `'${path} ${plan.subcommand}' failed: ${stderr}`, stdout, rc });
  }
  const zero = plan.program === "apt-get" ? APT_GET_ZERO : APTITUDE_ZERO;
  if (stdout.includes(zero)) throw new AptExit({ changed: false, msg: stdout, stdout, stderr });
  throw new AptExit({ changed: true, msg: stdout, stdout, stderr, diff });
}

/** Options of {@linkcode installDeb}. */
export interface InstallDebOptions {
  /** `--force-yes` and `dpkg --force-all`, and install what the check refused. */
  force: boolean;
  /** `--no-remove`. */
  failOnAutoremove: boolean;
  /** Recommends of the dependencies. */
  installRecommends?: boolean;
  /** `--allow-unauthenticated`. */
  allowUnauthenticated: boolean;
  /** Install a deb older than the installed version. */
  allowDowngrade: boolean;
  /** `--allow-change-held-packages`. */
  allowChangeHeldPackages: boolean;
  /** dpkg options, comma-separated (not expanded). */
  dpkgOptions: string;
}

/** The control fields of a deb on the target, or python-apt's error text. */
async function readDeb(run: AptRun, file: string): Promise<Map<string, string>> {
  const f = shellQuote(file);
  const { stdout, stderr } = await run.target.sh(`
if [ ! -e ${f} ]; then echo 'E 2 No such file or directory'; exit 0; fi
if [ ! -r ${f} ]; then echo 'E 13 Permission denied'; exit 0; fi
dpkg-deb -f ${f} 2>&1 | sed 's/^/C /'
`);
  const error = /^E (\d+) (.*)$/m.exec(stdout);
  if (error) {
    aptFail({
      msg: `Unable to install package: E:Could not open file ${file} - open (${error[1]}: ${
        error[2]
      })`,
    });
  }
  const control = stdout.split("\n").filter((l) => l.startsWith("C ")).map((l) => l.slice(2));
  const fields = parseControl(control.join("\n"));
  if (!fields.has("Package")) {
    const why = control.join("\n").replace(/^dpkg-deb: error: /, "").trim() || stderr.trim();
    aptFail({ msg: `Unable to install package: E:${why}` });
  }
  return fields;
}

/**
 * Ansible's `install_deb()`: ends the run.
 *
 * @example
 * ```ts
 * await installDeb(run, "/tmp/app_1.0_all.deb", { force: false, failOnAutoremove: false,
 *   allowUnauthenticated: false, allowDowngrade: false, allowChangeHeldPackages: false,
 *   dpkgOptions: "force-confdef,force-confold" });
 * ```
 */
export async function installDeb(run: AptRun, debs: string, o: InstallDebOptions): Promise<never> {
  const target = run.target;
  let changed = false;
  const deps: string[] = [];
  const files: string[] = [];
  let installedText: string | undefined;
  for (const file of debs.split(",")) {
    const fields = await readDeb(run, file);
    const name = fields.get("Package") ?? "";
    const version = fields.get("Version") ?? "";
    const key = target.foreignArchitectures.length > 0
      ? `${name}:${fields.get("Architecture") ?? ""}`
      : name;
    installedText ??= (await target.sh(
      `dpkg-query -W -f='${INSTALLED_FORMAT}' 2>/dev/null`,
    )).stdout;
    const installed = parseInstalled(installedText);
    const current = installed.get(key) ?? installed.get(name);
    if (current && compareDebianVersions(version, current.version) === 0) continue;
    const depNames = [
      ...new Set(
        [fields.get("Depends"), fields.get("Pre-Depends")]
          .flatMap((t) => (t ?? "").split(/[,|]/))
          .map((t) => t.replace(/\(.*\)|\[.*\]|<.*>/g, "").trim())
          .filter((t) => t !== ""),
      ),
    ];
    const facts = await factsOf(run, depNames);
    const apt = (n: string): CandidateInfo => {
      const f = facts.get(n);
      const real = (f?.policy?.versions.length ?? 0) > 0;
      return { real, candidate: f?.policy?.candidate, providers: f?.providers ?? [] };
    };
    const check = checkDeb(fields, installed, {
      native: target.architecture,
      foreign: target.foreignArchitectures,
    }, apt);
    if (!check.ok) {
      const later = check.failure.includes("later version") && o.allowDowngrade;
      if (!o.force && !later) aptFail({ msg: check.failure });
    }
    deps.push(...check.missing);
    files.push(file);
  }
  let retvals: ModuleResult = {};
  if (deps.length > 0) {
    const [success, data] = await install(run, deps, {
      installRecommends: o.installRecommends,
      failOnAutoremove: o.failOnAutoremove,
      allowUnauthenticated: o.allowUnauthenticated,
      allowDowngrade: o.allowDowngrade,
      allowChangeHeldPackages: o.allowChangeHeldPackages,
      dpkgOptions: expandDpkgOptions(o.dpkgOptions),
    });
    if (!success) aptFail(data);
    retvals = data;
    changed = data.changed === true;
  }
  if (files.length === 0) {
    throw new AptExit({
      changed,
      stdout: retvals.stdout ?? "",
      stderr: retvals.stderr ?? "",
      diff: retvals.diff ?? "",
    });
  }
  let options = o.dpkgOptions.split(",").map((x) => `--${x}`).join(" ");
  if (run.check) options += " --simulate";
  if (o.force) options += " --force-all";
  const cmd = `dpkg ${options} -i ${files.join(" ")}`;
  const { rc, stdout: out, stderr: err } = await target.run(cmd, true);
  const stdout = typeof retvals.stdout === "string" ? retvals.stdout + out : out;
  const stderr = typeof retvals.stderr === "string" ? retvals.stderr + err : err;
  let diff: unknown;
  if ("diff" in retvals) {
    const before = retvals.diff as Record<string, unknown>;
    diff = typeof before.prepared === "string"
      ? { ...before, prepared: `${before.prepared}\n\n${out}` }
      : before;
  } else {
    diff = parseDiff(out);
  }
  if (rc === 0) throw new AptExit({ changed: true, stdout, stderr, diff });
  aptFail({ msg: `${cmd} failed`, stdout, stderr });
}

/** Options of {@linkcode updateCache}. */
export interface UpdateCacheOptions {
  /** Seconds the cache stays valid (0: always update). */
  cacheValidTime: number;
  /** Tries. */
  retries: number;
  /** Longest wait between tries, in seconds. */
  retryMaxDelay: number;
  /** Seconds to retry while another apt holds the lock. */
  lockTimeout: number;
}

/**
 * The cache update of Ansible's `main()` (`apt-get update`, retried with
 * its backoff; nothing in check mode): `[updated, the cache time after]`.
 *
 * @example
 * ```ts
 * const [updated, time] = await updateCache(run, await run.target.cacheTime(), {
 *   cacheValidTime: 3600, retries: 5, retryMaxDelay: 12, lockTimeout: 60,
 * });
 * ```
 */
export async function updateCache(
  run: AptRun,
  cacheTime: number,
  o: UpdateCacheOptions,
): Promise<[boolean, number]> {
  const target = run.target;
  if (cacheTime + o.cacheValidTime >= target.now) return [false, cacheTime];
  let error = "";
  let done = false;
  const randomize = Math.floor(Math.random() * 1001) / 1000;
  const deadline = Date.now() + o.lockTimeout * 1000;
  for (let retry = 0; retry < o.retries; retry++) {
    if (run.check) {
      done = true;
      break;
    }
    const result = await target.run(["apt-get", "update", "-q"]);
    const fetchError = updateError(result.rc, result.stdout, result.stderr);
    if (fetchError === undefined) {
      done = true;
      break;
    }
    if (
      /Could not get lock|Unable to lock directory/.test(result.stderr) && Date.now() < deadline
    ) {
      retry--;
      await sleep(1000, run.target.ctx.signal);
      continue;
    }
    error = fetchError;
    let delay = 2 ** retry + randomize;
    if (delay > o.retryMaxDelay) delay = o.retryMaxDelay + randomize;
    await sleep(delay * 1000, run.target.ctx.signal);
  }
  if (!done) aptFail({ msg: `Failed to update apt cache: ${error || "unknown reason"}` });
  const after = await target.cacheTime();
  return [run.check || after !== cacheTime, after];
}

/**
 * Whether `apt-get update` failed as python-apt's `cache.update()` fails
 * (an error, or an index it could not fetch), and its text then: apt's
 * messages as python-apt joins them (`E:…, W:…`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { updateError } from "./apt_flows.ts";
 * assert.equal(updateError(0, "Hit:1 file:/srv/repo ./ InRelease\n", ""), undefined);
 * assert.equal(updateError(100, "", "E: Failed to fetch x\nW: y\n"), "E:Failed to fetch x, W:y");
 * ```
 */
export function updateError(rc: number, stdout: string, stderr: string): string | undefined {
  const messages = stderr.split("\n")
    .filter((l) => /^[EW]: /.test(l))
    .map((l) => `${l[0]}:${l.slice(3)}`);
  const failed = rc !== 0 || /^(Err:|E: |W: Failed to fetch|W: Some index files failed)/m.test(
    stdout + "\n" + stderr,
  );
  if (!failed) return undefined;
  return messages.join(", ");
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
