/**
 * Ansible 2.14's generic `service` module on Linux (`LinuxService`): what
 * `service` runs with `use: service`, or when the target's service manager
 * has no module of its own. It picks systemd when systemd is the running
 * init (`systemctl` plus `/run/systemd/system/`, or pid 1 named systemd),
 * else the init script with `update-rc.d`; controls the service with
 * `systemctl VERB NAME` or `service NAME VERB`, in a new session as Ansible
 * daemonizes them, and reads its state from `systemctl show` or the status
 * command's words and exit code. Upstart, OpenRC, `insserv` and
 * `chkconfig` are not there yet: they fail naming the tool.
 *
 * @module
 */
import type { ModuleContext } from "./module.ts";
import { runLibraryScript, type ShellOutput, shellQuote } from "./remote_sh.ts";
import type { LegacyServiceArgs } from "./service_args.ts";
import {
  type CommandRun,
  findTools,
  psLines,
  runCommand,
  searchedPaths,
  SERVICE_SH,
  toolPath,
} from "./service_sh.ts";
import { legacyShowParse, pyRepr } from "./systemd_plan.ts";
import { shlexSplit } from "../../python/shlex.ts";
import type { ModuleResult } from "../types.ts";

const TOOLS = [
  "service",
  "chkconfig",
  "update-rc.d",
  "rc-service",
  "rc-update",
  "initctl",
  "systemctl",
  "start",
  "stop",
  "restart",
  "insserv",
];

/**
 * The module stops with this result (Ansible's `fail_json`, or an
 * `exit_json` in check mode that ends it early).
 *
 * @example
 * ```ts
 * throw new ServiceStop({ changed: true, msg: "service state changed" });
 * ```
 */
export class ServiceStop extends Error {
  /** The error's name. */
  override name = "ServiceStop";
  /** The result to report. */
  readonly result: ModuleResult;

  /** Wraps `result`. */
  constructor(result: ModuleResult) {
    super(String(result.msg ?? "stopped"));
    this.result = result;
  }
}

function fail(msg: string): never {
  throw new ServiceStop({ changed: false, failed: true, msg });
}

function unsupported(tool: string): never {
  fail(
    `tachyon's service module does not support ${tool} yet ` +
      "(supported: systemd, and SysV init scripts with update-rc.d)",
  );
}

/** How the module controls the service, as `get_service_tools` decides. */
interface Tools {
  /** `systemctl` when systemd runs, else `service` (or none). */
  readonly control?: string;
  /** The enable tool: `systemctl`, `update-rc.d`, `insserv` or `chkconfig`. */
  readonly enable: string;
  /** `/etc/init.d/NAME` when it is a file. */
  readonly initscript?: string;
  /** `initctl`, when installed. */
  readonly initctl?: string;
  /** systemd is the running init. */
  readonly systemd: boolean;
}

/** The first exec: the tools, the init script, systemd's canaries, the boot links. */
function probeScript(name: string): string {
  const q = shellQuote(name);
  return `${SERVICE_SH}${findTools(TOOLS)}
[ -f /etc/init.d/${q} ] && echo INITF
[ -x /etc/init.d/${q} ] && echo INITX
[ -e /etc/init/${q}.conf ] && echo UPSTART
for _c in /run/systemd/system/ /dev/.run/systemd/ /dev/.systemd/; do [ -e "$_c" ] && echo CANARY; done
[ -r /proc/1/comm ] && grep -q systemd /proc/1/comm 2>/dev/null && echo COMM
for _f in /etc/rc?.d/S??${q}; do if [ -e "$_f" ] || [ -L "$_f" ]; then echo SLINK; break; fi; done
for _f in /etc/rc?.d/K??${q}; do if [ -e "$_f" ] || [ -L "$_f" ]; then echo KLINK; break; fi; done
`;
}

/** `get_service_tools` (Linux). */
function serviceTools(out: ShellOutput, name: string): Tools {
  const tool = (t: string) => toolPath(out, `T${t}`);
  const initscript = out.first("INITF") !== undefined ? `/etc/init.d/${name}` : undefined;
  const systemctl = tool("systemctl");
  const systemd = systemctl !== undefined &&
    (out.first("CANARY") !== undefined || out.first("COMM") !== undefined);
  let control: string | undefined;
  let enable: string | undefined;
  if (systemd) {
    control = enable = systemctl;
  } else if (tool("initctl") && out.first("UPSTART") !== undefined) {
    unsupported("upstart (initctl)");
  } else if (tool("rc-service")) {
    unsupported("OpenRC (rc-service)");
  } else if (initscript) {
    enable = tool("update-rc.d") ?? tool("insserv") ?? tool("chkconfig");
  }
  if (enable === undefined) fail(`Could not find the requested service ${name}: host`);
  if (control === undefined) control = tool("service");
  if (control === undefined && !initscript) {
    fail(
      "cannot find 'service' binary or init script for service,  possible typo in service name?, aborting",
    );
  }
  return { control, enable, initscript, initctl: tool("initctl"), systemd };
}

