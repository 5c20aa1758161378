/**
 * Runs one job after its inputs arrived: status lines, events, artifacts and
 * the final zip, as `ansible-runner worker` streams them.
 *
 * @module
 */
import { join } from "node:path";
import { type JobSpec, loadJobSpec } from "./job_spec.ts";
import type { ProtocolWriter } from "./protocol_writer.ts";
import { ArtifactDir } from "../artifacts/artifact_dir.ts";
import { ADHOC_PLAYBOOK, RunnerEventStream } from "../events/runner_event_stream.ts";
import { loadInventory } from "../engine/inventory/mod.ts";
import { isTrue, type SshDefaults } from "../engine/connection/host_connections.ts";
import { JobSshAgent, SshAgentError } from "./ssh_agent.ts";
import {
  AutomationError,
  type EngineRunOptions,
  type EngineRunSummary,
  runAdhoc,
  runAutomation,
} from "../engine/run.ts";
import type { ProcessRegistry } from "../engine/process_registry.ts";
import { selectAutomation } from "./automation_catalog.ts";
import { base64FileChunks, zipDirectory } from "../zip/mod.ts";
import { describeError } from "./transmit_reader.ts";
import { readEnv } from "./env.ts";

/** Why a job was stopped before it finished. */
export class JobStopped extends Error {
  override name = "JobStopped";
  /** The terminal status to report: `canceled` or `timeout`. */
  readonly status: "canceled" | "timeout";

  /** Creates the reason. */
  constructor(status: "canceled" | "timeout") {
    super(status === "canceled" ? "The job was canceled" : "The job timed out");
    this.status = status;
  }
}

/** Exit code and terminal status of canceled and timed-out jobs. */
export const RC_STOPPED = 254;

const PROCESS_ENV_KEYS = ["HOME", "PATH", "LANG", "LC_ALL", "TERM", "USER", "LOGNAME", "TMPDIR"];

/**
 * Runs the job described by `kwargs` in `privateDataDir`, writing the whole
 * output stream (up to and including eof) to `writer`. `stop` aborts it (with
 * a {@linkcode JobStopped} reason). Returns the exit code.
 *
 * @example
 * ```ts
 * const rc = await runJob("/runner", kwargs, writer, new AbortController(), new ProcessRegistry());
 * ```
 */
