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
import { PromptAnswers } from "./prompt_answers.ts";
import { isEncryptedKey } from "./private_key.ts";
import { AskpassBroker, AskpassError, type AskpassSession } from "../engine/connection/askpass.ts";
import type { SshAgentAccess } from "../engine/connection/host_connections.ts";
import {
  AutomationError,
  type EngineRunOptions,
  type EngineRunSummary,
  runAdhoc,
  runAutomation,
} from "../engine/run.ts";
import type { ProcessRegistry } from "../engine/process_registry.ts";
import type { JobPlan } from "../planner/mod.ts";
import { base64FileChunks, zipDirectory } from "../zip/mod.ts";
import { JobStopped, RC_STOPPED } from "./job_stopped.ts";

export { JobStopped, RC_STOPPED };

/**
 * Runs the resolved `job`, writing the whole output stream (up to and
 * including eof) to `writer`. `stop` aborts it (with a {@linkcode JobStopped}
 * reason). Returns the exit code.
 *
 * @example
 * ```ts
 * import { runJob } from "./job_runner.ts";
 * import { planWorkerJob } from "./job_plan.ts";
 * import { ProtocolWriter } from "./protocol_writer.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * // What the worker does once the transmit stream is in, for a job it runs itself:
 * const runOne = async (pdd: string, kwargs: Record<string, unknown>) => {
 *   const { plan, job } = await planWorkerJob(pdd, kwargs);
 *   return await runJob(
 *     job!,
 *     plan,
 *     new ProtocolWriter(Deno.stdout),
 *     new AbortController(),
 *     new ProcessRegistry(),
 *   );
 * };
 * ```
 */
export async function runJob(
  job: ResolvedJob,
  plan: JobPlan,
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
    events.message(plan.message, "verbose");
    for (const w of job.warnings) events.message(w, "warning");
    events.start();
    const summary = await runEngine(job, plan, events, stop.signal, registry);
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
  plan: JobPlan,
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
  let broker: Promise<AskpassBroker> | undefined;
  const askpass = () =>
    broker ??= AskpassBroker.start(
      join(job.privateDataDir, `.tachyon-askpass-${crypto.randomUUID()}`),
    );
  let agent: Promise<JobAgent> | undefined;
  const agentAccess = async () =>
    (await (agent ??= startJobAgent(job, registry, signal, observer, askpass))).access;
  try {
    const { key: _key, tempDir: _tempDir, becomePassword, becomeProblem, ...ssh } = job.ssh;
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
      ssh: { ...ssh, agent: agentAccess, askpass },
      become: {
        become: job.cmdline.become,
        becomeUser: job.cmdline.becomeUser,
        becomeMethod: job.cmdline.becomeMethod,
        password: becomePassword,
        passwordProblem: becomeProblem,
      },
    };
    if (job.adhoc) return await runAdhoc(job.module!, job.moduleArgs, job.hostPattern, options);
    // Loaded only for automation jobs: the baked-in automations (and their
    // schema library) cost ad hoc jobs nothing; `deno compile` still embeds them.
    const { loadPlannedAutomation } = await import("./automation_catalog.ts");
    return await runAutomation(await loadPlannedAutomation(plan), options);
  } finally {
    await (await agent?.catch(() => undefined))?.agent?.stop();
    await (await broker?.catch(() => undefined))?.close();
  }
}

/** The job's ssh-agent, if it holds the key, and what hosts are offered. */
interface JobAgent {
  agent?: JobSshAgent;
  access: SshAgentAccess;
}

/** ssh-add's passphrase prompts after the first two are not answered (no endless retry). */
const PASSPHRASE_PROMPTS = 2;

/**
 * The job's ssh-agent holding its `ssh_key`, or none without a key. The key's
 * passphrase comes from the job's passwords, asked with the prompt
 * ansible-runner's `ssh-add` prints (`Enter passphrase for
 * <artifact dir>/ssh_key_data: `). An agent that cannot start or a key
 * ssh-add refuses leaves hosts without the key, and the reason is named when
 * a host then cannot log in.
 */
async function startJobAgent(
  job: ResolvedJob,
  registry: ProcessRegistry,
  signal: AbortSignal,
  observer: RunnerEventStream,
  askpass: () => Promise<AskpassBroker>,
): Promise<JobAgent> {
  const { key, tempDir } = job.ssh;
  if (!key) return { access: {} };
  let agent: JobSshAgent | undefined;
  let session: AskpassSession | undefined;
  const keyPath = join(job.artifactDir, "ssh_key_data");
  try {
    agent = await JobSshAgent.start({
      privateDataDir: job.privateDataDir,
      tempDir,
      registry,
      signal,
    });
    const answers = new PromptAnswers(job.passwords);
    let asked = 0;
    session = !isEncryptedKey(key)
      ? undefined
      : (await askpass()).session((prompt) =>
        ++asked > PASSPHRASE_PROMPTS
          ? undefined
          : answers.answer(prompt.replace("(stdin)", keyPath))
      );
    await agent.addKey(key, signal, session?.env);
    return { agent, access: { socket: agent.socket } };
  } catch (error) {
    await agent?.stop();
    if (!(error instanceof SshAgentError || error instanceof AskpassError)) throw error;
    const prompt = session?.asked[0]?.replace("(stdin)", keyPath);
    const problem = prompt === undefined
      ? error.message
      : `the job's ssh_key could not be unlocked: the passphrase prompt ${JSON.stringify(prompt)} ${
        session!.unanswered[0] === session!.asked[0]
          ? "has no answer in the job's passwords"
          : "got an answer that ssh-add refused"
      }`;
    observer.message(
      `${problem}. Hosts reached over ssh are not offered the job's ssh_key.`,
      "warning",
    );
    return { access: { problem } };
  } finally {
    session?.close();
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
