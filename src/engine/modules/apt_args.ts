/**
 * The arguments of `apt`, read as Ansible 2.14's `argument_spec` reads them:
 * names and aliases, defaults, types (`upgrade: yes` is the choice `yes`),
 * `deb`/`package`/`upgrade` mutually exclusive. Pure.
 *
 * @module
 */
import { ArgReader, type ParamSpec } from "./args.ts";
import type { ModuleArgsInput } from "./module.ts";

/** The `state` values. */
export const APT_STATES = ["absent", "build-dep", "fixed", "latest", "present"] as const;
/** The `upgrade` values. */
export const APT_UPGRADES = ["dist", "full", "no", "safe", "yes"] as const;
/** `dpkg_options`'s default. */
export const DEFAULT_DPKG_OPTIONS = "force-confdef,force-confold";

/** Arguments of `apt`, defaults applied. */
export interface AptArgs {
  /** The packages (`name`, `pkg`, `package`): names, `name=version`, `name>=version`, globs. */
  packages?: string[];
  /** `present` (default), `absent`, `latest`, `build-dep` or `fixed`. */
  state: (typeof APT_STATES)[number];
  /** `apt-get update` first (`update-cache`); undefined when not given. */
  updateCache?: boolean;
  /** Tries of the cache update. */
  updateCacheRetries: number;
  /** The longest wait between tries, in seconds. */
  updateCacheRetryMaxDelay: number;
  /** Update only when the cache is older than this many seconds (implies `update_cache`). */
  cacheValidTime: number;
  /** Remove configuration files too. */
  purge: boolean;
  /** `.deb` files on the target, comma-separated (or a URL). */
  deb?: string;
  /** `-t RELEASE`. */
  defaultRelease?: string;
  /** Install recommended packages: true, false, or the target's default. */
  installRecommends?: boolean;
  /** `--force-yes` (and `dpkg --force-all`). */
  force: boolean;
  /** An upgrade of every package: `dist`, `full`, `safe`/`yes`; undefined for `no`. */
  upgrade?: "dist" | "full" | "safe" | "yes";
  /** dpkg options, comma-separated, without the leading `--`. */
  dpkgOptions: string;
  /** Remove dependencies no longer needed. */
  autoremove: boolean;
  /** Remove downloaded files that can no longer be downloaded. */
  autoclean: boolean;
  /** `--no-remove`. */
  failOnAutoremove: boolean;
  /** The exit code a temporary `/usr/sbin/policy-rc.d` gives. */
  policyRcD?: number;
  /** Only upgrade packages already installed. */
  onlyUpgrade: boolean;
  /** apt-get even where aptitude is installed. */
  forceAptGet: boolean;
  /** `apt-get clean` first. */
  clean: boolean;
  /** `--allow-unauthenticated`. */
  allowUnauthenticated: boolean;
  /** `--allow-downgrades`. */
  allowDowngrade: boolean;
  /** `--allow-change-held-packages`. */
  allowChangeHeldPackages: boolean;
  /** Seconds to retry while apt's lock is held. */
  lockTimeout: number;
}

/** The parameters `apt` accepts, with Ansible's aliases. */
export const APT_PARAMS: readonly ParamSpec[] = [
  { name: "state" },
  { name: "update_cache", aliases: ["update-cache"] },
  { name: "update_cache_retries" },
  { name: "update_cache_retry_max_delay" },
  { name: "cache_valid_time" },
  { name: "purge" },
  { name: "package", aliases: ["pkg", "name"] },
  { name: "deb" },
  { name: "default_release", aliases: ["default-release"] },
  { name: "install_recommends", aliases: ["install-recommends"] },
  { name: "force" },
  { name: "upgrade" },
  { name: "dpkg_options" },
  { name: "autoremove" },
  { name: "autoclean" },
  { name: "fail_on_autoremove" },
  { name: "policy_rc_d" },
  { name: "only_upgrade" },
  { name: "force_apt_get" },
  { name: "clean" },
  { name: "allow_unauthenticated", aliases: ["allow-unauthenticated"] },
  {
    name: "allow_downgrade",
    aliases: ["allow-downgrade", "allow_downgrades", "allow-downgrades"],
  },
  { name: "allow_change_held_packages" },
  { name: "lock_timeout" },
];

