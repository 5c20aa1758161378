/**
 * `sysvinit`: a SysV init script's service, as Ansible 2.14's module runs
 * it, and what `service` runs on a target whose init system is SysV (the
 * lab's Debian hosts, whose pid 1 is a shell). Three execs: one finds the
 * script, the tools and the `/etc/rc?.d/S??NAME` links; one runs the status
 * command (`service NAME status`, else the script's own) and `ps auxww`;
 * the last, only when something changes and never in check mode, runs the
 * enable command and the init script (`setsid` with `daemonize`). Results,
 * warnings and failures are Ansible's, its quirks included: `reloaded`
 * always reloads, a restart sleeps `sleep` seconds after each command, and
 * `enabled: true` runs `update-rc.d NAME defaults`, which leaves a service
 * disabled before (`K` links) disabled, so it changes again on every run.
 *
 * @module
 */
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import { ModuleArgsError } from "./module.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";
import { argsFailure, parseSysvinitArgs, type SysvinitArgs } from "./service_args.ts";
import {
  capture,
  type CommandRun,
  commandRun,
  findTools,
  psLines,
  searchedPaths,
  SERVICE_SH,
  toolPath,
} from "./service_sh.ts";
import {
  enableChanges,
  psMatches,
  scriptCommand,
  sysvEnableCommand,
  sysvRunning,
  sysvScript,
  sysvStep,
} from "./sysvinit_plan.ts";
import { ShlexError, shlexSplit } from "../../python/shlex.ts";
import { withOutputLines } from "./service_result.ts";
import type { ModuleResult } from "../types.ts";

/** One entry of the result's `status`. */
interface StatusEntry {
  changed: boolean;
  rc: number | null;
  stdout: string | null;
  stderr: string | null;
  runlevels?: readonly string[];
}

const NOT_RUN = { rc: null, stdout: null, stderr: null } as const;

/** The first exec: the script, the tools, the boot links. */
function findScript(args: SysvinitArgs): string {
  const links = (args.runlevels ?? [undefined]).map(rcLinks).join("");
  return `${SERVICE_SH}
[ -e ${shellQuote(sysvScript(args.name))} ] && echo EX
${findTools(["chkconfig", "update-rc.d", "insserv", "service"])}_svbin PS ps
if [ -d /etc/rc0.d/ ]; then _svrc=/etc/rc; else _svrc=/etc/init.d/rc; fi
${links}`;

  /** `sysv_is_enabled`: an `S??NAME` link in `/etc/rcN.d` (else `/etc/init.d/rcN.d`). */
  function rcLinks(runlevel: string | undefined): string {
    const level = runlevel === undefined ? "?" : shellQuote(runlevel);
    const tag = shellQuote(`EN ${runlevel ?? "*"}`);
    return `for _svf in "$_svrc"${level}.d/S??${shellQuote(args.name)}; do ` +
      `if [ -e "$_svf" ] || [ -L "$_svf" ]; then echo ${tag}; break; fi; done\n`;
  }
}

/** The second exec: the status command (unless `pattern`) and `ps auxww`. */
function statusScript(args: SysvinitArgs, service: string | undefined, ps: string | undefined) {
  const status = service
    ? shlexSplit(`${service} ${args.name} status`)
    : shlexSplit(`${sysvScript(args.name)} status`);
  return `${SERVICE_SH}echo "PID $$"
${args.pattern === undefined ? capture("S", "plain", status) : ""}
${ps ? capture("P", "plain", [ps, "auxww"]) : ""}
`;
}

/** A failed result with the warnings so far, as Ansible's `fail_json`. */
function failed(msg: string, warnings: readonly string[], extra: ModuleResult = {}): ModuleResult {
  return {
    changed: false,
    failed: true,
    msg,
    ...extra,
    ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
  };
}

/**
 * Runs Ansible's `sysvinit` on the host (also for `service` on SysV hosts).
 *
 * @example
 * ```ts
 * const result = await runSysvinit(ctx, parseSysvinitArgs("sysvinit", { name: "cron", state: "started" }));
 * ```
 */
