/**
 * The command lines Ansible's `apt` runs, as the exact text it builds
 * (failure messages quote it: `'/usr/bin/apt-get -y … install 'foo'' failed:
 * …`), and its reading of their output: `parse_diff` (the `prepared` diff)
 * and the "nothing happened" markers. The words to run are the text split
 * as Ansible's `run_command` splits it (`shlex`). Pure.
 *
 * @module
 */
import { pySplitlines } from "../../python/splitlines.ts";

/** apt-get's summary when nothing changes. */
export const APT_GET_ZERO = "\n0 upgraded, 0 newly installed";
/** aptitude's summary when nothing changes. */
export const APTITUDE_ZERO = "\n0 packages upgraded, 0 newly installed";
/** What a cleanup's output says when it changed something. */
export const CLEAN_CHANGED_MARKER = {
  autoremove: "The following packages will be REMOVED",
  autoclean: "Del ",
} as const;

/**
 * `expand_dpkg_options`: `a,b` → `-o "Dpkg::Options::=--a" -o "Dpkg::Options::=--b"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expandDpkgOptions } from "./apt_commands.ts";
 * assert.equal(
 *   expandDpkgOptions("force-confdef,force-confold"),
 *   '-o "Dpkg::Options::=--force-confdef" -o "Dpkg::Options::=--force-confold"',
 * );
 * ```
 */
export function expandDpkgOptions(options: string): string {
  return options.split(",").map((o) => ` -o "Dpkg::Options::=--${o}"`).join("").trim();
}

/** What `install` puts on apt-get's command line. */
export interface InstallCommandOptions {
  /** apt-get's path. */
  aptGet: string;
  /** Expanded dpkg options. */
  dpkgOptions: string;
  /** The packages, each already quoted as Ansible quotes them (`'foo=1.0'`). */
  packages: string;
  /** `build-dep` instead of `install`. */
  buildDep?: boolean;
  /** `--only-upgrade`. */
  onlyUpgrade?: boolean;
  /** `--fix-broken`. */
  fixed?: boolean;
  /** `--force-yes`. */
  force?: boolean;
  /** `--auto-remove`. */
  autoremove?: boolean;
  /** `--no-remove`. */
  failOnAutoremove?: boolean;
  /** `--simulate`. */
  check?: boolean;
  /** `-t 'RELEASE'`. */
  defaultRelease?: string;
  /** `-o APT::Install-Recommends=yes|no`. */
  installRecommends?: boolean;
  /** `--allow-unauthenticated`. */
  allowUnauthenticated?: boolean;
  /** `--allow-downgrades`. */
  allowDowngrade?: boolean;
  /** `--allow-change-held-packages`. */
  allowChangeHeldPackages?: boolean;
}

const flag = (on: boolean | undefined, text: string) => on ? text : "";

/**
 * The `apt-get … install` (or `build-dep`) line of Ansible's `install()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { installCommand } from "./apt_commands.ts";
 * assert.equal(
 *   installCommand({ aptGet: "/usr/bin/apt-get", dpkgOptions: "-o X", packages: "'foo'" }),
 *   "/usr/bin/apt-get -y -o X       install 'foo'",
 * );
 * ```
 */
export function installCommand(o: InstallCommandOptions): string {
  let cmd = o.buildDep
    ? `${o.aptGet} -y ${o.dpkgOptions} ${flag(o.onlyUpgrade, "--only-upgrade")} ${
      flag(o.fixed, "--fix-broken")
    } ${flag(o.force, "--force-yes")} ${flag(o.failOnAutoremove, "--no-remove")} ${
      flag(o.check, "--simulate")
    } build-dep ${o.packages}`
    : `${o.aptGet} -y ${o.dpkgOptions} ${flag(o.onlyUpgrade, "--only-upgrade")} ${
      flag(o.fixed, "--fix-broken")
    } ${flag(o.force, "--force-yes")} ${flag(o.autoremove, "--auto-remove")} ${
      flag(o.failOnAutoremove, "--no-remove")
    } ${flag(o.check, "--simulate")} install ${o.packages}`;
  if (o.defaultRelease) cmd += ` -t '${o.defaultRelease}'`;
  if (o.installRecommends === false) cmd += " -o APT::Install-Recommends=no";
  else if (o.installRecommends === true) cmd += " -o APT::Install-Recommends=yes";
  if (o.allowUnauthenticated) cmd += " --allow-unauthenticated";
  if (o.allowDowngrade) cmd += " --allow-downgrades";
  if (o.allowChangeHeldPackages) cmd += " --allow-change-held-packages";
  return cmd;
}

/**
 * The `apt-get -q -y … remove` line of Ansible's `remove()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { removeCommand } from "./apt_commands.ts";
 * assert.equal(
 *   removeCommand({ aptGet: "apt-get", dpkgOptions: "-o X", packages: "'foo'", purge: true }),
 *   "apt-get -q -y -o X --purge    remove 'foo'",
 * );
 * ```
 */
