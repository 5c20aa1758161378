/**
 * A job run by the image's ansible-core alone (no ansible_runner package):
 * `ansible-playbook`, `ansible` or the command of a top-level `args` file,
 * started the way ansible-runner starts it (same command, environment and
 * working directory, on a terminal), streamed back as ansible-runner's
 * worker streams it: `starting`, `running`, the events of tachyon's callback
 * plugin, the terminal status, the artifacts zip and eof. Cancel (the
 * caller's signal), `job_timeout` and `idle_timeout` kill the whole process
 * group and end the job `canceled` or `timeout`, rc 254.
 *
 * What differs from ansible-runner 2.3: event `created`/`start`/`end`
 * carry `+00:00` (as ansible-runner 2.4 writes them); a command killed by a
 * signal has rc 128 + the signal (ansible-runner: `None`); the job's
 * `ssh_key` is in an agent Ansible reaches through `SSH_AUTH_SOCK`, and the
 * reported command is Ansible's (ansible-runner reports its `ssh-agent sh
 * -c 'ssh-add …'` wrapper); `starting` reports the environment tachyon may
 * read, not all of it; an unanswered key passphrase fails the job at once
 * (ansible-runner waits for the job's timeout).
 *
 * @example
 * ```ts
 * import { runWithAnsibleCore } from "./mod.ts";
 * import { ProtocolWriter } from "../../worker/protocol_writer.ts";
 * import { ProcessRegistry } from "../../engine/process_registry.ts";
 *
 * // After the transmit stream was extracted into /runner:
 * const run = (kwargs: Record<string, unknown>, signal: AbortSignal) =>
 *   runWithAnsibleCore({
 *     privateDataDir: "/runner",
 *     kwargs,
 *     programs: {
 *       ansiblePlaybook: "/usr/bin/ansible-playbook",
 *       ansible: "/usr/bin/ansible",
 *       ansibleInventory: "/usr/bin/ansible-inventory",
 *     },
 *     sink: new ProtocolWriter(Deno.stdout),
 *     signal,
 *     registry: new ProcessRegistry(),
 *     firstEvent: "tachyon: site.yml runs under the EE's Ansible",
 *   });
 * ```
 *
 * @module
 */
import type { ProcessRegistry } from "../../engine/process_registry.ts";
import { ArtifactDir } from "../../artifacts/artifact_dir.ts";
import { verboseEvent } from "../../events/verbose_event.ts";
import { loadJobSpec } from "../../worker/job_spec.ts";
import type { ResolvedJob } from "../../worker/resolved_job.ts";
import { describeError } from "../../worker/describe_error.ts";
import { readEnv } from "../../worker/env.ts";
import { resolveIn } from "../../worker/job_inputs.ts";
import { isMapping } from "../../worker/kwarg_values.ts";
import type { JobSshAgent } from "../../worker/ssh_agent.ts";
import { pyStr } from "../../python/str.ts";
import { ansibleCommand, type JobCommand, readCommandInputs } from "./command.ts";
import { ansibleEnv } from "./child_env.ts";
import { TerminalReader } from "./frames.ts";
import { PromptWatch } from "./prompt_watch.ts";
import { RunnerEvents } from "./runner_events.ts";
import { sendArtifacts } from "./send_artifacts.ts";
import { JobKeyError, loadJobKey } from "./ssh_key.ts";
import { AnsibleTerminal, type TerminalEnd } from "./terminal.ts";
import { type AnsibleWorkDir, CALLBACK_NAME, createWorkDir } from "./work_dir.ts";

export { CommandError } from "./command.ts";
export type { ProcessRegistry } from "../../engine/process_registry.ts";

/**
 * The programs found in the image.
 *
 * @example
 * ```ts
 * import type { AnsiblePrograms } from "./mod.ts";
 *
 * const programs: AnsiblePrograms = {
 *   ansiblePlaybook: "/usr/bin/ansible-playbook",
 *   ansible: "/usr/bin/ansible",
 *   ansibleInventory: "/usr/bin/ansible-inventory",
 *   python: "/usr/bin/python3",
 * };
 * ```
 */
