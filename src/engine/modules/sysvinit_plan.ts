/**
 * What Ansible 2.14's `sysvinit` module decides, as pure functions: whether
 * a service runs (from its status command's output and exit code, the way
 * the module screen-scrapes it, or from `ps`), which command enables or
 * disables it (`update-rc.d`, else `chkconfig`), and which init script
 * commands a `state` needs. `sysvinit.ts` gathers the facts and runs the
 * commands.
 *
 * @module
 */
import { shlexSplit } from "../../python/shlex.ts";
import type { CommandRun } from "./service_sh.ts";
import type { ServiceState, SysvinitArgs } from "./service_args.ts";

/**
 * Whether the service runs, whether that is known, and the warnings on the way.
 *
 * @example
 * ```ts
 * const running: SysvRunning = sysvRunning("cron", { rc: 3, out: "", err: "" }, () => false);
 * ```
 */
export interface SysvRunning {
  /** The service is up. */
  readonly started: boolean;
  /** A rule decided (otherwise the module assumes it is down, and warns). */
  readonly worked: boolean;
  /** Ansible's warnings. */
  readonly warnings: readonly string[];
}

const STOPPED_WORDS = ["stop", "is dead ", "dead but ", "could not access pid file", "inactive"];
const STARTED_WORDS = ["run", "start", "active"];
const STOPPED_CODES = [1, 2, 3, 4, 69];

/**
 * `sysvinit`'s reading of a status command: the keywords of a one-line
 * output (the service's own name removed), else the LSB exit codes for
 * "not running", else exit 0, else a `ps` line naming the service.
 * `psHasName` is asked only when nothing else decided.
 *
 * @example
 * ```ts
 * sysvRunning("cron", { rc: 0, out: "cron is running.\n", err: "" }, () => false).started; // true
 * ```
 */
export function sysvRunning(
  name: string,
  status: CommandRun,
  psHasName: () => boolean,
): SysvRunning {
  const warnings: string[] = [];
  let started = false;
  let worked = false;
  if (name === "iptables" && status.out.includes("ACCEPT")) worked = started = true;
  if (!worked && (status.out.match(/\n/g) ?? []).length <= 1) {
    const clean = status.out.toLowerCase().replaceAll(name.toLowerCase(), "");
    worked = STOPPED_WORDS.some((word) => clean.includes(word));
    if (!worked && STARTED_WORDS.some((word) => clean.includes(word)) && !clean.includes("not ")) {
      started = worked = true;
    }
  }
  if (!worked && STOPPED_CODES.includes(status.rc)) worked = true;
  if (!worked) {
    if (status.rc === 0) {
      started = worked = true;
    } else if (psHasName()) {
      started = worked = true;
      warnings.push(
        "Used ps output to match service name and determine it is up, this is very unreliable",
      );
    }
  }
  return { started, worked, warnings };
}

/**
 * Ansible's `get_ps`: whether a line of `ps auxww` output contains `pattern`.
 *
 * @example
 * ```ts
 * psMatches(["root 7 … /usr/sbin/cron"], "/usr/sbin/cron"); // true
 * ```
 */
export function psMatches(lines: readonly string[], pattern: string): boolean {
  return lines.some((line) => line.includes(pattern));
}

/**
 * The tools `sysvinit` looks for.
 *
 * @example
 * ```ts
 * const tools: SysvTools = { updateRcd: "/usr/sbin/update-rc.d" };
 * ```
 */
export interface SysvTools {
  /** `update-rc.d`'s path. */
  readonly updateRcd?: string;
  /** `chkconfig`'s path. */
  readonly chkconfig?: string;
}

/**
 * The command line that enables or disables the service, as Ansible builds
 * it (a string it then splits like a shell): `update-rc.d NAME defaults`
 * (or `enable RL…` with runlevels) to enable, `… disable [RL…]` to disable;
 * `chkconfig` where there is no `update-rc.d`; none without either.
 *
 * @example
 * ```ts
 * sysvEnableCommand({ updateRcd: "/usr/sbin/update-rc.d" }, "cron", true);
 * // ["/usr/sbin/update-rc.d", "cron", "defaults"]
 * ```
 */