export async function runSysvinit(ctx: ModuleContext, args: SysvinitArgs): Promise<ModuleResult> {
  const found = await runLibraryScript(ctx, findScript(args));
  if (found.first("EX") === undefined) {
    return failed(`Could not find the requested service ${args.name}: `, []);
  }
  const script = sysvScript(args.name);
  const service = toolPath(found, "Tservice");
  const ps = toolPath(found, "PS");
  const tools = {
    updateRcd: toolPath(found, "Tupdate-rc.d"),
    chkconfig: toolPath(found, "Tchkconfig"),
  };
  const enabledLinks = new Set(found.all("EN"));
  const current = {
    enabled: enabledLinks.has("*"),
    byRunlevel: new Map((args.runlevels ?? []).map((rl) => [rl, enabledLinks.has(rl)])),
  };
  const psMissing = () =>
    failed(`Failed to find required executable "ps" in paths: ${searchedPaths(found, "PS")}`, []);
  if (args.pattern !== undefined && !ps) return psMissing();

  const observed = await runLibraryScript(ctx, statusScript(args, service, ps));
  const psOutput = commandRun(observed, "P");
  const lines = psOutput?.rc === 0 ? psLines(psOutput.out, Number(observed.first("PID"))) : [];
  const warnings: string[] = [];
  let started: boolean;
  let worked: boolean;
  let last: CommandRun = { rc: 0, out: "", err: "" };
  if (args.pattern !== undefined) {
    worked = started = psMatches(lines, args.pattern);
  } else {
    last = commandRun(observed, "S") ?? last;
    let needPs = false;
    const running = sysvRunning(args.name, last, () => {
      needPs = true;
      return psMatches(lines, args.name);
    });
    if (needPs && !ps) return psMissing();
    ({ started, worked } = running);
    warnings.push(...running.warnings);
  }
  if (!worked) warnings.push("Unable to determine if service is up, assuming it is down");

  const enabledEntry: StatusEntry = { changed: false, ...NOT_RUN };
  if (args.runlevels) enabledEntry.runlevels = args.runlevels;
  const stateEntry: StatusEntry = { changed: false, ...NOT_RUN };
  const status: Record<string, StatusEntry> = {
    enabled: enabledEntry,
    [String(args.state ?? null)]: stateEntry,
  };
  const result: ModuleResult = { name: args.name, changed: false, status };

  const enableChanged = enableChanges(args.enabled, current, args.runlevels);
  if (enableChanged) result.changed = enabledEntry.changed = true;
  const step = args.state ? sysvStep(args.state, started) : undefined;
  if (step && step.words.length > 0) result.changed = stateEntry.changed = true;

  if (!ctx.check && enableChanged) {
    const command = sysvEnableCommand(tools, args.name, args.enabled === true, args.runlevels);
    const run = command
      ? commandRun(await runLibraryScript(ctx, SERVICE_SH + capture("EN", "plain", command)), "EN")
      : last;
    enabledEntry.rc = run?.rc ?? null;
    enabledEntry.stdout = run?.out ?? null;
    enabledEntry.stderr = run?.err ?? null;
    if (run?.err.includes("illegal runlevel specified")) {
      return failed(
        `Illegal runlevel specified for enable operation on service ${args.name}`,
        warnings,
        { name: args.name, changed: result.changed, status },
      );
    }
  }
  if (!ctx.check && step && step.words.length > 0) {
    const mode = args.daemonize ? "daemon" : "plain";
    const actions = step.words.map((word) => scriptCommand(script, word, args));
    const pause = step.action === "restart" && args.sleep > 0 ? `sleep ${args.sleep}\n` : "";
    const body = actions.map((argv, i) =>
      `${capture(`A${i}`, mode, argv)}\n[ "$_svr" = 0 ] || exit 0\n${pause}`
    );
    const done = await runLibraryScript(ctx, SERVICE_SH + body.join(""));
    for (let i = 0; i < actions.length; i++) {
      const run = commandRun(done, `A${i}`);
      if (!run) break;
      if (run.rc !== 0) {
        return failed(`Failed to ${step.action} service: ${args.name}`, warnings, {
          rc: run.rc,
          stdout: run.out,
          stderr: run.err,
        });
      }
      stateEntry.rc = run.rc;
      stateEntry.stdout = run.out;
      stateEntry.stderr = run.err;
    }
  }
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/**
 * The `sysvinit` module.
 *
 * @example
 * ```ts
 * await play.task("sysvinit", { name: "cron", state: "started", enabled: true });
 * ```
 */
export const sysvinitModule: ModuleDefinition<SysvinitArgs> = {
  name: "sysvinit",
  fqcn: "ansible.builtin.sysvinit",
  supportsCheckMode: true,
  parseArgs: (input) => parseSysvinitArgs("sysvinit", input),
  async run(ctx, args) {
    try {
      return withOutputLines(await runSysvinit(ctx, args));
    } catch (error) {
      if (error instanceof ModuleArgsError) return argsFailure(error);
      if (error instanceof ShlexError) return { changed: false, failed: true, msg: error.message };
      throw error;
    }
  },
};