export interface AnsiblePrograms {
  /** `ansible-playbook`, absolute. */
  readonly ansiblePlaybook: string;
  /** `ansible`, absolute. */
  readonly ansible: string;
  /** `ansible-inventory`, absolute. */
  readonly ansibleInventory: string;
  /** The Python that runs the terminal relay (default `/usr/bin/python3`). */
  readonly python?: string;
}

/**
 * Where protocol messages go: structurally the worker's `ProtocolWriter`.
 *
 * @example
 * ```ts
 * import type { ProtocolSink } from "./mod.ts";
 * import { ProtocolWriter } from "../../worker/protocol_writer.ts";
 *
 * const sink: ProtocolSink = new ProtocolWriter(Deno.stdout);
 * ```
 */
export interface ProtocolSink {
  /** Writes one JSON line (Python `json.dumps` format). */
  message(value: Record<string, unknown>): void;
  /** Writes raw bytes (the base64 zip). */
  raw(bytes: Uint8Array): void;
  /** Writes `{"eof": true}`. */
  eof(): void;
}

/**
 * One job for {@linkcode runWithAnsibleCore}.
 *
 * @example
 * ```ts
 * import type { AnsibleCoreJob } from "./mod.ts";
 * import { ProtocolWriter } from "../../worker/protocol_writer.ts";
 * import { ProcessRegistry } from "../../engine/process_registry.ts";
 *
 * const job: AnsibleCoreJob = {
 *   privateDataDir: "/runner",
 *   kwargs: { playbook: "site.yml" },
 *   programs: {
 *     ansiblePlaybook: "/usr/bin/ansible-playbook",
 *     ansible: "/usr/bin/ansible",
 *     ansibleInventory: "/usr/bin/ansible-inventory",
 *   },
 *   sink: new ProtocolWriter(Deno.stdout),
 *   signal: new AbortController().signal,
 *   registry: new ProcessRegistry(),
 * };
 * ```
 */
export interface AnsibleCoreJob {
  /** The private data dir, already extracted (kwargs as received in the transmit stream). */
  readonly privateDataDir: string;
  /** The job's kwargs as received. */
  readonly kwargs: Record<string, unknown>;
  /** Absolute paths of the programs found in the image. */
  readonly programs: AnsiblePrograms;
  /** Where protocol messages go. */
  readonly sink: ProtocolSink;
  /** Aborted with a reason whose `status` is `"canceled"` or `"timeout"`. */
  readonly signal: AbortSignal;
  /** Every child is registered here (the relay's group holds Ansible and its children). */
  readonly registry: ProcessRegistry;
  /** Text of one `verbose` event to emit first (counter 1): the planner's decision. */
  readonly firstEvent?: string;
}

/**
 * Exit code and rc of canceled and timed-out jobs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RC_STOPPED } from "./mod.ts";
 *
 * assert.equal(RC_STOPPED, 254);
 * ```
 */
export const RC_STOPPED = 254;

const DEFAULT_PYTHON = "/usr/bin/python3";

type Timer = ReturnType<typeof setTimeout>;

/** How the run ended, for the terminal status. */
interface RunOutcome {
  readonly status: "successful" | "failed" | "canceled" | "timeout";
  readonly rc: number;
}

/**
 * Runs the job and streams it to eof; returns the exit code (the job's rc,
 * 254 when stopped, 1 when the job cannot run: then the stream is an error
 * status and eof).
 *
 * @example
 * ```ts
 * import { type AnsibleCoreJob, runWithAnsibleCore } from "./mod.ts";
 *
 * const exitWith = async (job: AnsibleCoreJob) => Deno.exit(await runWithAnsibleCore(job));
 * ```
 */
export async function runWithAnsibleCore(job: AnsibleCoreJob): Promise<number> {
  let started = false;
  try {
    // The command line is Ansible's to parse (with `binary` or `args` it is not even
    // ansible-playbook's): the spec is resolved without it, and the command reads it.
    const spec = await loadJobSpec(job.privateDataDir, { ...job.kwargs, cmdline: "" });
    const command = ansibleCommand(await readCommandInputs(job.privateDataDir, job.kwargs));
    started = true;
    return await runJob(job, spec, command);
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    job.sink.message({
      status: "error",
      job_explanation: started ? `tachyon internal error: ${message}` : `Invalid job: ${message}`,
      result_traceback: describeError(error),
    });
    job.sink.eof();
    return 1;
  }
}