/** Python's `type()` text of a value, for conversion errors. */
function typeText(v: unknown): string {
  if (typeof v === "string") return "<class 'str'>";
  if (typeof v === "boolean") return "<class 'bool'>";
  if (typeof v === "number") return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(v)) return "<class 'list'>";
  return "<class 'dict'>";
}

/** An `int` argument as Ansible's `check_type_int` converts it. */
function intArg(a: ArgReader, name: string, fallback: number): number;
function intArg(a: ArgReader, name: string): number | undefined;
function intArg(a: ArgReader, name: string, fallback?: number): number | undefined {
  const v = a.values[name];
  if (v === undefined) return fallback;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^\s*[-+]?\d+\s*$/.test(v)) return Number(v.trim());
  throw a.error(
    `argument '${name}' is of type ${typeText(v)} and we were unable to convert to int: ` +
      `${typeText(v)} cannot be converted to an int`,
  );
}

/** `upgrade` and its YAML booleans (`yes` → `"yes"`, `no` → `"no"`), as Ansible maps them back. */
function upgradeArg(a: ArgReader): AptArgs["upgrade"] {
  const v = a.values.upgrade;
  const text = v === true ? "yes" : v === false ? "no" : a.string("upgrade");
  if (text === undefined || text === "no") return undefined;
  if (!(APT_UPGRADES as readonly string[]).includes(text)) {
    throw a.error(`value of upgrade must be one of: ${APT_UPGRADES.join(", ")}, got: ${text}`);
  }
  return text as AptArgs["upgrade"];
}

/**
 * Reads `apt`'s arguments; throws `ModuleArgsError` with Ansible's message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseAptArgs } from "./apt_args.ts";
 * const args = parseAptArgs({ name: "nginx,curl", update_cache: true });
 * assert.deepEqual(args.packages, ["nginx", "curl"]);
 * assert.equal(args.state, "present");
 * ```
 */
export function parseAptArgs(input: ModuleArgsInput, module = "apt"): AptArgs {
  const a = ArgReader.from(module, input, APT_PARAMS);
  a.exclusive("deb", "package", "upgrade");
  const state = a.choice("state", APT_STATES, "present");
  const packages = a.list("package");
  return {
    packages,
    state,
    updateCache: a.has("update_cache") ? a.bool("update_cache", false) : undefined,
    updateCacheRetries: intArg(a, "update_cache_retries", 5),
    updateCacheRetryMaxDelay: intArg(a, "update_cache_retry_max_delay", 12),
    cacheValidTime: intArg(a, "cache_valid_time", 0),
    purge: a.bool("purge", false),
    deb: a.string("deb"),
    defaultRelease: a.string("default_release"),
    installRecommends: a.has("install_recommends")
      ? a.bool("install_recommends", false)
      : undefined,
    force: a.bool("force", false),
    upgrade: upgradeArg(a),
    dpkgOptions: a.string("dpkg_options") ?? DEFAULT_DPKG_OPTIONS,
    autoremove: a.bool("autoremove", false),
    autoclean: a.bool("autoclean", false),
    failOnAutoremove: a.bool("fail_on_autoremove", false),
    policyRcD: intArg(a, "policy_rc_d"),
    onlyUpgrade: a.bool("only_upgrade", false),
    forceAptGet: a.bool("force_apt_get", false),
    clean: a.bool("clean", false),
    allowUnauthenticated: a.bool("allow_unauthenticated", false),
    allowDowngrade: a.bool("allow_downgrade", false),
    allowChangeHeldPackages: a.bool("allow_change_held_packages", false),
    lockTimeout: intArg(a, "lock_timeout", 60),
  };
}