export async function runJob(
  privateDataDir: string,
  kwargs: Record<string, unknown>,
  writer: ProtocolWriter,
  stop: AbortController,
  registry: ProcessRegistry,
): Promise<number> {
  let job: JobSpec;
  try {
    job = await loadJobSpec(privateDataDir, kwargs);
  } catch (error) {
    writer.message({
      status: "error",
      job_explanation: `Invalid job: ${(error as Error).message}`,
      result_traceback: describeError(error),
    });
    writer.eof();
    return 1;
  }
  const adhoc = job.module !== undefined;
  // ansible-runner runs ad hoc commands with AD_HOC_COMMAND_ID=1 unless AWX set it;
  // events then carry ad_hoc_command_id from that env, as the callback does.
  if (adhoc && job.envvars.AD_HOC_COMMAND_ID === undefined) job.envvars.AD_HOC_COMMAND_ID = "1";
  const cwd = await jobCwd(job);
  const env = jobEnv(job);
  const ident = job.ident;
  const command = jobCommand(job, adhoc);
  writer.message({ status: "starting", runner_ident: ident, command, env, cwd });
  const artifacts = await ArtifactDir.create(job.artifactDir, {
    suppressOutputFile: job.settings.suppressOutputFile,
    command: { command, cwd, env },
    rotate: job.rotateArtifacts,
  });
  writer.message({ status: "running", runner_ident: ident });

  const events = new RunnerEventStream({
    runnerIdent: ident,
    playbook: adhoc ? ADHOC_PLAYBOOK : (job.playbook ?? "main"),
    adhoc,
    references: eventReferences(job.envvars),
    pid: Deno.pid,
    omitEventData: job.omitEventData,
    onlyFailedEventData: job.onlyFailedEventData,
    maxEventRes: positiveInt(job.envvars.MAX_EVENT_RES) ?? 700000,
    emit: (event) => {
      writer.message(event);
      artifacts.appendStdout(String(event.stdout ?? ""));
    },
  });
  const timers = startTimers(job, stop, events);
  let status: string;
  let rc: number;
  try {
    if (job.unknownKwargs.length > 0) {
      events.message(
        `Ignoring job arguments tachyon does not know: ${job.unknownKwargs.join(", ")}`,
        "warning",
      );
    }
    for (const w of job.warnings) events.message(w, "warning");
    events.start();
    const summary = await runEngine(job, adhoc, events, stop.signal, registry, cwd);
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
      const cause = error instanceof AutomationError ? error.cause : error;
      events.message(errorMessage(cause), "error");
      if (error instanceof AutomationError) {
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
  job: JobSpec,
  adhoc: boolean,
  observer: RunnerEventStream,
  signal: AbortSignal,
  registry: ProcessRegistry,
  cwd: string,
): Promise<EngineRunSummary> {
  const inventory = await loadInventory(job.inventory, {
    warn: (message: string) => observer.message(message, "warning"),
    cwd,
    signal,
    registry,
  });
  let agent: Promise<JobSshAgent | undefined> | undefined;
  const agentSocket = async () => {
    agent ??= startJobAgent(job, registry, signal, observer);
    return (await agent)?.socket;
  };
  try {
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
      cwd,
      registry,
      controller: {
        projectDir: cwd,
        privateDataDir: job.privateDataDir,
        factCacheDir: job.factCacheType === "jsonfile"
          ? join(job.artifactDir, job.settings.factCacheDir)
          : undefined,
      },
      ssh: sshDefaults(job, agentSocket),
    };
    if (adhoc) return await runAdhoc(job.module!, job.moduleArgs, job.hostPattern, options);
    return await runAutomation(await selectAutomation(job.playbook), options);
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
  job: JobSpec,
  registry: ProcessRegistry,
  signal: AbortSignal,
  observer: RunnerEventStream,
): Promise<JobSshAgent | undefined> {
  if (!job.sshKey) return undefined;
  let agent: JobSshAgent | undefined;
  try {
    agent = await JobSshAgent.start({ privateDataDir: job.privateDataDir, registry, signal });
    await agent.addKey(job.sshKey, signal);
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

/** The job's ssh defaults: `-u`, `--private-key`, the job's agent, `-c`, `-T`, extra args. */
function sshDefaults(
  job: JobSpec,
  agentSocket: () => Promise<string | undefined>,
): SshDefaults {
  return {
    user: job.cmdline.remoteUser,
    privateKeyFile: job.cmdline.privateKey,
    agentSocket,
    connection: job.cmdline.connection,
    connectTimeout: job.cmdline.timeout,
    commonArgs: job.cmdline.sshCommonArgs,
    extraArgs: job.cmdline.sshExtraArgs,
    hostKeyChecking: isTrue(
      job.envvars.ANSIBLE_HOST_KEY_CHECKING ?? readEnv("ANSIBLE_HOST_KEY_CHECKING") ?? "False",
    ),
  };
}

async function sendArtifacts(job: JobSpec, writer: ProtocolWriter): Promise<void> {
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

function startTimers(job: JobSpec, stop: AbortController, events: RunnerEventStream): Timers {
  const timers: Timers = {};
  const { jobTimeout, idleTimeout } = job.settings;
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

/** Like ansible-runner: the pdd for ad hoc commands (AD_HOC_COMMAND_ID set), else `project/`. */
async function jobCwd(job: JobSpec): Promise<string> {
  if (job.envvars.AD_HOC_COMMAND_ID) return job.privateDataDir;
  const project = join(job.privateDataDir, "project");
  try {
    if ((await Deno.stat(project)).isDirectory) return project;
  } catch {
    // no project dir
  }
  return job.privateDataDir;
}

/** The job's environment: the worker's own (as far as permitted), then envvars. */
function jobEnv(job: JobSpec): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PROCESS_ENV_KEYS) {
    const value = readEnv(key);
    if (value !== undefined) env[key] = value;
  }
  return { ...env, ...job.envvars };
}

/** What tachyon runs, in the shape of the argv ansible-runner would report. */
function jobCommand(job: JobSpec, adhoc: boolean): string[] {
  const inventory = job.inventory.flatMap((i) => ["-i", i]);
  if (adhoc) {
    const args = job.moduleArgs ? ["-a", job.moduleArgs] : [];
    return [
      "tachyon",
      "adhoc",
      ...job.cmdlineWords,
      ...inventory,
      "-m",
      job.module!,
      ...args,
      job.hostPattern,
    ];
  }
  const extravars = join(job.privateDataDir, "env", "extravars");
  let hasExtravars = false;
  try {
    hasExtravars = Deno.statSync(extravars).isFile;
  } catch {
    // none
  }
  return [
    "tachyon",
    "automation",
    ...job.cmdlineWords,
    ...inventory,
    ...(hasExtravars ? ["-e", `@${extravars}`] : []),
    ...(job.playbook ? [job.playbook] : []),
  ];
}

function eventReferences(envvars: Record<string, string>): Record<string, number> {
  const refs: Record<string, number> = {};
  const jobId = positiveInt(envvars.JOB_ID);
  if (jobId !== undefined) refs.job_id = jobId;
  const adhocId = positiveInt(envvars.AD_HOC_COMMAND_ID);
  if (adhocId !== undefined) refs.ad_hoc_command_id = adhocId;
  const projectUpdateId = positiveInt(envvars.PROJECT_UPDATE_ID);
  if (projectUpdateId !== undefined) refs.project_update_id = projectUpdateId;
  return refs;
}

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number.parseInt(value, 10);
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
