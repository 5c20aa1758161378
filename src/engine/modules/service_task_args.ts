/**
 * The typed task arguments of `service`, `sysvinit` and `systemd`
 * (`systemd_service`) (types only; `task_args.ts` maps the module names to
 * them). Each asks for at least one of `state` and `enabled` (`systemd`:
 * or `masked`, `daemon_reload`, `daemon_reexec`), as Ansible does.
 *
 * @module
 */

/**
 * A service's state: `started`/`stopped` only act when needed, `restarted`/`reloaded` always act.
 *
 * @example
 * ```ts
 * import type { ServiceStateArg } from "./service_task_args.ts";
 * const state: ServiceStateArg = "reloaded";
 * ```
 */
export type ServiceStateArg = "started" | "stopped" | "restarted" | "reloaded";

/**
 * At least one of `state` and `enabled`.
 *
 * @example
 * ```ts
 * import type { StateOrEnabled } from "./service_task_args.ts";
 * const onlyBoot: StateOrEnabled = { enabled: true };
 * ```
 */
export type StateOrEnabled =
  | {
    /** The state to bring the service to. */
    state: ServiceStateArg;
    /** Whether it starts at boot. */
    enabled?: boolean;
  }
  | {
    /** The state to bring the service to. */
    state?: ServiceStateArg;
    /** Whether it starts at boot. */
    enabled: boolean;
  };

/**
 * `service`: runs `systemd`, `sysvinit` or Ansible's generic `service`
 * module, by the target's service manager (or `use`).
 *
 * @example
 * ```ts
 * import type { ServiceTaskArgs } from "./service_task_args.ts";
 * const args: ServiceTaskArgs = { name: "cron", state: "started", enabled: true };
 * ```
 */
export type ServiceTaskArgs = StateOrEnabled & {
  /** The service. */
  name: string;
  /** A `ps auxww` substring standing in for the status command (not on systemd). */
  pattern?: string;
  /** Seconds between stop and start of a restart (not on systemd). */
  sleep?: number;
  /** Extra words for the init script's command line (not on systemd). */
  arguments?: string;
  /** The same as `arguments`. */
  args?: string;
  /** OpenRC's runlevel (refused by `sysvinit`, ignored on systemd). */
  runlevel?: string;
  /** `auto` (default), `systemd`, `sysvinit` or `service` (the generic module). */
  use?: "auto" | "systemd" | "sysvinit" | "service";
  /** SysV hosts only (`sysvinit`): the runlevels to enable or disable it in. */
  runlevels?: readonly string[];
  /** SysV hosts only (`sysvinit`): run the init script in a new session. */
  daemonize?: boolean;
};

/**
 * `sysvinit`: a SysV init script's service.
 *
 * @example
 * ```ts
 * import type { SysvinitTaskArgs } from "./service_task_args.ts";
 * const args: SysvinitTaskArgs = { name: "cron", enabled: true, runlevels: ["3", "5"] };
 * ```
 */
export type SysvinitTaskArgs = StateOrEnabled & {
  /** The service: a name under `/etc/init.d`, or a script's path. */
  name: string;
  /** Seconds to sleep after each command of a restart (default 1). */
  sleep?: number;
  /** A `ps auxww` substring standing in for the status command. */
  pattern?: string;
  /** Extra words for the init script's command line. */
  arguments?: string;
  /** The same as `arguments`. */
  args?: string;
  /** The runlevels to enable or disable it in. */
  runlevels?: readonly string[];
  /** Run the init script in a new session (for daemons that do not detach). */
  daemonize?: boolean;
};

/**
 * Options of every `systemd` call.
 *
 * @example
 * ```ts
 * import type { SystemdOptions } from "./service_task_args.ts";
 * const options: SystemdOptions = { daemon_reload: true, no_block: true };
 * ```
 */
export type SystemdOptions = {
  /** `systemctl --force` (overrides existing symlinks). */
  force?: boolean;
  /** Run `systemctl daemon-reload` first. */
  daemon_reload?: boolean;
  /** The same as `daemon_reload`. */
  "daemon-reload"?: boolean;
  /** Run `systemctl daemon-reexec` first. */
  daemon_reexec?: boolean;
  /** The same as `daemon_reexec`. */
  "daemon-reexec"?: boolean;
  /** `system` (default), `user` or `global`. */
  scope?: "system" | "user" | "global";
  /** `systemctl --no-block`. */
  no_block?: boolean;
};

/**
 * `systemd` (`systemd_service`): a systemd unit; without a unit, only
 * `daemon_reload`/`daemon_reexec`.
 *
 * @example
 * ```ts
 * import type { SystemdTaskArgs } from "./service_task_args.ts";
 * const args: SystemdTaskArgs = { name: "nginx.service", state: "reloaded", daemon_reload: true };
 * ```
 */
export type SystemdTaskArgs =
  & SystemdOptions
  & (
    | {
      /** The unit (`.service` when no suffix). */
      name: string;
      /** The state to bring it to. */
      state?: ServiceStateArg;
      /** Whether it starts at boot. */
      enabled?: boolean;
      /** Whether it is masked (cannot be started). */
      masked?: boolean;
    }
    | {
      /** No unit: only reload or re-execute systemd. */
      name?: never;
    }
  );