export function sysvEnableCommand(
  tools: SysvTools,
  name: string,
  enable: boolean,
  runlevels?: readonly string[],
): string[] | undefined {
  const word = enable ? "enable" : "disable";
  if (runlevels) {
    if (tools.updateRcd) {
      return shlexSplit(`${tools.updateRcd} ${name} ${word} ${runlevels.join(" ")}`);
    }
    if (tools.chkconfig) {
      return shlexSplit(
        `${tools.chkconfig} --level ${runlevels.join("")} ${name} ${enable ? "on" : "off"}`,
      );
    }
    return undefined;
  }
  if (tools.updateRcd) {
    return shlexSplit(`${tools.updateRcd} ${name} ${enable ? "defaults" : "disable"}`);
  }
  if (tools.chkconfig) return shlexSplit(`${tools.chkconfig} ${name} ${enable ? "on" : "off"}`);
  return undefined;
}

/**
 * Whether enablement changes: with runlevels, when any runlevel differs
 * from `enabled` (Ansible compares even when `enabled` is not given, and
 * then disables); without, when `enabled` is given and differs.
 *
 * @example
 * ```ts
 * enableChanges(true, { enabled: false }); // true
 * ```
 */
export function enableChanges(
  enabled: boolean | undefined,
  current: { readonly enabled: boolean; readonly byRunlevel?: ReadonlyMap<string, boolean> },
  runlevels?: readonly string[],
): boolean {
  if (runlevels) return runlevels.some((rl) => enabled !== current.byRunlevel?.get(rl));
  return enabled !== undefined && enabled !== current.enabled;
}

/**
 * What a `state` does: the init script's words to run, in order (none: nothing to do).
 *
 * @example
 * ```ts
 * const step: SysvStep = sysvStep("restarted", true); // words: ["stop", "start"]
 * ```
 */
export interface SysvStep {
  /** The word Ansible names in its failure message (`start`, `stop`, `restart`, `reload`). */
  readonly action: string;
  /** The script's commands (`stop` then `start` for a restart). */
  readonly words: readonly string[];
}

/**
 * The commands `state` needs on a service that is (not) `started`:
 * `restarted` always stops and starts; `started` starts a stopped one;
 * `stopped` stops a running one; `reloaded` always reloads (a stopped
 * service too, as Ansible does).
 *
 * @example
 * ```ts
 * sysvStep("started", false); // { action: "start", words: ["start"] }
 * sysvStep("started", true); // { action: "start", words: [] }
 * ```
 */
export function sysvStep(state: ServiceState, started: boolean): SysvStep {
  const action = state.replace(/p?ed$/, "");
  if (action === "restart") return { action, words: ["stop", "start"] };
  if (started !== (action === "start")) return { action, words: [action] };
  if (started === (action === "stop")) return { action, words: [action] };
  return { action, words: [] };
}

/**
 * The init script's command line for `word`, as Ansible builds and splits it.
 *
 * @example
 * ```ts
 * scriptCommand("/etc/init.d/cron", "start", { arguments: "--quiet" } as SysvinitArgs);
 * // ["/etc/init.d/cron", "start", "--quiet"]
 * ```
 */
export function scriptCommand(script: string, word: string, args: SysvinitArgs): string[] {
  return shlexSplit(`${script} ${word} ${args.arguments ?? ""}`);
}

/**
 * Ansible's `get_sysv_script`: a name, or a path given as the name.
 *
 * @example
 * ```ts
 * sysvScript("cron"); // "/etc/init.d/cron"
 * ```
 */
export function sysvScript(name: string): string {
  return name.startsWith("/") ? name : `/etc/init.d/${name}`;
}
