/**
 * The core of a run, shared by `run()`, `runAsync()` and the `run` command:
 * the prepared job goes through the worker's own planning (`planWorkerJob`:
 * the pdd's `env/` files, `inventory/`, `project/`, the playbook mode) and
 * then down the route the planner chose, as in worker mode:
 * - tachyon's engine (an automation, one of its modules): the worker's job
 *   core (`executeJob`), whose statuses and events come here instead of a
 *   stream: job_events files, the `stdout` artifact, the console, handlers.
 *   The automation is the `automation` option's (the job is then resolved
 *   as the worker resolves any, without planning), else the caller's
 *   catalog's: the `run` command passes the binary's baked-in automations.
 *   The library cannot import them itself: they import `mod.ts`, which
 *   exports the library;
 * - the EE's Ansible: `run_ansible.ts`;
 * - refused by the policy: an `error` status saying why, nothing runs.
 *
 * Then, in the reference's order: the `status` and `rc` artifacts (written
 * by the route), `artifactsHandler`, the sinks' `close()`, `finishedCallback`.
 * Nothing here touches stdin, a terminal or the process's signals: a
 * daemonised run (`start`) can use it as it is.
 *
 * @module
 */
import { join, relative } from "node:path";
import { type PlannedJob, planWorkerJob } from "../worker/job_plan.ts";
import { type AutomationLoader, executeJob } from "../worker/job_core.ts";
import { loadJobSpec } from "../worker/job_spec.ts";
import { BUILD_POLICY } from "../planner/mod.ts";
import { loadMapping } from "../worker/job_inputs.ts";
import { JobStopped } from "../worker/job_stopped.ts";
import type { ResolvedJob } from "../worker/resolved_job.ts";
import { ProcessRegistry } from "../engine/process_registry.ts";
import { eventFileName, writeEventFile } from "../process/event_file.ts";
import { pythonJsonDumps } from "../python/json_dumps.ts";
import { pyTruthy } from "../python/truthy.ts";
import { eventText, stdoutPrinter } from "./console.ts";
import { RunnerConfigError, RunnerError } from "./errors.ts";
import { runOnAnsibleRoute } from "./run_ansible.ts";
import type { RunnerView } from "./run_options.ts";
import { RunOutput } from "./run_output.ts";
import type { PreparedRun } from "./run_prepare.ts";
import type { RunState } from "./run_state.ts";
import type { RunnerSink } from "./sinks.ts";
import { eventPluginsWanted } from "../events/plugins/wanted.ts";
import { readEnv } from "../worker/env.ts";
import { writeStderr } from "../io/std_text.ts";

/** How often `cancelCallback` is asked. */
const CANCEL_POLL_MS = 100;

/**
 * How a run is stopped: its abort controller and its process registry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunControl } from "./job_run.ts";
 *
 * const control = new RunControl();
 * control.cancel();
 * assert.equal(control.stop.signal.aborted, true);
 * ```
 */
export class RunControl {
  /** Aborts the job (its reason: `JobStopped("canceled")` or `"timeout"`). */
  readonly stop: AbortController = new AbortController();
  /** Every child process of the job. */
  readonly registry: ProcessRegistry = new ProcessRegistry();
  /**
   * Set once the EE's ansible-runner has the job: a cancel then goes to it
   * (it stops its Ansible and reports `canceled`), as in worker mode.
   */
  handedOver = false;

  /** Cancels the job: every child of tachyon's engine dies at once. */
  cancel(): void {
    if (this.stop.signal.aborted) return;
    if (!this.handedOver) this.registry.killAll();
    this.stop.abort(new JobStopped("canceled"));
  }
}

/**
 * Runs `prepared` to its end, updating `state`; handlers get `runner`;
 * `catalog` gives the automations a playbook names (none: only the
 * `automation` option runs one). Rejects with a {@linkcode RunnerConfigError}
 * when the job's inputs are invalid, a `RunnerCallbackError` when a handler
 * threw.
 *
 * @example
 * ```ts
 * import { executeRun, RunControl } from "./job_run.ts";
 * import { prepareRun } from "./run_prepare.ts";
 * import { RunState } from "./run_state.ts";
 * import type { RunnerView } from "./run_options.ts";
 *
 * const once = async (runner: RunnerView) => {
 *   const prepared = prepareRun({ privateDataDir: "/tmp/demo", module: "ping", quiet: true });
 *   await executeRun(prepared, new RunState(prepared.artifactDir), runner, new RunControl());
 * };
 * ```
 */
