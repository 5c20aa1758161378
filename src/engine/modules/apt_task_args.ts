/**
 * The typed task arguments of `apt` and `package` (types only;
 * `task_args.ts` maps the module names to them).
 *
 * @module
 */

/** The arguments `apt` and `package` share: the packages and what to do with them. */
export type PackageSelection = {
  /** Packages: names, `name=1.0`, `name=1.*`, `name>=1.0`, globs (`tachyon-*`); a list or a comma-separated string. */
  name?: string | readonly string[];
  /** The same as `name`. */
  pkg?: string | readonly string[];
  /** The same as `name`. */
  package?: string | readonly string[];
  /** `present` (default), `absent`, `latest`, `build-dep` or `fixed`. */
  state?: "present" | "absent" | "latest" | "build-dep" | "fixed";
};

/**
 * `apt`: Debian packages.
 *
 * @example
 * ```ts
 * import type { AptTaskArgs } from "./apt_task_args.ts";
 * const args: AptTaskArgs = { name: ["nginx"], update_cache: true, cache_valid_time: 3600 };
 * ```
 */
export type AptTaskArgs = PackageSelection & {
  /** `apt-get update` first. */
  update_cache?: boolean;
  /** The same as `update_cache`. */
  "update-cache"?: boolean;
  /** Tries of the update (default 5). */
  update_cache_retries?: number;
  /** Longest wait between tries, in seconds (default 12). */
  update_cache_retry_max_delay?: number;
  /** Update only when the cache is older than this many seconds (implies `update_cache`). */
  cache_valid_time?: number;
  /** Remove configuration files too (`state: absent`). */
  purge?: boolean;
  /** `.deb` files on the target (comma-separated paths). */
  deb?: string;
  /** `apt-get -t RELEASE`. */
  default_release?: string;
  /** The same as `default_release`. */
  "default-release"?: string;
  /** Install recommended packages (default: the target's apt setting). */
  install_recommends?: boolean;
  /** The same as `install_recommends`. */
  "install-recommends"?: boolean;
  /** `--force-yes` (destructive; almost never wanted). */
  force?: boolean;
  /** Upgrade every package: `dist`, `full`, `safe`/`yes`, or `no` (default). */
  upgrade?: "dist" | "full" | "no" | "safe" | "yes" | boolean;
  /** dpkg options, comma-separated (default `force-confdef,force-confold`). */
  dpkg_options?: string;
  /** Remove dependencies no longer needed. */
  autoremove?: boolean;
  /** Remove downloaded packages that can no longer be downloaded. */
  autoclean?: boolean;
  /** Fail rather than remove a package (`--no-remove`). */
  fail_on_autoremove?: boolean;
  /** Exit code of a temporary `/usr/sbin/policy-rc.d` (101: start no services). */
  policy_rc_d?: number;
  /** Only upgrade packages already installed. */
  only_upgrade?: boolean;
  /** apt-get even where aptitude is installed. */
  force_apt_get?: boolean;
  /** `apt-get clean` first. */
  clean?: boolean;
  /** Install packages that cannot be authenticated. */
  allow_unauthenticated?: boolean;
  /** The same as `allow_unauthenticated`. */
  "allow-unauthenticated"?: boolean;
  /** Allow installing an older version than the installed one. */
  allow_downgrade?: boolean;
  /** The same as `allow_downgrade`. */
  allow_downgrades?: boolean;
  /** The same as `allow_downgrade`. */
  "allow-downgrade"?: boolean;
  /** The same as `allow_downgrade`. */
  "allow-downgrades"?: boolean;
  /** Allow changing held packages. */
  allow_change_held_packages?: boolean;
  /** Seconds to wait for apt's lock (default 60). */
  lock_timeout?: number;
};

/**
 * `package`: the target's package manager (on Debian targets, `apt` with
 * the same arguments).
 *
 * @example
 * ```ts
 * import type { PackageTaskArgs } from "./apt_task_args.ts";
 * const args: PackageTaskArgs = { name: "curl", state: "present" };
 * ```
 */
export type PackageTaskArgs = AptTaskArgs & {
  /** The package manager module (`auto`: the target's `ansible_pkg_mgr`). */
  use?: string;
};
