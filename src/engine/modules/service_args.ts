/**
 * The arguments of `sysvinit`, `systemd` and Ansible's generic `service`
 * module, checked as each module's `AnsibleModule` checks them: aliases,
 * required names, types, choices (in each module's declared order), the
 * "one of the following is required" and "required by" rules, and unknown
 * names last (Ansible reports the first error it finds and finds unknown
 * names last). The label names the module in messages: the `service`
 * action runs the module for the target's init system under its
 * `ansible.legacy.*` name, and Ansible's messages say so.
 *
 * @module
 */
import { ArgReader, type ParamSpec } from "./args.ts";
import type { ModuleArgsError, ModuleArgsInput } from "./module.ts";
import { parseKeyValue } from "../key_value.ts";

/**
 * What a service's `state` asks for.
 *
 * @example
 * ```ts
 * const state: ServiceState = "restarted";
 * ```
 */
export type ServiceState = "started" | "stopped" | "restarted" | "reloaded";

/**
 * The arguments of `sysvinit`.
 *
 * @example
 * ```ts
 * const args: SysvinitArgs = parseSysvinitArgs("sysvinit", { name: "cron", enabled: true });
 * ```
 */
export interface SysvinitArgs {
  /** The service (alias `service`): a name under `/etc/init.d`, or a script's path. */
  readonly name: string;
  /** The state asked for, if any. */
  readonly state?: ServiceState;
  /** Whether it starts at boot, if asked. */
  readonly enabled?: boolean;
  /** Seconds to sleep after each command of a restart (default 1). */
  readonly sleep: number;
  /** A `ps auxww` substring standing in for the status command. */
  readonly pattern?: string;
  /** Extra words for the init script's command line (alias `args`). */
  readonly arguments?: string;
  /** The runlevels to enable or disable it in. */
  readonly runlevels?: readonly string[];
  /** Run the init script in a new session. */
  readonly daemonize: boolean;
}

/**
 * The arguments of Ansible's generic `service` module (its Linux path).
 *
 * @example
 * ```ts
 * const args: LegacyServiceArgs = parseLegacyServiceArgs("service", { name: "cron", state: "stopped" });
 * ```
 */
export interface LegacyServiceArgs {
  /** The service. */
  readonly name: string;
  /** The state asked for, if any. */
  readonly state?: ServiceState;
  /** Whether it starts at boot, if asked. */
  readonly enabled?: boolean;
  /** Seconds between stop and start of a restart (none by default). */
  readonly sleep?: number;
  /** A `ps auxww` substring standing in for the status command. */
  readonly pattern?: string;
  /** OpenRC's runlevel (default `default`). */
  readonly runlevel: string;
  /** Extra words for the command line (alias `args`; default empty). */
  readonly arguments: string;
}

/**
 * The scope `systemctl` runs in.
 *
 * @example
 * ```ts
 * const scope: SystemdScope = "user";
 * ```
 */
export type SystemdScope = "system" | "user" | "global";

/**
 * The arguments of `systemd` (`systemd_service`).
 *
 * @example
 * ```ts
 * const args: SystemdArgs = parseSystemdArgs("systemd", { name: "nginx", masked: false });
 * ```
 */
export interface SystemdArgs {
  /** The unit (aliases `service`, `unit`). */
  readonly name?: string;
  /** The state asked for, if any. */
  readonly state?: ServiceState;
  /** Whether it starts at boot, if asked. */
  readonly enabled?: boolean;
  /** `systemctl --force`. */
  readonly force?: boolean;
  /** Whether it is masked, if asked. */
  readonly masked?: boolean;
  /** Run `daemon-reload` first (alias `daemon-reload`). */
  readonly daemonReload: boolean;
  /** Run `daemon-reexec` first (alias `daemon-reexec`). */
  readonly daemonReexec: boolean;
  /** `system` (default), `user` or `global`. */
  readonly scope: SystemdScope;
  /** `systemctl --no-block`. */
  readonly noBlock: boolean;
}