/** Runs `line` (Ansible's command string, split as by a shell) with a C locale. */
function execute(ctx: ModuleContext, line: string, daemonize = false): Promise<CommandRun> {
  return runCommand(ctx, shlexSplit(line), daemonize ? "daemon" : "c");
}

/** `service_enable`: returns whether it changed (or stops the module). */
async function serviceEnable(
  ctx: ModuleContext,
  args: LegacyServiceArgs,
  tools: Tools,
  probe: ShellOutput,
): Promise<boolean> {
  const name = args.name;
  const enable = args.enabled === true;
  const action = enable ? "enable" : "disable";
  if (tools.enable.endsWith("chkconfig")) unsupported("chkconfig");
  if (tools.enable.endsWith("insserv")) unsupported("insserv");
  if (tools.enable.endsWith("systemctl")) {
    const now = await execute(ctx, `${tools.enable} is-enabled ${name}`);
    let enabled: boolean;
    if (now.rc === 0) enabled = true;
    else if (now.out.startsWith("disabled")) enabled = false;
    else if (probe.first("INITX") !== undefined) enabled = probe.first("SLINK") !== undefined;
    else enabled = false;
    if (enable === enabled) return false;
    if (ctx.check) throw new ServiceStop({ changed: true });
    const done = await execute(ctx, `${tools.enable} ${action} ${name}`);
    if (done.rc !== 0) {
      fail(
        done.err
          ? `Error when trying to ${action} ${name}: rc=${done.rc} ${done.err}`
          : `Failure for ${action} ${name}: rc=${done.rc} ${done.out}`,
      );
    }
    return true;
  }
  // update-rc.d
  const enabled = probe.first("SLINK") !== undefined;
  if (enable === enabled) return false;
  if (!ctx.check) {
    const steps = enable && probe.first("KLINK") === undefined ? ["defaults", "enable"] : [action];
    for (const step of steps) {
      const done = await execute(ctx, `${tools.enable} ${name} ${step}`);
      if (done.rc !== 0) fail(done.err || done.out);
    }
  }
  return true;
}

/** `get_service_status`: true, false, or undefined when it cannot tell. */
async function serviceRunning(
  ctx: ModuleContext,
  args: LegacyServiceArgs,
  tools: Tools,
): Promise<boolean | undefined> {
  const name = args.name;
  if (tools.systemd) {
    const show = await execute(ctx, `${tools.enable} show '${name}'`);
    if (show.rc !== 0) {
      fail(`failure ${show.rc} running systemctl show for ${pyRepr(name)}: ${show.err}`);
    }
    if (show.out.includes("LoadState=not-found")) {
      fail(`systemd could not find the requested service "${pyRepr(name)}": ${show.err}`);
    }
    const state = legacyShowParse(show.out).ActiveState;
    if (state === undefined) {
      fail(`No ActiveState value in systemctl show output for ${pyRepr(name)}`);
    }
    return state === "active";
  }
  const status = await control(ctx, args, tools, "status");
  const upstart = tools.initctl
    ? (await execute(ctx, `${tools.initctl} status ${name} ${args.arguments}`)).out
    : undefined;
  return legacyRunning(name, status, upstart);
}

/**
 * `LinuxService.get_service_status` for init scripts: upstart's `initctl
 * status` words when there is an `initctl`, the LSB exit codes for "not
 * running", the words of a one-line output (the service's own name
 * removed), exit 0, and `iptables`'s rules; undefined when nothing decides.
 *
 * @example
 * ```ts
 * legacyRunning("cron", { rc: 3, out: "cron is not running ... failed!\n", err: "" }); // false
 * ```
 */
export function legacyRunning(
  name: string,
  status: CommandRun,
  upstart?: string,
): boolean | undefined {
  let running: boolean | undefined;
  if (upstart?.includes("stop/waiting")) running = false;
  else if (upstart?.includes("start/running")) running = true;
  if (running === undefined && [1, 2, 3, 4, 69].includes(status.rc)) running = false;
  if (running === undefined && (status.out.match(/\n/g) ?? []).length <= 1) {
    const clean = status.out.toLowerCase().replaceAll(name.toLowerCase(), "");
    if (clean.includes("stop")) running = false;
    else if (clean.includes("run")) running = !clean.includes("not ");
    else if (clean.includes("start") && !clean.includes("not ")) running = true;
    else if (DEAD_WORDS.some((w) => clean.includes(w))) running = false;
  }
  if (running === undefined && status.rc === 0) running = true;
  if (running === undefined && name === "iptables" && status.out.includes("ACCEPT")) running = true;
  return running;
}

