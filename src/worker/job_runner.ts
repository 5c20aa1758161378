/**
 * Runs one job after its inputs arrived: status lines, events, artifacts and
 * the final zip, as `ansible-runner worker` streams them.
 *
 * @module
 */
import { join } from "node:path";
import type { JobLimits, ResolvedJob } from "./resolved_job.ts";
import type { ProtocolWriter } from "./protocol_writer.ts";
import { ArtifactDir } from "../artifacts/artifact_dir.ts";
import { ADHOC_PLAYBOOK, RunnerEventStream } from "../events/runner_event_stream.ts";
import { loadInventory } from "../engine/inventory/mod.ts";
import { JobSshAgent, SshAgentError } from "./ssh_agent.ts";
import {
  AutomationError,
  type EngineRunOptions,
  type EngineRunSummary,
  runAdhoc,
  runAutomation,
} from "../engine/run.ts";
import type { ProcessRegistry } from "../engine/process_registry.ts";
import { base64FileChunks, zipDirectory } from "../zip/mod.ts";

/**
 * Why a job was stopped before it finished.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JobStopped } from "./job_runner.ts";
 *
 * const stop = new AbortController();
 * stop.abort(new JobStopped("timeout"));
 * assert.equal((stop.signal.reason as JobStopped).status, "timeout");
 * ```
 */
export class JobStopped extends Error {
  /** The error name. */
  override name = "JobStopped";
  /** The terminal status to report: `canceled` or `timeout`. */
  readonly status: "canceled" | "timeout";

  /** Creates the reason. */
  constructor(status: "canceled" | "timeout") {
    super(status === "canceled" ? "The job was canceled" : "The job timed out");
    this.status = status;
  }
}

/**
 * Exit code and terminal status of canceled and timed-out jobs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RC_STOPPED } from "./job_runner.ts";
 *
 * assert.equal(RC_STOPPED, 254);
 * ```
 */
export const RC_STOPPED = 254;

/**
 * Runs the resolved `job`, writing the whole output stream (up to and
 * including eof) to `writer`. `stop` aborts it (with a {@linkcode JobStopped}
 * reason). Returns the exit code.
 *
 * @example
 * ```ts
 * import { runJob } from "./job_runner.ts";
 * import { loadJobSpec } from "./job_spec.ts";
 * import { ProtocolWriter } from "./protocol_writer.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * // What the worker does once the transmit stream is in:
 * const runOne = async (pdd: string, kwargs: Record<string, unknown>) =>
 *   await runJob(
 *     await loadJobSpec(pdd, kwargs),
 *     new ProtocolWriter(Deno.stdout),
 *     new AbortController(),
 *     new ProcessRegistry(),
 *   );
 * ```
 */
export async function runJob(
  job: ResolvedJob,
  writer: ProtocolWriter,
  stop: AbortController,
  registry: ProcessRegistry,
): Promise<number> {
  const { ident, command, cwd, env } = job;
  writer.message({ status: "starting", runner_ident: ident, command, env, cwd });
  const artifacts = await ArtifactDir.create(job.artifactDir, {
    suppressOutputFile: job.output.suppressOutputFile,
    command: { command, cwd, env },
    rotate: job.output.rotateArtifacts,
  });
  writer.message({ status: "running", runner_ident: ident });

  const events = new RunnerEventStream({
    runnerIdent: ident,
    playbook: job.adhoc ? ADHOC_PLAYBOOK : (job.playbook ?? "main"),
    adhoc: job.adhoc,
    references: job.references,
    pid: Deno.pid,
    omitEventData: job.output.omitEventData,
    onlyFailedEventData: job.output.onlyFailedEventData,
    maxEventRes: job.limits.maxEventRes,
    emit: (event) => {
      writer.message(event);
      artifacts.appendStdout(String(event.stdout ?? ""));
    },
  });
  const timers = startTimers(job.limits, stop, events);
  let status: string;
  let rc: number;
  try {
    for (const w of job.warnings) events.message(w, "warning");
    events.start();
    const summary = await runEngine(job, events, stop.signal, registry);
    events.finish(summary.stats, summary.artifactData);
    rc = summary.rc;
    status = rc === 0 ? "successful" : "failed";
  } catch (error) {
    const reason = stop.signal.reason;
    if (stop.signal.aborted && reason instanceof JobStopped) {
      registry.killAll();
      status = reason.status;
      rc = RC_STOPPED;
    } else {
      // An automation's own throw is Ansible's fatal `ERROR!` (its own frames, no
      // PLAY RECAP after it); an ad hoc module's keeps its recap.
      events.message(
        error instanceof AutomationError ? error.display : errorMessage(error),
        "error",
      );
      if (error instanceof AutomationError && !error.fatal) {
        events.finish(error.summary.stats, error.summary.artifactData);
      }
      status = "failed";
      rc = 1;
    }
  } finally {
    clearTimers(timers);
  }
  writer.message({ status, runner_ident: ident });
  await artifacts.finish(status, rc);
  await sendArtifacts(job, writer);
  writer.eof();
  return rc;
}

