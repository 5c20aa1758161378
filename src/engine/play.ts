/**
 * The `play` object an automation's play callback gets: module calls as
 * tasks on the play's active hosts, and their per-host results.
 *
 * @module
 */
import type { Play } from "./automation.ts";
import { guardApi } from "./api_guard.ts";
import type { Executor, TaskSpec } from "./executor.ts";
import { TaskResults } from "./task_results.ts";
import type { ModuleArgsInput } from "./modules/module.ts";
import type { PlayInfo } from "./observer.ts";
import type { BecomeOptions, HostView, PlayOptions, TaskOptions } from "./types.ts";

/** Arguments as a task call gives them: a value, or a function of the host. */
type ArgsInput = ModuleArgsInput | ((host: HostView) => ModuleArgsInput);

/**
 * Creates the {@linkcode Play} object for one play: frozen, and a name it does
 * not have throws `AutomationApiError` (`play.shel`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlay } from "./play.ts";
 * import { Executor } from "./executor.ts";
 * import { HostConnections } from "./connection/host_connections.ts";
 * import { ProcessRegistry } from "./process_registry.ts";
 *
 * const signal = new AbortController().signal;
 * const printed: unknown[] = [];
 * const executor = new Executor({
 *   hostVars: (host) => ({ inventory_hostname: host }),
 *   connections: new HostConnections({ registry: new ProcessRegistry(), signal }),
 *   forks: 5, check: false, diff: false, signal,
 *   observer: {
 *     playStart() {}, taskStart() {}, hostStart() {}, message() {},
 *     hostResult: (_task, r) => printed.push(r.result.msg),
 *   },
 *   controller: { projectDir: "/tmp", privateDataDir: "/tmp" },
 * });
 * const play = createPlay({ uuid: "1", name: "p", pattern: "all" }, ["web1"], executor);
 * await play.debug((host) => `hello ${host.name}`);
 * assert.deepEqual(printed, ["hello web1"]);
 * ```
 */
export function createPlay(
  info: PlayInfo,
  hosts: readonly string[],
  executor: Executor,
  options: PlayOptions = {},
): Play {
  const playBecome: BecomeOptions = {
    become: options.become,
    becomeUser: options.becomeUser,
    becomeMethod: options.becomeMethod,
    becomeFlags: options.becomeFlags,
    becomeExe: options.becomeExe,
  };
  let active = [...hosts];
  const run = async (spec: TaskSpec): Promise<TaskResults> => {
    const targets = spec.hosts ? active.filter((h) => spec.hosts!.includes(h)) : active;
    // No host left (all failed or unreachable, or none of `hosts`): as in
    // Ansible, the task does not start: no header, no events.
    if (targets.length === 0) return new TaskResults([]);
    const results = await executor.runTask(targets, spec, info);
    const stopped = new Set(
      results.filter((r) =>
        r.outcome === "unreachable" || (r.outcome === "failed" && !spec.ignoreErrors)
      ).map((r) => r.host),
    );
    if (stopped.size > 0) active = active.filter((h) => !stopped.has(h));
    return new TaskResults(results);
  };
  const call = (module: string, args?: ArgsInput, options: TaskOptions = {}) =>
    run({ ...options, module, args, playBecome });
  const rawParams = (cmd: string | ((host: HostView) => string)): ArgsInput =>
    typeof cmd === "function" ? (h) => ({ _raw_params: cmd(h) }) : { _raw_params: cmd };
  return guardApi(
    "play",
    {
      name: info.name,
      get hosts() {
        return active;
      },
      // The typed signature is Play's; a call that bypassed the types still
      // meets parseArgs (and the registry for an unknown module) at run time.
      task:
        ((module: string, args?: ArgsInput, options?: TaskOptions) =>
          call(module, args, options)) as Play["task"],
      ping: (options) => call("ping", undefined, options),
      command: (cmd, options) => call("command", rawParams(cmd), options),
      shell: (cmd, options) => call("shell", rawParams(cmd), options),
      debug: (msg, options) =>
        call("debug", typeof msg === "function" ? (h) => ({ msg: msg(h) }) : { msg }, options),
    } satisfies Play,
  );
}