const DEAD_WORDS = [
  "could not access pid file",
  "is dead and pid file exists",
  "dead but subsys locked",
  "dead but pid file exists",
];

/** `service_control` for one verb (`status`, `start`, …; `restart` stops, sleeps, starts). */
async function control(
  ctx: ModuleContext,
  args: LegacyServiceArgs,
  tools: Tools,
  verb: string,
): Promise<CommandRun> {
  const command = (word: string) => {
    if (tools.control?.endsWith("systemctl")) {
      return `${tools.control} ${word} ${args.name} ${args.arguments}`;
    }
    if (tools.control) return `${tools.control} ${args.name} ${word} ${args.arguments}`;
    return `${tools.initscript} ${word} ${args.arguments}`;
  };
  if (verb !== "restart") return await execute(ctx, command(verb), true);
  const stop = await execute(ctx, command("stop"), true);
  if (args.sleep) await runLibraryScript(ctx, `sleep ${args.sleep}\n`);
  const start = await execute(ctx, command("start"), true);
  if (stop.rc !== 0 && start.rc === 0) return start;
  return { rc: stop.rc + start.rc, out: stop.out + start.out, err: stop.err + start.err };
}

/**
 * Runs Ansible's generic `service` module (Linux) on the host.
 *
 * @example
 * ```ts
 * const result = await runLegacyService(ctx, parseLegacyServiceArgs("service", { name: "cron", state: "started" }));
 * ```
 */
export async function runLegacyService(
  ctx: ModuleContext,
  args: LegacyServiceArgs,
): Promise<ModuleResult> {
  try {
    return await manage(ctx, args);
  } catch (error) {
    if (error instanceof ServiceStop) return error.result;
    throw error;
  }
}

async function manage(ctx: ModuleContext, args: LegacyServiceArgs): Promise<ModuleResult> {
  const probe = await runLibraryScript(ctx, `${probeScript(args.name)}echo "PID $$"\n`);
  const tools = serviceTools(probe, args.name);
  const result: ModuleResult = { name: args.name };
  let changed = false;
  if (args.enabled !== undefined) {
    changed = await serviceEnable(ctx, args, tools, probe);
    result.enabled = args.enabled;
  }
  if (args.state === undefined) return { ...result, changed };
  result.state = args.state;

  let running: boolean | undefined;
  if (args.pattern !== undefined) {
    const found = await runLibraryScript(ctx, `${SERVICE_SH}_svbin PS ps\n`);
    const ps = toolPath(found, "PS");
    if (!ps) {
      fail(`Failed to find required executable "ps" in paths: ${searchedPaths(found, "PS")}`);
    }
    const listed = await runLibraryScript(
      ctx,
      `${SERVICE_SH}echo "PID $$"\n_svcap P c ${shellQuote(ps)} auxww\n`,
    );
    const run = listed.first("PR");
    if (run === "0") {
      const lines = psLines(decodeBytes(listed.bytes("PO")), Number(listed.first("PID")));
      running = lines.some((line) => line.includes(args.pattern!) && !line.includes("pattern="));
    }
  } else {
    running = await serviceRunning(ctx, args, tools);
  }
  if (running === undefined) {
    fail("failed determining service state, possible typo of service name?");
  }
  const state = args.state;
  const change = (!running && (state === "reloaded" || state === "started")) ||
    (running && (state === "reloaded" || state === "stopped")) || state === "restarted";
  if (ctx.check && change) return { changed: true, msg: "service state changed" };
  if (change) {
    const verb = state === "started" || (!running && state === "reloaded")
      ? "start"
      : state === "stopped"
      ? "stop"
      : state === "reloaded"
      ? "reload"
      : "restart";
    const done = await control(ctx, args, tools, verb);
    if (done.rc !== 0 && !(done.err && done.err.includes("Job is already running"))) {
      fail(done.err || done.out);
    }
  }
  return {
    ...result,
    changed: changed || change,
    state: ["reloaded", "restarted", "started"].includes(state) ? "started" : "stopped",
  };
}

function decodeBytes(bytes: Uint8Array | undefined): string {
  return new TextDecoder().decode(bytes ?? new Uint8Array());
}