async function runJob(
  job: AnsibleCoreJob,
  spec: ResolvedJob,
  command: JobCommand,
): Promise<number> {
  const { sink } = job;
  const timeouts = new AbortController();
  const stop = AbortSignal.any([job.signal, timeouts.signal]);
  const work = await createWorkDir(job.privateDataDir);
  let agent: JobSshAgent | undefined;
  let timers: Timer[] = [];
  try {
    let keyProblem: string | undefined;
    let keyLines: readonly string[] = [];
    if (spec.ssh.key !== undefined && !stop.aborted) {
      try {
        ({ agent, lines: keyLines } = await loadJobKey({
          key: spec.ssh.key,
          passwords: spec.passwords,
          privateDataDir: job.privateDataDir,
          artifactDir: spec.artifactDir,
          tempDir: spec.ssh.tempDir,
          registry: job.registry,
          signal: stop,
        }));
      } catch (error) {
        if (!(error instanceof JobKeyError) && !stop.aborted) throw error;
        if (error instanceof JobKeyError) {
          keyLines = error.prompts;
          keyProblem = error.message;
        }
      }
    }
    const env = ansibleEnv({
      jobEnv: jobEnv(job, spec),
      adhoc: command.kind === "adhoc",
      callbackDir: work.callbackDir,
      callbackName: CALLBACK_NAME,
      artifactDir: spec.artifactDir,
      factCacheDir: spec.output.factCacheDir,
      workerHostKeyChecking: readEnv("ANSIBLE_HOST_KEY_CHECKING") !== undefined,
      rolesPath: job.kwargs.roles_path,
      omitEventData: job.kwargs.omit_event_data,
      onlyFailedEventData: job.kwargs.only_failed_event_data,
      sshAuthSock: agent?.socket,
    });
    const ident = spec.ident;
    sink.message({
      status: "starting",
      runner_ident: ident,
      command: command.argv,
      env,
      cwd: spec.cwd,
    });
    const artifacts = await ArtifactDir.create(spec.artifactDir, {
      suppressOutputFile: spec.output.suppressOutputFile,
      command: { command: command.argv, cwd: spec.cwd, env },
      rotate: spec.output.rotateArtifacts,
    });
    sink.message({ status: "running", runner_ident: ident });

    let lastOutput = Date.now();
    const emit = (event: Record<string, unknown>) => {
      sink.message(event);
      artifacts.appendStdout(String(event.stdout ?? ""));
    };
    let place = { counter: 0, line: 0 };
    if (job.firstEvent !== undefined) {
      const first = verboseEvent(job.firstEvent, { counter: 1, startLine: 0, runnerIdent: ident });
      emit(first);
      place = { counter: 1, line: first.end_line as number };
    }
    const events = new RunnerEvents(ident, place);
    const line = (text: string) => emit(events.number({ kind: "plain", text: `${text}\n` }));
    // ansible-runner's ssh-add runs on Ansible's terminal, before Ansible.
    for (const text of keyLines) line(text);

    timers = startTimers(spec, timeouts, () => lastOutput);
    let outcome: RunOutcome;
    if (stop.aborted) outcome = stopped(stop);
    else if (keyProblem !== undefined) {
      line(keyProblem);
      outcome = { status: "failed", rc: 1 };
    } else {
      const end = await runOnTerminal({
        job,
        spec,
        argv: executableArgv(command.argv, job.programs),
        env,
        work,
        stop,
        events,
        emit,
        onOutput: () => lastOutput = Date.now(),
      });
      outcome = stop.aborted ? stopped(stop) : finished(end, command.argv[0], line);
    }
    sink.message({ status: outcome.status, runner_ident: ident });
    await artifacts.finish(outcome.status, outcome.rc);
    await sendArtifacts(spec.artifactDir, job.privateDataDir, sink);
    sink.eof();
    return outcome.rc;
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await agent?.stop().catch(() => {});
    await work.remove();
  }
}

/** What {@linkcode runOnTerminal} needs. */
interface TerminalRun {
  job: AnsibleCoreJob;
  spec: ResolvedJob;
  argv: readonly string[];
  env: Record<string, string>;
  work: AnsibleWorkDir;
  stop: AbortSignal;
  events: RunnerEvents;
  emit: (event: Record<string, unknown>) => void;
  onOutput: () => void;
}

