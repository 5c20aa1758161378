/**
 * The pure parts of Ansible 2.14's `systemd` module (and of the generic
 * `service` module's systemd path): the `systemctl` command lines, the
 * parsing of `systemctl show`, and the decisions on a unit's enablement
 * and state. `systemd.ts` runs the commands on the target.
 *
 * @module
 */
import type { ServiceState, SystemdArgs } from "./service_args.ts";
import { pySplitlines as splitLines } from "../../python/splitlines.ts";
import { pyStrip } from "../../python/strip.ts";

/**
 * The states `systemctl is-enabled` may print that mean the unit is
 * systemd's (from `man systemctl` of systemd 244, as Ansible lists them).
 *
 * @example
 * ```ts
 * SYSTEMD_ENABLED_STATES.includes("static"); // true
 * ```
 */
export const SYSTEMD_ENABLED_STATES: readonly string[] = [
  "enabled",
  "enabled-runtime",
  "linked",
  "linked-runtime",
  "masked",
  "masked-runtime",
  "static",
  "indirect",
  "disabled",
  "generated",
  "transient",
];

/**
 * `systemctl` and the options every command gets: `--user`/`--global`
 * (scope), `--no-block`, `--force`.
 *
 * @example
 * ```ts
 * systemctlCommand("/usr/bin/systemctl", { scope: "user", noBlock: true } as SystemdArgs);
 * // ["/usr/bin/systemctl", "--user", "--no-block"]
 * ```
 */
export function systemctlCommand(path: string, args: SystemdArgs): string[] {
  const argv = [path];
  if (args.scope !== "system") argv.push(`--${args.scope}`);
  if (args.noBlock) argv.push("--no-block");
  if (args.force) argv.push("--force");
  return argv;
}

/**
 * Ansible's `parse_systemctl_show`: `Key=value` lines; only `Exec*` values
 * that open with `{` may span lines, up to one ending with `}`.
 *
 * @example
 * ```ts
 * parseSystemctlShow(["Id=cron.service", "ActiveState=active"]); // { Id: "cron.service", ActiveState: "active" }
 * ```
 */
export function parseSystemctlShow(lines: readonly string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  let multi: string[] = [];
  let key: string | undefined;
  for (const line of lines) {
    if (key === undefined) {
      const eq = line.indexOf("=");
      if (eq < 0) continue;
      const k = line.slice(0, eq);
      const v = line.slice(eq + 1);
      if (k.startsWith("Exec") && v.trimStart().startsWith("{") && !v.trimEnd().endsWith("}")) {
        key = k;
        multi.push(v);
        continue;
      }
      parsed[k] = pyStrip(v);
    } else {
      multi.push(line);
      if (line.trimEnd().endsWith("}")) {
        parsed[key] = pyStrip(multi.join("\n"));
        multi = [];
        key = undefined;
      }
    }
  }
  return parsed;
}

/**
 * The generic `service` module's own (older) reading of `systemctl show`:
 * any value opening with `{` spans lines up to one ending with `}`.
 *
 * @example
 * ```ts
 * legacyShowParse("ActiveState=active\nSubState=running\n").ActiveState; // "active"
 * ```
 */
export function legacyShowParse(out: string): Record<string, string> {
  let key: string | undefined;
  let value = "";
  const buffer: string[] = [];
  const status: Record<string, string> = {};
  for (const line of splitLines(out)) {
    if (line.includes("=")) {
      if (key === undefined) {
        const eq = line.indexOf("=");
        key = line.slice(0, eq);
        value = line.slice(eq + 1);
        if (value.trimStart().startsWith("{")) {
          if (value.trimEnd().endsWith("}")) {
            status[key] = value;
            key = undefined;
          } else {
            buffer.push(value);
          }
        } else {
          status[key] = value;
          key = undefined;
        }
      } else if (line.trimEnd().endsWith("}")) {
        status[key] = buffer.join("\n");
        key = undefined;
      } else {
        buffer.push(value);
      }
    } else {
      buffer.push(value);
    }
  }
  return status;
}

/**
 * Ansible's `request_was_ignored`: systemd's "ignoring request" answer
 * instead of `Key=value` lines.
 *
 * @example
 * ```ts
 * requestWasIgnored("Running in chroot, ignoring request."); // true
 * ```
 */
export function requestWasIgnored(out: string): boolean {
  return !out.includes("=") &&
    (out.includes("ignoring request") || out.includes("ignoring command"));
}

/**
 * What `state` asks of a unit in `status` (`systemctl show`): the
 * `systemctl` verb to run (none when it already is), and the state the
 * result reports (`restarted` and `reloaded` report `started`).
 *
 * @example
 * ```ts
 * stateAction("started", { ActiveState: "inactive" }); // { action: "start", reported: "started" }
 * ```
 */
export function stateAction(
  state: ServiceState,
  status: Readonly<Record<string, string>>,
): { action?: string; reported: ServiceState } {
  const running = ["active", "activating"].includes(status.ActiveState);
  if (state === "started") return { action: running ? undefined : "start", reported: state };
  if (state === "stopped") {
    const stopping = running || status.ActiveState === "deactivating";
    return { action: stopping ? "stop" : undefined, reported: state };
  }
  return { action: running ? state.slice(0, -2) : "start", reported: "started" };
}

/**
 * Whether a unit is enabled, from `systemctl is-enabled UNIT -l`: exit 0
 * means enabled unless it printed only `indirect` or `alias`; exit 1 with
 * an init script of the same name (system scope) falls back to its
 * `/etc/rc?.d/S??NAME` links unless systemd said `disabled`.
 *
 * @example
 * ```ts
 * unitEnabled({ rc: 0, out: "enabled\n" }, { scope: "system", initd: false, sysvEnabled: false }); // true
 * ```
 */
export function unitEnabled(
  isEnabled: { readonly rc: number; readonly out: string },
  context: { readonly scope: string; readonly initd: boolean; readonly sysvEnabled: boolean },
): boolean {
  if (isEnabled.rc === 0) {
    const lines = splitLines(isEnabled.out);
    return !(lines.length === 1 && (lines[0] === "indirect" || lines[0] === "alias"));
  }
  if (isEnabled.rc === 1) {
    return context.scope === "system" && context.initd &&
      !pyStrip(isEnabled.out).endsWith("disabled") && context.sysvEnabled;
  }
  return false;
}

/**
 * Python's `repr()` of a plain string, as Ansible's `%r` prints a unit name.
 *
 * @example
 * ```ts
 * pyRepr("cron"); // "'cron'"
 * ```
 */
export function pyRepr(text: string): string {
  if (text.includes("'") && !text.includes('"')) return `"${text.replaceAll("\\", "\\\\")}"`;
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
