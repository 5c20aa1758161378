/**
 * `systemd` (`systemd_service`): a systemd unit, as Ansible 2.14's module
 * manages it, and what `service` runs on a target whose init is systemd.
 * Each `systemctl` command is one exec through the channel, in Ansible's
 * order (a query may depend on what the one before changed): `which
 * systemctl`, `daemon-reload`/`daemon-reexec`, `show`, the fallbacks when
 * `show` fails (`is-enabled`, `list-unit-files`, bare `systemctl`), then
 * `mask`/`unmask`, `enable`/`disable` and the state's verb, each only on a
 * change and never in check mode. The result is Ansible's: `name`,
 * `changed`, `status` (every `systemctl show` property), `enabled`, `state`.
 *
 * @module
 */
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import { ModuleArgsError } from "./module.ts";
import { BIN_PATH_SH, binPath, MissingProgramError } from "./cron_bin_path.ts";
import { runLibraryScript, type ShellOutput, shellQuote } from "./remote_sh.ts";
import { argsFailure, parseSystemdArgs, type SystemdArgs } from "./service_args.ts";
import { type CommandRun, runCommand } from "./service_sh.ts";
import {
  parseSystemctlShow,
  requestWasIgnored,
  stateAction,
  systemctlCommand,
  SYSTEMD_ENABLED_STATES,
  unitEnabled,
} from "./systemd_plan.ts";
import { sysvScript } from "./sysvinit_plan.ts";
import { withOutputLines } from "./service_result.ts";
import type { ModuleResult } from "../types.ts";

/** Ansible's `XDG_RUNTIME_DIR` default, for `--user` scopes. */
const XDG_SH =
  `[ -n "\${XDG_RUNTIME_DIR+x}" ] || XDG_RUNTIME_DIR=/run/user/$(id -u); export XDG_RUNTIME_DIR
`;

/**
 * The module stops here with Ansible's result (a `fail_json`, or an
 * `exit_json` that ends it early).
 *
 * @example
 * ```ts
 * throw new SystemdStop({ changed: false, failed: true, msg: "Service is in unknown state" });
 * ```
 */
export class SystemdStop extends Error {
  /** The error's name. */
  override name = "SystemdStop";
  /** The result to report. */
  readonly result: ModuleResult;

  /** Wraps `result`. */
  constructor(result: ModuleResult) {
    super(String(result.msg ?? "stopped"));
    this.result = result;
  }
}

/** Runs one command (`argv`) on the host and returns how it ended. */
function run(ctx: ModuleContext, argv: readonly string[]): Promise<CommandRun> {
  return runCommand(ctx, argv, "plain", XDG_SH);
}

/** What the first exec learns: systemctl's path, the init script, chroot. */
function probeScript(unit: string | undefined): string {
  const script = unit === undefined ? "" : `[ -e ${shellQuote(sysvScript(unit))} ] && echo INITD
[ -x ${shellQuote(sysvScript(unit))} ] && echo INITX
`;
  return `${BIN_PATH_SH}_tbin SC systemctl
${script}[ "\${SYSTEMD_OFFLINE:-}" = 1 ] && echo OFFLINE
if [ -n "\${debian_chroot:-}" ]; then echo CHROOT
elif _r=$(stat -c '%d %i' / 2>/dev/null) && _p=$(stat -c '%d %i' /proc/1/root/. 2>/dev/null); then
  [ "$_r" = "$_p" ] || echo CHROOT
else
  _i=2; case $(stat -f --format=%T / 2>/dev/null) in *btrfs*) _i=256;; *xfs*) _i=128;; esac
  [ "$(stat -c %i / 2>/dev/null)" = "$_i" ] || echo CHROOT
fi
`;
}

