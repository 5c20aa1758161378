/**
 * The library: ansible-runner's Python interface for TypeScript. `run()`
 * and `runAsync()` run a job from a private data dir (an automation, one of
 * tachyon's modules ad hoc, or a playbook under the EE's Ansible, as the
 * planner decides), write its artifacts as `ansible-runner run` does, and
 * return a {@linkcode Runner}: `status`, `rc`, `events` (live), `stats`,
 * `hostEvents(host)`, `stdout`, `cancel()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { run } from "./mod.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * await Deno.mkdir(`${pdd}/inventory`);
 * await Deno.writeTextFile(`${pdd}/inventory/hosts`, "localhost ansible_connection=local\n");
 * const seen: string[] = [];
 * const runner = await run({
 *   privateDataDir: pdd,
 *   module: "command",
 *   moduleArgs: "echo hello",
 *   hostPattern: "localhost",
 *   quiet: true,
 *   statusHandler: (status) => seen.push(status.status),
 * });
 * assert.deepEqual(seen, ["starting", "running", "successful"]);
 * for await (const event of runner.events) {
 *   if (event.event === "runner_on_ok") assert.match(String(event.stdout), /hello/);
 * }
 * assert.match(runner.stdout, /localhost \| CHANGED \| rc=0/);
 * await Deno.remove(pdd, { recursive: true });
 * ```
 *
 * @module
 */
export { run, runAsync } from "./run.ts";
export { Runner } from "./runner.ts";
export type {
  RunnerEvent,
  RunnerStats,
  RunnerStatusData,
  RunnerView,
  RunOptions,
} from "./run_options.ts";
export type { RunnerSink } from "./sinks.ts";
export {
  RunnerCallbackError,
  RunnerConfigError,
  RunnerError,
  RunnerOutputError,
} from "./errors.ts";