export async function executeRun(
  prepared: PreparedRun,
  state: RunState,
  runner: RunnerView,
  control: RunControl,
  catalog?: AutomationLoader,
): Promise<void> {
  const { options } = prepared;
  const settings = await runSettings(prepared);
  const json = options.json ?? false;
  const sinks = await runnerSinks(prepared, settings);
  const out = new RunOutput(state, runner, {
    sinks,
    statusHandler: options.statusHandler,
    eventHandler: options.eventHandler,
    print: suppressed(options.quiet ?? false, settings)
      ? undefined
      : (options.print ?? stdoutPrinter()),
    json,
    onFailure: () => control.cancel(),
  });
  const onAbort = () => control.cancel();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  // A program that exits while its job runs takes the job's processes with it.
  const onUnload = () => control.registry.killAll();
  globalThis.addEventListener("unload", onUnload);
  if (options.signal?.aborted) control.cancel();
  const polling = options.cancelCallback === undefined ? undefined : setInterval(() => {
    try {
      if (options.cancelCallback!()) control.cancel();
    } catch (error) {
      out.fail("cancelCallback", error);
    }
  }, CANCEL_POLL_MS);
  try {
    const rc = await runRoute(prepared, state, out, control, json, catalog);
    state.end(rc);
    if (state.status !== "error") {
      guarded(out, "artifactsHandler", () => options.artifactsHandler?.(prepared.artifactDir));
    }
  } finally {
    clearInterval(polling);
    options.signal?.removeEventListener("abort", onAbort);
    globalThis.removeEventListener("unload", onUnload);
    control.registry.killAll();
    if (!state.ended) state.end(undefined);
  }
  for (const sink of sinks) {
    await sink.close?.().catch((error: unknown) => out.fail("a sink's close", error));
  }
  guarded(out, "finishedCallback", () => options.finishedCallback?.(runner));
  if (out.failure !== undefined) throw out.failure;
}

/** Plans the job and runs it down its route; resolves to the rc. */
async function runRoute(
  prepared: PreparedRun,
  state: RunState,
  out: RunOutput,
  control: RunControl,
  json: boolean,
  catalog: AutomationLoader | undefined,
): Promise<number> {
  await makePrivateDataDir(prepared.privateDataDir);
  const planned = await planRun(prepared).catch((error: unknown) => {
    throw new RunnerConfigError(`The job's inputs are invalid: ${(error as Error)?.message}`, {
      cause: error,
    });
  });
  const { plan } = planned;
  if (plan.route === "refused") {
    out.status({ status: "error", job_explanation: plan.message });
    return 1;
  }
  if (plan.route === "ansible") {
    control.handedOver = true;
    return await runOnAnsibleRoute(
      prepared,
      plan,
      out,
      state,
      control.stop.signal,
      control.registry,
    );
  }
  const given = prepared.options.automation;
  const loadAutomation = given === undefined ? catalog : () => Promise.resolve(given);
  if (plan.route !== "module" && loadAutomation === undefined) {
    throw new RunnerConfigError(
      `${plan.message} But run() has no baked-in automations (they are the tachyon binary's, ` +
        "for its run command): give it the automation to run as its automation option.",
    );
  }
  const job = runJobOf(planned.job!, prepared);
  const outcome = await executeJob(
    job,
    plan,
    {
      status: (data) => out.status(data),
      event: (event) => {
        if (!out.event(event)) return;
        const name = eventFileName(event.counter, event.uuid);
        try {
          writeEventFile(job.artifactDir, name, pythonJsonDumps(event));
        } catch {
          return; // as the reference: an event file that cannot be written is skipped
        }
        state.addEventFile(name);
      },
      stdoutText: (event) => eventText(event, json),
    },
    control.stop,
    control.registry,
    loadAutomation ?? rejectAutomation,
  );
  return outcome.rc;
}

