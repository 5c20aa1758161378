/**
 * The typed task arguments of `sysctl` (`ansible.posix.sysctl`; types only;
 * `task_args.ts` maps the module name to them).
 *
 * @module
 */

/**
 * `sysctl`: one `key=value` entry of a sysctl file, and optionally the
 * running value.
 *
 * @example
 * ```ts
 * import type { SysctlTaskArgs } from "./sysctl_task_args.ts";
 * const args: SysctlTaskArgs = { name: "net.ipv4.ip_forward", value: "1", sysctl_set: true };
 * ```
 */
export type SysctlTaskArgs =
  & (
    | { /** The key. */ name: string; /** Not with `name`. */ key?: never }
    | { /** The same as `name`. */ key: string; /** Not with `key`. */ name?: never }
  )
  & {
    /** The value (required for `present`; `true`/`yes` become `1`). */
    value?: string | number | boolean;
    /** The same as `value`. */
    val?: string | number | boolean;
    /** `present` (default) or `absent`. */
    state?: "present" | "absent";
    /** Run `sysctl -p FILE` when something changed (default true). */
    reload?: boolean;
    /** Also set the running value with `sysctl -w` when it differs. */
    sysctl_set?: boolean;
    /** Ignore errors about unknown keys. */
    ignoreerrors?: boolean;
    /** The file (default `/etc/sysctl.conf`). */
    sysctl_file?: string;
  };