/** `sysv_is_enabled(unit)`: an `S??UNIT` link in any `/etc/rc?.d` (or `/etc/init.d/rc?.d`). */
async function sysvEnabled(ctx: ModuleContext, unit: string): Promise<boolean> {
  const out = await runLibraryScript(
    ctx,
    `if [ -d /etc/rc0.d/ ]; then _d=/etc/rc; else _d=/etc/init.d/rc; fi
for _f in "$_d"?.d/S??${shellQuote(unit)}; do
  if [ -e "$_f" ] || [ -L "$_f" ]; then echo EN; break; fi
done
`,
  );
  return out.first("EN") !== undefined;
}

/** Ansible's `fail_if_missing`. */
function requireFound(found: boolean, unit: string, warnings: string[]): void {
  if (!found) {
    throw new SystemdStop(failure(`Could not find the requested service ${unit}: host`, warnings));
  }
}

function failure(msg: string, warnings: readonly string[], extra: ModuleResult = {}): ModuleResult {
  return {
    changed: false,
    failed: true,
    msg,
    ...extra,
    ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
  };
}

/**
 * Runs Ansible's `systemd` module on the host.
 *
 * @example
 * ```ts
 * const result = await runSystemd(ctx, parseSystemdArgs("systemd", { name: "cron", state: "started" }));
 * ```
 */
export async function runSystemd(ctx: ModuleContext, args: SystemdArgs): Promise<ModuleResult> {
  try {
    return withOutputLines(await manageUnit(ctx, args));
  } catch (error) {
    if (error instanceof SystemdStop) return withOutputLines(error.result);
    if (error instanceof MissingProgramError) return failure(error.message, []);
    throw error;
  }
}