async function runEngine(
  job: ResolvedJob,
  observer: RunnerEventStream,
  signal: AbortSignal,
  registry: ProcessRegistry,
): Promise<EngineRunSummary> {
  const inventory = await loadInventory(job.inventory, {
    warn: (message: string) => observer.message(message, "warning"),
    cwd: job.cwd,
    signal,
    registry,
  });
  let agent: Promise<JobSshAgent | undefined> | undefined;
  const agentSocket = async () => {
    agent ??= startJobAgent(job, registry, signal, observer);
    return (await agent)?.socket;
  };
  try {
    const { key: _key, tempDir: _tempDir, ...ssh } = job.ssh;
    const options: EngineRunOptions = {
      inventory,
      extraVars: job.extraVars,
      limit: job.limit,
      forks: job.forks,
      check: job.check,
      diff: job.diff,
      signal,
      observer,
      env: job.envvars,
      cwd: job.cwd,
      registry,
      controller: {
        projectDir: job.cwd,
        privateDataDir: job.privateDataDir,
        factCacheDir: job.output.factCacheDir,
      },
      ssh: { ...ssh, agentSocket },
    };
    if (job.adhoc) return await runAdhoc(job.module!, job.moduleArgs, job.hostPattern, options);
    // Loaded only for automation jobs: the baked-in automations (and their
    // schema library) cost ad hoc jobs nothing; `deno compile` still embeds them.
    const { selectAutomation } = await import("./automation_catalog.ts");
    return await runAutomation(await selectAutomation(job.playbook, job.automationFile), options);
  } finally {
    await (await agent?.catch(() => undefined))?.stop();
  }
}

/**
 * The job's ssh-agent holding its `ssh_key`, or none without a key. An agent
 * that cannot start or a key ssh-add refuses is a warning: hosts reached over
 * ssh are then not offered the key (and local hosts do not need it).
 */
async function startJobAgent(
  job: ResolvedJob,
  registry: ProcessRegistry,
  signal: AbortSignal,
  observer: RunnerEventStream,
): Promise<JobSshAgent | undefined> {
  const { key, tempDir } = job.ssh;
  if (!key) return undefined;
  let agent: JobSshAgent | undefined;
  try {
    agent = await JobSshAgent.start({
      privateDataDir: job.privateDataDir,
      tempDir,
      registry,
      signal,
    });
    await agent.addKey(key, signal);
    return agent;
  } catch (error) {
    await agent?.stop();
    if (!(error instanceof SshAgentError)) throw error;
    observer.message(
      `${error.message}. Hosts reached over ssh are not offered the job's ssh_key.`,
      "warning",
    );
    return undefined;
  }
}

async function sendArtifacts(job: ResolvedJob, writer: ProtocolWriter): Promise<void> {
  const zipPath = join(job.privateDataDir, `.tachyon-artifacts-${crypto.randomUUID()}.zip`);
  try {
    const size = await zipDirectory(job.artifactDir, zipPath);
    writer.message({ zipfile: size });
    for await (const chunk of base64FileChunks(zipPath)) writer.raw(chunk);
  } finally {
    await Deno.remove(zipPath).catch(() => {});
  }
}

interface Timers {
  job?: ReturnType<typeof setTimeout>;
  idle?: ReturnType<typeof setTimeout>;
}

function startTimers(limits: JobLimits, stop: AbortController, events: RunnerEventStream): Timers {
  const timers: Timers = {};
  const { jobTimeout, idleTimeout } = limits;
  if (jobTimeout) {
    timers.job = setTimeout(() => stop.abort(new JobStopped("timeout")), jobTimeout * 1000);
  }
  if (idleTimeout) {
    const check = () => {
      const idleMs = Date.now() - events.lastOutput;
      if (idleMs >= idleTimeout * 1000) stop.abort(new JobStopped("timeout"));
      else timers.idle = setTimeout(check, idleTimeout * 1000 - idleMs);
    };
    timers.idle = setTimeout(check, idleTimeout * 1000);
  }
  return timers;
}

function clearTimers(timers: Timers): void {
  clearTimeout(timers.job);
  clearTimeout(timers.idle);
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
