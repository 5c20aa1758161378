/**
 * The typed task arguments of `hostname` (types only; `task_args.ts` maps
 * the module name to them).
 *
 * @module
 */

/**
 * `hostname`: the target's hostname.
 *
 * @example
 * ```ts
 * import type { HostnameTaskArgs } from "./hostname_task_args.ts";
 * const args: HostnameTaskArgs = { name: "web01.example.org" };
 * ```
 */
export type HostnameTaskArgs = {
  /** The new hostname. */
  name: string;
  /**
   * The strategy (default: Ansible's choice for the target). `debian` means
   * `systemd` (hostnamectl), as in Ansible; `freebsd`, `openbsd`, `macos`,
   * `macosx`, `darwin` and `solaris` fail (not in tachyon yet).
   */
  use?:
    | "alpine"
    | "debian"
    | "freebsd"
    | "generic"
    | "macos"
    | "macosx"
    | "darwin"
    | "openbsd"
    | "openrc"
    | "redhat"
    | "sles"
    | "solaris"
    | "systemd";
};