/** An ad hoc job loads no automation. */
function rejectAutomation(): Promise<never> {
  return Promise.reject(new RunnerError("An ad hoc job runs no automation"));
}

/**
 * The planner's decision (and the resolved job, unless it goes to Ansible);
 * with the `automation` option, that automation runs the job resolved as
 * the worker resolves any.
 */
async function planRun(prepared: PreparedRun): Promise<PlannedJob> {
  // The artifact dir is the run's own (it may be outside the pdd, as `--artifact-dir` allows):
  // the worker's resolution, which keeps a transmitted one inside the pdd, does not get it.
  const kwargs = { ...prepared.kwargs, artifact_dir: null };
  const automation = prepared.options.automation;
  if (automation === undefined) return await planWorkerJob(prepared.privateDataDir, kwargs);
  return {
    plan: {
      route: "automation",
      mode: BUILD_POLICY.playbookMode,
      automation: automation.name,
      message: `tachyon: the automation ${automation.name} given to run() runs natively.`,
    },
    job: await loadJobSpec(prepared.privateDataDir, kwargs),
  };
}

/**
 * The worker's resolved job with the run's own artifact dir (and its fact
 * cache inside it), and the project dir as the working directory when the
 * options name one.
 */
function runJobOf(job: ResolvedJob, prepared: PreparedRun): ResolvedJob {
  const { factCacheDir } = job.output;
  return {
    ...job,
    artifactDir: prepared.artifactDir,
    output: {
      ...job.output,
      factCacheDir: factCacheDir === undefined
        ? undefined
        : join(prepared.artifactDir, relative(job.artifactDir, factCacheDir)),
    },
    cwd: prepared.projectDir !== undefined && !job.adhoc ? prepared.projectDir : job.cwd,
  };
}

/**
 * The status and event sinks of a run: the caller's, then the event plugins
 * the job's settings or environment turn on (`runner_http_url`, …; loaded
 * only when asked for). A plugin's warning (e.g. a binary without network)
 * goes to stderr, as the job still runs.
 */
async function runnerSinks(
  prepared: PreparedRun,
  settings: Readonly<Record<string, unknown>>,
): Promise<RunnerSink[]> {
  const sinks = [...(prepared.options.sinks ?? [])];
  if (!eventPluginsWanted(settings, readEnv)) return sinks;
  const { eventPluginsFor } = await import("../events/plugins/mod.ts");
  const plugins = eventPluginsFor(settings, readEnv);
  for (const warning of plugins.warnings) writeStderr(`[WARNING]: ${warning}\n`);
  if (!plugins.active) return sinks;
  sinks.push({
    status: (data) => plugins.status(data),
    event: (event) => plugins.event(event),
    close: async () => {
      await plugins.close();
    },
  });
  return sinks;
}

/** The `settings` option under `env/settings`, as ansible-runner merges them (the file wins). */
async function runSettings(prepared: PreparedRun): Promise<Record<string, unknown>> {
  const file = await loadMapping(join(prepared.privateDataDir, "env", "settings"), []);
  return { ...(prepared.options.settings ?? {}), ...(file ?? {}) };
}

/** ansible-runner: `suppress_ansible_output = settings.get('suppress_ansible_output', quiet)`. */
function suppressed(quiet: boolean, settings: Readonly<Record<string, unknown>>): boolean {
  return "suppress_ansible_output" in settings ? pyTruthy(settings.suppress_ansible_output) : quiet;
}

function guarded(out: RunOutput, handler: string, body: () => void): void {
  try {
    body();
  } catch (error) {
    out.fail(handler, error);
  }
}

/** `os.makedirs(pdd, 0o700)`, accepting an existing directory. */
async function makePrivateDataDir(pdd: string): Promise<void> {
  try {
    await Deno.mkdir(pdd, { recursive: true, mode: 0o700 });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) {
      throw new RunnerConfigError(`The private data dir ${pdd} exists and is not a directory`);
    }
    if (error instanceof Deno.errors.NotCapable) throw error;
    throw new RunnerError(`Cannot create the private data dir ${pdd}: ${error}`, { cause: error });
  }
}