/**
 * The parameter specs of `sysvinit`, as Ansible declares them.
 *
 * @example
 * ```ts
 * const names = SYSVINIT_PARAMS.map((p) => p.name); // ["name", "state", …]
 * ```
 */
export const SYSVINIT_PARAMS: readonly ParamSpec[] = [
  { name: "name", aliases: ["service"] },
  { name: "state" },
  { name: "enabled" },
  { name: "sleep" },
  { name: "pattern" },
  { name: "arguments", aliases: ["args"] },
  { name: "runlevels" },
  { name: "daemonize" },
];

/**
 * The parameter specs of Ansible's generic `service` module.
 *
 * @example
 * ```ts
 * const names = LEGACY_SERVICE_PARAMS.map((p) => p.name); // ["name", "state", …]
 * ```
 */
export const LEGACY_SERVICE_PARAMS: readonly ParamSpec[] = [
  { name: "name" },
  { name: "state" },
  { name: "sleep" },
  { name: "pattern" },
  { name: "enabled" },
  { name: "runlevel" },
  { name: "arguments", aliases: ["args"] },
];

/**
 * The parameter specs of `systemd`.
 *
 * @example
 * ```ts
 * const aliases = SYSTEMD_PARAMS[0].aliases; // ["service", "unit"]
 * ```
 */
export const SYSTEMD_PARAMS: readonly ParamSpec[] = [
  { name: "name", aliases: ["service", "unit"] },
  { name: "state" },
  { name: "enabled" },
  { name: "force" },
  { name: "masked" },
  { name: "daemon_reload", aliases: ["daemon-reload"] },
  { name: "daemon_reexec", aliases: ["daemon-reexec"] },
  { name: "scope" },
  { name: "no_block" },
];

/**
 * Reads `input` against `specs`: the known names resolved (aliases too);
 * `check` runs the module's own checks; an unknown name is reported only
 * when `check` found nothing else wrong, as in Ansible.
 *
 * @example
 * ```ts
 * const name = readArgs("sysvinit", { name: "cron" }, SYSVINIT_PARAMS, (a) => a.requiredString("name"));
 * ```
 */
export function readArgs<T>(
  label: string,
  input: ModuleArgsInput,
  specs: readonly ParamSpec[],
  check: (reader: ArgReader) => T,
): T {
  const raw = typeof input === "string" ? freeForm(input) : { ...(input ?? {}) };
  const known = new Set(specs.flatMap((s) => [s.name, ...(s.aliases ?? [])]));
  const given = Object.fromEntries(Object.entries(raw).filter(([k]) => known.has(k)));
  const parsed = check(ArgReader.from(label, given, specs));
  if (Object.keys(raw).some((k) => !known.has(k))) ArgReader.from(label, raw, specs);
  return parsed;
}

/** `k=v` text as an object; words that are not `k=v` become `_raw_params` (refused, as in Ansible). */
function freeForm(text: string): Record<string, unknown> {
  const { params, raw } = parseKeyValue(text);
  return raw === "" ? { ...params } : { ...params, _raw_params: raw };
}

/** Ansible's `required_one_of` message. */
function requireOneOf(reader: ArgReader, names: readonly string[]): void {
  if (!names.some((n) => reader.has(n))) {
    throw reader.error(`one of the following is required: ${names.join(", ")}`);
  }
}

/** An `int` argument, as Ansible converts one (whole numbers only). */
function intArg(reader: ArgReader, name: string): number | undefined {
  if (!reader.has(name)) return undefined;
  const value = reader.values[name];
  const text = typeof value === "string" ? value.trim() : value;
  const n = typeof text === "number" ? text : /^[-+]?\d+$/.test(String(text)) ? Number(text) : NaN;
  if (!Number.isInteger(n)) {
    const type = typeof value === "string" ? "str" : typeof value === "number" ? "float" : "dict";
    throw reader.error(
      `argument '${name}' is of type <class '${type}'> and we were unable to convert to int: ` +
        `<class '${type}'> cannot be converted to an int`,
    );
  }
  return n;
}