export function removeCommand(o: {
  aptGet: string;
  dpkgOptions: string;
  packages: string;
  purge?: boolean;
  force?: boolean;
  autoremove?: boolean;
  check?: boolean;
}): string {
  return `${o.aptGet} -q -y ${o.dpkgOptions} ${flag(o.purge, "--purge")} ${
    flag(o.force, "--force-yes")
  } ${flag(o.autoremove, "--auto-remove")} ${flag(o.check, "--simulate")} remove ${o.packages}`;
}

/**
 * The `apt-get -y … autoremove|autoclean` line of Ansible's `cleanup()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cleanupCommand } from "./apt_commands.ts";
 * assert.equal(
 *   cleanupCommand({ aptGet: "apt-get", dpkgOptions: "-o X", operation: "autoremove" }),
 *   "apt-get -y -o X   autoremove ",
 * );
 * ```
 */
export function cleanupCommand(o: {
  aptGet: string;
  dpkgOptions: string;
  operation: "autoremove" | "autoclean";
  purge?: boolean;
  force?: boolean;
  check?: boolean;
}): string {
  return `${o.aptGet} -y ${o.dpkgOptions} ${flag(o.purge, "--purge")} ${
    flag(o.force, "--force-yes")
  } ${o.operation} ${flag(o.check, "--simulate")}`;
}

/** How `upgrade()` runs: the program, its subcommand, and the text its messages use. */
export interface UpgradePlan {
  /** `apt-get` or `aptitude` (the name as the messages give it). */
  program: "apt-get" | "aptitude";
  /** The subcommand and its own flags (`dist-upgrade --auto-remove`). */
  subcommand: string;
  /** Whether aptitude may prompt (`safe-upgrade`). */
  prompts: boolean;
}

/**
 * Which program and subcommand Ansible's `upgrade()` picks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { upgradePlan } from "./apt_commands.ts";
 * assert.deepEqual(upgradePlan("yes", true, false), {
 *   program: "apt-get", subcommand: "upgrade --with-new-pkgs ", prompts: false,
 * });
 * ```
 */
export function upgradePlan(
  mode: "dist" | "full" | "safe" | "yes",
  useAptGet: boolean,
  autoremove: boolean,
): UpgradePlan {
  const auto = flag(autoremove, "--auto-remove");
  if (mode === "dist" || (mode === "full" && useAptGet)) {
    return { program: "apt-get", subcommand: `dist-upgrade ${auto}`, prompts: false };
  }
  if (mode === "full") return { program: "aptitude", subcommand: "full-upgrade", prompts: false };
  if (useAptGet) {
    return { program: "apt-get", subcommand: `upgrade --with-new-pkgs ${auto}`, prompts: false };
  }
  return { program: "aptitude", subcommand: "safe-upgrade", prompts: true };
}

/**
 * The line of Ansible's `upgrade()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { upgradeCommand } from "./apt_commands.ts";
 * assert.equal(
 *   upgradeCommand({ path: "/usr/bin/apt-get", program: "apt-get", dpkgOptions: "-o X",
 *     subcommand: "dist-upgrade " }),
 *   "/usr/bin/apt-get -y -o X      dist-upgrade ",
 * );
 * ```
 */
export function upgradeCommand(o: {
  path: string;
  program: "apt-get" | "aptitude";
  dpkgOptions: string;
  subcommand: string;
  force?: boolean;
  failOnAutoremove?: boolean;
  allowUnauthenticated?: boolean;
  allowDowngrade?: boolean;
  check?: boolean;
  defaultRelease?: string;
}): string {
  const force = o.force
    ? (o.program === "apt-get" ? "--force-yes" : "--assume-yes --allow-untrusted")
    : "";
  let cmd = `${o.path} -y ${o.dpkgOptions} ${force} ${flag(o.failOnAutoremove, "--no-remove")} ${
    flag(o.allowUnauthenticated, "--allow-unauthenticated")
  } ${flag(o.allowDowngrade, "--allow-downgrades")} ${flag(o.check, "--simulate")} ${o.subcommand}`;
  if (o.defaultRelease) cmd += ` -t '${o.defaultRelease}'`;
  return cmd;
}

/**
 * `parse_diff`: the part of apt's output between `Reading state
 * information...` (or aptitude's `Resolving dependencies...`) and the
 * `N upgraded` summary line, as `{ prepared }`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseDiff } from "./apt_commands.ts";
 * const out = "Reading state information...\nThe following NEW packages will be installed:\n" +
 *   "  foo\n0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.\nInst foo\n";
 * assert.deepEqual(parseDiff(out), {
 *   prepared: "The following NEW packages will be installed:\n  foo\n" +
 *     "0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.",
 * });
 * ```
 */
export function parseDiff(output: string): { prepared: string } {
  const lines = pySplitlines(output);
  let start = lines.indexOf("Resolving dependencies...");
  if (start < 0) start = lines.indexOf("Reading state information...");
  let end = lines.findIndex((l) => /^[0-9]+ (packages )?upgraded/.test(l));
  if (end < 0) end = lines.length;
  return { prepared: lines.slice(start + 1, end + 1).join("\n") };
}
