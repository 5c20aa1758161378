/**
 * The one core of a job tachyon runs itself, shared by the worker
 * (`job_runner.ts`, which streams it) and `run` and the library
 * (`src/runner/`, which write job_events files, print and call handlers):
 * statuses and events go to {@linkcode JobHandlers}; the engine runs the
 * job (inventory, the job's ssh-agent and askpass, the automation or the ad
 * hoc module) under `job_timeout`/`idle_timeout`; the artifacts are
 * written. The automation comes from the caller ({@linkcode AutomationLoader}):
 * the worker's is the baked-in catalog, which imports the automations, which
 * import `mod.ts`, which exports the library; this module importing the
 * catalog would close that circle.
 *
 * @module
 */
import { join } from "node:path";
import type { JobLimits, ResolvedJob } from "./resolved_job.ts";
import { ArtifactDir } from "../artifacts/artifact_dir.ts";
import {
  ADHOC_PLAYBOOK,
  type RunnerEvent,
  RunnerEventStream,
} from "../events/runner_event_stream.ts";
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
import type { Automation } from "../engine/automation.ts";
import type { ProcessRegistry } from "../engine/process_registry.ts";
import type { JobPlan } from "../planner/mod.ts";
import { JobStopped, RC_STOPPED } from "./job_stopped.ts";

/**
 * Gives the automation the planner chose for an automation job.
 *
 * @example
 * ```ts
 * import type { AutomationLoader } from "./job_core.ts";
 * import { defineAutomation } from "../engine/automation.ts";
 *
 * const hello = defineAutomation({ name: "hello", async run() {} });
 * const only: AutomationLoader = () => Promise.resolve(hello);
 * ```
 */
export type AutomationLoader = (plan: JobPlan) => Promise<Automation>;

/**
 * Where one job's statuses and events go: the worker writes them to its
 * stdout; `run` and the library (`src/runner/`) write job_events files,
 * print them and call the user's handlers.
 *
 * @example
 * ```ts
 * import type { JobHandlers } from "./job_core.ts";
 *
 * const seen: string[] = [];
 * const handlers: JobHandlers = {
 *   status: (data) => seen.push(String(data.status)),
 *   event: (event) => seen.push(String(event.event)),
 * };
 * ```
 */
export interface JobHandlers {
  /** Every status: `starting` (with `command`, `env`, `cwd`), `running`, the terminal one. */
  status(data: Record<string, unknown>): void;
  /** Every event, in order, before its text goes to the `stdout` artifact. */
  event(event: RunnerEvent): void;
  /**
   * The text an event adds to the `stdout` artifact (default: its `stdout`;
   * `json_mode` writes the whole event).
   */
  stdoutText?(event: RunnerEvent): string;
}

/**
 * How a job ended: its terminal status and rc (the `status` and `rc`
 * artifacts are written).
 *
 * @example
 * ```ts
 * import type { JobOutcome } from "./job_core.ts";
 *
 * const outcome: JobOutcome = { status: "successful", rc: 0 };
 * ```
 */
export interface JobOutcome {
  /** `successful`, `failed`, `timeout` or `canceled`. */
  readonly status: string;
  /** 0, 1, 2, 4 …, 254 when canceled or timed out. */
  readonly rc: number;
}

/**
 * The one core of a job tachyon runs itself, shared by the worker and `run`:
 * `starting`, the artifact dir, `running`, the planner's decision and the
 * engine's events, the terminal status, then the `status` and `rc`
 * artifacts. `stop` aborts it (with a {@linkcode JobStopped} reason);
 * `loadAutomation` gives the automation an automation job runs.
 *
 * @example
 * ```ts
 * import { executeJob } from "./job_core.ts";
 * import { planWorkerJob } from "./job_plan.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * const runQuietly = async (pdd: string, kwargs: Record<string, unknown>) => {
 *   const { plan, job } = await planWorkerJob(pdd, kwargs);
 *   const outcome = await executeJob(
 *     job!,
 *     plan,
 *     { status: () => {}, event: () => {} },
 *     new AbortController(),
 *     new ProcessRegistry(),
 *     () => Promise.reject(new Error("an ad hoc job runs no automation")),
 *   );
 *   return outcome.rc;
 * };
 * ```
 */
export async function executeJob(
  job: ResolvedJob,
  plan: JobPlan,
  handlers: JobHandlers,
  stop: AbortController,
  registry: ProcessRegistry,
  loadAutomation: AutomationLoader,
): Promise<JobOutcome> {
  const { ident, command, cwd, env } = job;
  handlers.status({ status: "starting", runner_ident: ident, command, env, cwd });
  const artifacts = await ArtifactDir.create(job.artifactDir, {
    suppressOutputFile: job.output.suppressOutputFile,
    command: { command, cwd, env },
    rotate: job.output.rotateArtifacts,
  });
  handlers.status({ status: "running", runner_ident: ident });

  const stdoutText = handlers.stdoutText ?? ((event: RunnerEvent) => String(event.stdout ?? ""));
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
      handlers.event(event);
      artifacts.appendStdout(stdoutText(event));
    },
  });
  const timers = startTimers(job.limits, stop, events);
  let status: string;
  let rc: number;
  try {
    events.message(plan.message, "verbose");
    for (const w of job.warnings) events.message(w, "warning");
    events.start();
    const summary = await runEngine(job, plan, events, stop.signal, registry, loadAutomation);
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
  handlers.status({ status, runner_ident: ident });
  await artifacts.finish(status, rc);
  return { status, rc };
}

async function runEngine(
  job: ResolvedJob,
  plan: JobPlan,
  observer: RunnerEventStream,
  signal: AbortSignal,
  registry: ProcessRegistry,
  loadAutomation: AutomationLoader,
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
    return await runAutomation(await loadAutomation(plan), options);
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