/** An optional boolean. */
function optionalBool(reader: ArgReader, name: string): boolean | undefined {
  return reader.has(name) ? reader.bool(name, false) : undefined;
}

/**
 * `sysvinit`'s arguments (labelled `label` in messages).
 *
 * @example
 * ```ts
 * parseSysvinitArgs("sysvinit", { name: "cron", state: "started" }).sleep; // 1
 * ```
 */
export function parseSysvinitArgs(label: string, input: ModuleArgsInput): SysvinitArgs {
  return readArgs(label, input, SYSVINIT_PARAMS, (a) => {
    const name = a.requiredString("name");
    const enabled = optionalBool(a, "enabled");
    const sleep = intArg(a, "sleep") ?? 1;
    const pattern = a.string("pattern");
    const args = a.string("arguments");
    const runlevels = a.list("runlevels");
    const daemonize = a.bool("daemonize", false);
    const state = a.choice("state", ["started", "stopped", "restarted", "reloaded"] as const);
    requireOneOf(a, ["state", "enabled"]);
    return {
      name,
      state,
      enabled,
      sleep,
      pattern,
      arguments: args,
      runlevels: runlevels && runlevels.length > 0 ? runlevels : undefined,
      daemonize,
    };
  });
}

/**
 * The generic `service` module's arguments.
 *
 * @example
 * ```ts
 * parseLegacyServiceArgs("ansible.legacy.service", "name=cron enabled=yes").enabled; // true
 * ```
 */
export function parseLegacyServiceArgs(label: string, input: ModuleArgsInput): LegacyServiceArgs {
  return readArgs(label, input, LEGACY_SERVICE_PARAMS, (a) => {
    const name = a.requiredString("name");
    const sleep = intArg(a, "sleep");
    const pattern = a.string("pattern");
    const enabled = optionalBool(a, "enabled");
    const runlevel = a.string("runlevel") ?? "default";
    const args = a.string("arguments") ?? "";
    const state = a.choice("state", ["started", "stopped", "reloaded", "restarted"] as const);
    requireOneOf(a, ["state", "enabled"]);
    return { name, state, enabled, sleep, pattern, runlevel, arguments: args };
  });
}

/**
 * `systemd`'s arguments.
 *
 * @example
 * ```ts
 * parseSystemdArgs("systemd", { daemon_reload: true }).daemonReload; // true
 * ```
 */
export function parseSystemdArgs(label: string, input: ModuleArgsInput): SystemdArgs {
  return readArgs(label, input, SYSTEMD_PARAMS, (a) => {
    const name = a.string("name");
    const enabled = optionalBool(a, "enabled");
    const force = optionalBool(a, "force");
    const masked = optionalBool(a, "masked");
    const daemonReload = a.bool("daemon_reload", false);
    const daemonReexec = a.bool("daemon_reexec", false);
    const noBlock = a.bool("no_block", false);
    const state = a.choice("state", ["reloaded", "restarted", "started", "stopped"] as const);
    const scope = a.choice("scope", ["system", "user", "global"] as const, "system");
    // Ansible's required_one_of (state, enabled, masked, daemon_reload,
    // daemon_reexec) never fails: the last two have defaults, so are present.
    for (const needsName of ["state", "enabled", "masked"]) {
      if (a.has(needsName) && name === undefined) {
        throw a.error(`missing parameter(s) required by '${needsName}': name`);
      }
    }
    return { name, state, enabled, force, masked, daemonReload, daemonReexec, scope, noBlock };
  });
}

/**
 * The error a module reports for arguments it refuses.
 *
 * @example
 * ```ts
 * argsFailure(new ModuleArgsError("sysvinit", "missing required arguments: name"));
 * // { changed: false, failed: true, msg: "missing required arguments: name" }
 * ```
 */
export function argsFailure(error: ModuleArgsError): {
  changed: false;
  failed: true;
  msg: string;
} {
  return { changed: false, failed: true, msg: error.message };
}