/** Runs the command on a terminal, emitting its events; returns how it ended. */
async function runOnTerminal(run: TerminalRun): Promise<TerminalEnd> {
  let terminal: AnsibleTerminal;
  const python = run.job.programs.python ?? DEFAULT_PYTHON;
  try {
    terminal = AnsibleTerminal.start({
      python,
      relay: run.work.relay,
      argv: run.argv,
      cwd: run.spec.cwd,
      env: run.env,
      registry: run.job.registry,
    });
  } catch (error) {
    return {
      kind: "lost",
      detail: `tachyon could not start ${python}: ${(error as Error).message}`,
    };
  }
  const kill = () => terminal.kill();
  run.stop.addEventListener("abort", kill, { once: true });
  try {
    if (run.stop.aborted) kill();
    const reader = new TerminalReader(run.work.tag);
    const prompts = new PromptWatch(run.spec.passwords);
    for await (const text of terminal.output) {
      run.onOutput();
      const answer = prompts.see(text);
      if (answer !== undefined) {
        await terminal.answer(answer);
        run.onOutput(); // an answer counts as activity for idle_timeout, as in ansible-runner
      }
      for (const piece of reader.push(text)) run.emit(run.events.number(piece));
    }
    for (const piece of reader.close()) run.emit(run.events.number(piece));
    return await terminal.ended;
  } finally {
    run.stop.removeEventListener("abort", kill);
    await terminal.close();
  }
}

/** The status and rc of a command that ran to its end. */
function finished(end: TerminalEnd, program: string, line: (text: string) => void): RunOutcome {
  switch (end.kind) {
    case "exit":
      return { status: end.code === 0 ? "successful" : "failed", rc: end.code };
    case "signal":
      return { status: "failed", rc: 128 + end.signal };
    case "notfound":
      line(`The command was not found or was not executable: ${program}.`);
      return { status: "failed", rc: 127 };
    case "lost":
      line(end.detail);
      return { status: "failed", rc: 127 };
  }
}

function stopped(stop: AbortSignal): RunOutcome {
  const reason = stop.reason as { status?: unknown } | undefined;
  return { status: reason?.status === "timeout" ? "timeout" : "canceled", rc: RC_STOPPED };
}

/** `job_timeout` (or the `timeout` kwarg) and `idle_timeout`, on time. */
function startTimers(
  spec: ResolvedJob,
  timeouts: AbortController,
  lastOutput: () => number,
): Timer[] {
  const timers: Timer[] = [];
  const timeUp = () => timeouts.abort({ status: "timeout" });
  const { jobTimeout, idleTimeout } = spec.limits;
  if (jobTimeout) timers.push(setTimeout(timeUp, jobTimeout * 1000));
  if (idleTimeout) {
    const check = () => {
      const quietMs = Date.now() - lastOutput();
      if (quietMs >= idleTimeout * 1000) timeUp();
      else timers.push(setTimeout(check, idleTimeout * 1000 - quietMs));
    };
    timers.push(setTimeout(check, idleTimeout * 1000));
  }
  return timers;
}

/** The argv to execute: the image's own `ansible*` programs by absolute path. */
function executableArgv(argv: readonly string[], programs: AnsiblePrograms): string[] {
  const known: Record<string, string> = {
    "ansible-playbook": programs.ansiblePlaybook,
    "ansible": programs.ansible,
    "ansible-inventory": programs.ansibleInventory,
  };
  return [known[argv[0]] ?? argv[0], ...argv.slice(1)];
}

/**
 * The job's environment, with an `ANSIBLE_ROLES_PATH` from the `envvars`
 * kwarg rebased on `<pdd>/roles`, as ansible-runner's worker rebases it.
 */
function jobEnv(job: AnsibleCoreJob, spec: ResolvedJob): Record<string, string> {
  const env = { ...spec.env };
  const envvars = job.kwargs.envvars;
  const roles = isMapping(envvars) ? envvars.ANSIBLE_ROLES_PATH : undefined;
  if (
    roles !== undefined && roles !== null && roles !== "" && env.ANSIBLE_ROLES_PATH === pyStr(roles)
  ) {
    env.ANSIBLE_ROLES_PATH = resolveIn(`${job.privateDataDir}/roles`, pyStr(roles));
  }
  return env;
}
