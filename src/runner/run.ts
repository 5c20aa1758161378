/**
 * The library's entry points, ansible-runner's `run()` and `run_async()`:
 * `runAsync(options)` checks the options, starts the job and returns its
 * `Runner` at once; `run(options)` resolves with it once the job ended. The
 * `run` command is a thin layer over them.
 *
 * @module
 */
import { notCapableMessage } from "../io/path_access.ts";
import { RunnerConfigError, RunnerError } from "./errors.ts";
import { executeRun, RunControl } from "./job_run.ts";
import type { AutomationLoader } from "../worker/job_core.ts";
import type { RunOptions } from "./run_options.ts";
import { LIBRARY_LABEL, prepareRun } from "./run_prepare.ts";
import { RunState } from "./run_state.ts";
import { Runner } from "./runner.ts";

/**
 * Starts the job of `options` and returns its {@linkcode Runner} at once;
 * `await runner.done` for its end. A job that fails is not an error: its
 * status says `failed` (or `timeout`, `canceled`, `error`), with its rc.
 *
 * @throws {RunnerConfigError} at once, when the options cannot make a job
 * (`runner.done` rejects with one when the private data dir's inputs cannot)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runAsync } from "./run.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * await Deno.mkdir(`${pdd}/inventory`);
 * await Deno.writeTextFile(`${pdd}/inventory/hosts`, "localhost ansible_connection=local\n");
 * const runner = runAsync({
 *   privateDataDir: pdd, module: "command", moduleArgs: "sleep 30", hostPattern: "localhost",
 *   quiet: true,
 * });
 * for await (const event of runner.events) {
 *   if (event.event === "runner_on_start") runner.cancel(); // the task has started: stop it
 * }
 * await runner.done;
 * assert.equal(runner.status, "canceled");
 * assert.equal(runner.rc, 254);
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export function runAsync(options: RunOptions): Runner {
  return startRun(options);
}

/**
 * {@linkcode runAsync} with `catalog`, which gives the automations a
 * playbook names: the `run` command passes the binary's baked-in ones.
 *
 * @example
 * ```ts
 * import { startRun } from "./run.ts";
 * import { defineAutomation } from "../engine/automation.ts";
 *
 * const hello = defineAutomation({ name: "hello", async run() {} });
 * const start = (pdd: string) =>
 *   startRun({ privateDataDir: pdd, playbook: "hello.yml", quiet: true }, () => Promise.resolve(hello));
 * ```
 */
export function startRun(options: RunOptions, catalog?: AutomationLoader): Runner {
  const prepared = prepareRun(options);
  const state = new RunState(prepared.artifactDir);
  const control = new RunControl();
  // The job starts once the runner exists: handlers get it.
  const created = Promise.withResolvers<Runner>();
  const done = created.promise
    .then((runner) => executeRun(prepared, state, runner, control, catalog))
    .catch((error: unknown) => {
      throw asRunnerError(error);
    });
  const runner = new Runner(
    prepared.ident,
    prepared.privateDataDir,
    state,
    done,
    () => control.cancel(),
  );
  created.resolve(runner);
  return runner;
}

/**
 * Runs the job of `options` and resolves with its {@linkcode Runner} once it
 * ended.
 *
 * @throws {RunnerConfigError} when the options or the private data dir's
 * inputs cannot make a job
 * @throws {RunnerCallbackError} when a handler threw (the job was canceled)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { run } from "./run.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * await Deno.mkdir(`${pdd}/inventory`);
 * await Deno.writeTextFile(`${pdd}/inventory/hosts`, "localhost ansible_connection=local\n");
 * const runner = await run({ privateDataDir: pdd, module: "ping", hostPattern: "localhost", quiet: true });
 * assert.equal(runner.status, "successful");
 * assert.equal(runner.rc, 0);
 * assert.deepEqual(runner.stats?.ok, { localhost: 1 });
 * assert.equal(runner.hostEvents("localhost").at(-1)?.event, "runner_on_ok");
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export async function run(options: RunOptions): Promise<Runner> {
  return await runAsync(options).done;
}

/** What escapes a run, as the library's errors (a permission refusal as its paragraph). */
function asRunnerError(error: unknown): RunnerError {
  if (error instanceof RunnerError) return error;
  const capability = notCapableMessage(LIBRARY_LABEL, error);
  if (capability !== undefined) {
    return new RunnerConfigError(capability.trimEnd(), { cause: error });
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new RunnerError(`The run failed: ${message}`, { cause: error });
}