async function manageUnit(ctx: ModuleContext, args: SystemdArgs): Promise<ModuleResult> {
  const unit = args.name;
  if (unit !== undefined) {
    for (const glob of ["*", "?", "["]) {
      if (unit.includes(glob)) {
        return failure(
          `This module does not currently support using glob patterns, found '${glob}' in service name: ${unit}`,
          [],
        );
      }
    }
  }
  const probe: ShellOutput = await runLibraryScript(ctx, probeScript(unit));
  const systemctl = systemctlCommand(binPath(probe, "SC", "systemctl"), args);
  const warnings: string[] = [];
  const status: Record<string, string> = {};
  const result: ModuleResult = { name: unit ?? null, changed: false, status };

  for (
    const [wanted, verb] of [[args.daemonReload, "daemon-reload"], [
      args.daemonReexec,
      "daemon-reexec",
    ]] as const
  ) {
    if (!wanted || ctx.check) continue;
    const done = await run(ctx, [...systemctl, verb]);
    if (done.rc !== 0) return failure(`failure ${done.rc} during ${verb}: ${done.err}`, warnings);
  }
  if (unit === undefined) return finish(result, warnings);

  const initd = probe.first("INITD") !== undefined;
  let isSystemd = false;
  let show = await run(ctx, [...systemctl, "show", unit]);
  if (show.rc === 0 && !(requestWasIgnored(show.out) || requestWasIgnored(show.err))) {
    if (show.out) {
      Object.assign(status, parseSystemctlShow(show.out.split("\n")));
      isSystemd = "LoadState" in status && status.LoadState !== "not-found";
      const masked = "LoadState" in status && status.LoadState === "masked";
      if (isSystemd && !masked && "LoadError" in status) {
        return failure(`Error loading unit file '${unit}': ${status.LoadError}`, warnings);
      }
    }
  } else if (show.err && show.rc === 1 && show.err.includes("Failed to parse bus message")) {
    Object.assign(status, parseSystemctlShow(show.out.split("\n")));
    const at = unit.indexOf("@");
    const search = at < 0 ? unit : unit.slice(0, at + 1);
    show = await run(ctx, [...systemctl, "list-unit-files", `${search}*`]);
    isSystemd = show.out.includes(search);
    show = await run(ctx, [...systemctl, "is-active", unit]);
    status.ActiveState = show.out.replace(/\n+$/, "");
  } else {
    const enabledState = await run(ctx, [...systemctl, "is-enabled", unit]);
    if (SYSTEMD_ENABLED_STATES.includes(enabledState.out.trim())) {
      isSystemd = true;
    } else {
      const files = await run(ctx, [...systemctl, "list-unit-files", unit]);
      if (files.rc === 0) {
        isSystemd = true;
      } else {
        const bare = await run(ctx, systemctl);
        if (bare.rc !== 0) {
          return {
            changed: false,
            failed: true,
            cmd: systemctl.map(shellQuote).join(" "),
            rc: bare.rc,
            stdout: bare.out,
            stderr: bare.err,
            msg: bare.err.trimEnd(),
          };
        }
      }
    }
  }

  const found = isSystemd || initd;
  if (initd && !isSystemd) {
    warnings.push(
      `The service (${unit}) is actually an init script but the system is managed by systemd`,
    );
  }

  if (args.masked !== undefined) {
    const now = await run(ctx, [...systemctl, "is-enabled", unit]);
    const masked = now.out.trim() === "masked";
    if (masked !== args.masked) {
      result.changed = true;
      if (!ctx.check) {
        const done = await run(ctx, [...systemctl, args.masked ? "mask" : "unmask", unit]);
        if (done.rc !== 0) requireFound(found, unit, warnings);
      }
    }
  }

  if (args.enabled !== undefined) {
    const verb = args.enabled ? "enable" : "disable";
    requireFound(found, unit, warnings);
    const now = await run(ctx, [...systemctl, "is-enabled", unit, "-l"]);
    const enabled = unitEnabled(now, {
      scope: args.scope,
      initd,
      sysvEnabled: now.rc === 1 && initd ? await sysvEnabled(ctx, unit) : false,
    });
    result.enabled = enabled;
    if (enabled !== args.enabled) {
      result.changed = true;
      if (!ctx.check) {
        const done = await run(ctx, [...systemctl, verb, unit]);
        if (done.rc !== 0) {
          return failure(`Unable to ${verb} service ${unit}: ${done.out}${done.err}`, warnings);
        }
      }
      result.enabled = !enabled;
    }
  }

  if (args.state !== undefined) {
    requireFound(found, unit, warnings);
    result.state = args.state;
    if ("ActiveState" in status) {
      const { action, reported } = stateAction(args.state, status);
      result.state = reported;
      if (action) {
        result.changed = true;
        if (!ctx.check) {
          const done = await run(ctx, [...systemctl, action, unit]);
          if (done.rc !== 0) {
            return failure(`Unable to ${action} service ${unit}: ${done.err}`, warnings);
          }
        }
      }
    } else if (probe.first("CHROOT") !== undefined || probe.first("OFFLINE") !== undefined) {
      warnings.push(
        "Target is a chroot or systemd is offline. This can lead to false positives or prevent the init system tools from working.",
      );
    } else {
      return failure("Service is in unknown state", warnings, { status });
    }
  }
  return finish(result, warnings);
}

function finish(result: ModuleResult, warnings: readonly string[]): ModuleResult {
  return warnings.length > 0 ? { ...result, warnings: [...warnings] } : result;
}

/** The module definition under `name` (`systemd` and `systemd_service` are one module). */
function systemdDefinition(name: string): ModuleDefinition<SystemdArgs> {
  return {
    name,
    fqcn: `ansible.builtin.${name}`,
    supportsCheckMode: true,
    parseArgs: (input) => parseSystemdArgs(name, input),
    async run(ctx, args) {
      try {
        return await runSystemd(ctx, args);
      } catch (error) {
        if (error instanceof ModuleArgsError) return argsFailure(error);
        throw error;
      }
    },
  };
}

/**
 * The `systemd` module.
 *
 * @example
 * ```ts
 * await play.task("systemd", { name: "nginx", state: "restarted", daemon_reload: true });
 * ```
 */
export const systemdModule: ModuleDefinition<SystemdArgs> = systemdDefinition("systemd");

/**
 * The same module under its newer name, `systemd_service`.
 *
 * @example
 * ```ts
 * await play.task("systemd_service", { name: "nginx", enabled: true });
 * ```
 */
export const systemdServiceModule: ModuleDefinition<SystemdArgs> = systemdDefinition(
  "systemd_service",
);
