/**
 * The Ansible path: the EE's own ansible-runner runs the job. tachyon has
 * already extracted the transmit stream into the private data dir, so the
 * child (ansible-runner's own entry point, `ansible_runner.__main__.main`,
 * run by the EE's python as `ansible-runner worker --private-data-dir=<pdd>`) gets
 * the kwargs as received and eof, as AWX sends `local` work; its events,
 * artifacts, status, cancel and timeouts are the real thing's. tachyon
 * relays its output, forwards a stop as SIGTERM, and kills whatever of the
 * job is still alive when the child is gone.
 *
 * @module
 */
import { ByteReader } from "../io/byte_reader.ts";
import { streamSource } from "../io/stream_source.ts";
import type { ProcessRegistry } from "../engine/process_registry.ts";
import { type RelaySink, relayWorkerStream } from "./relay.ts";
import { descendantPids, killPids } from "./process_tree.ts";
import { startAnsibleRunner, type StartedRunner } from "./runner_start.ts";

/**
 * Where the job's stream goes: structurally the worker's `ProtocolWriter`.
 *
 * @example
 * ```ts
 * import type { WorkerSink } from "./runner_worker.ts";
 * import { ProtocolWriter } from "../worker/protocol_writer.ts";
 *
 * const sink: WorkerSink = new ProtocolWriter(Deno.stdout);
 * ```
 */
export interface WorkerSink extends RelaySink {
  /** Ends the stream with `last` (a terminal status) and eof. */
  end(last: Record<string, unknown>): void;
  /** Ends the stream with an error status and eof. */
  endWithError(explanation: string, traceback?: string): void;
}

/**
 * A job for the EE's ansible-runner.
 *
 * @example
 * ```ts
 * import type { RunnerWorkerJob } from "./runner_worker.ts";
 * import { ProtocolWriter } from "../worker/protocol_writer.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * const job: RunnerWorkerJob = {
 *   privateDataDir: "/runner",
 *   kwargsLine: '{"kwargs": {"playbook": "site.yml"}}',
 *   pythons: ["/usr/bin/python3"],
 *   sink: new ProtocolWriter(Deno.stdout),
 *   signal: new AbortController().signal,
 *   registry: new ProcessRegistry(),
 *   decision: "tachyon: site.yml runs under the EE's Ansible",
 * };
 * ```
 */
export interface RunnerWorkerJob {
  /** The private data dir, already extracted. */
  readonly privateDataDir: string;
  /** The transmit stream's kwargs line, exactly as received (without its newline). */
  readonly kwargsLine: string;
  /** Interpreters to try, in order; the first that has `ansible_runner` runs the job. */
  readonly pythons: readonly string[];
  /** The worker's stdout. */
  readonly sink: WorkerSink;
  /** Aborts on SIGINT/SIGTERM; its reason's `status` names the terminal status. */
  readonly signal: AbortSignal;
  /** The job's process registry. */
  readonly registry: ProcessRegistry;
  /** The planner's decision: the first event of the job's output. */
  readonly decision: string;
}

/**
 * What became of the job: it ran (its stream ended with eof) with an exit
 * code, or no interpreter had ansible-runner (nothing was written).
 *
 * @example
 * ```ts
 * import type { RunnerWorkerResult } from "./runner_worker.ts";
 *
 * const result: RunnerWorkerResult = {
 *   ran: false,
 *   problems: ["/usr/bin/python3: not found"],
 *   interpreters: [],
 * };
 * ```
 */
export type RunnerWorkerResult =
  | { readonly ran: true; readonly exitCode: number }
  | {
    readonly ran: false;
    readonly problems: readonly string[];
    /** The interpreters that started but have no ansible_runner package. */
    readonly interpreters: readonly string[];
  };

/** How long the child gets after SIGTERM to end its stream (it polls every 5 s). */
const CANCEL_GRACE_MS = 15_000;
/** The exit code and status of a job stopped before the child ended its stream. */
const RC_STOPPED = 254;
const MISSING_MODULE = /No module named '?ansible_runner/;

/**
 * Runs the job under the first of `job.pythons` that has ansible-runner
 * (`early`, when it was started ahead for one of them).
 *
 * @example
 * ```ts
 * import { runWithAnsibleRunner } from "./runner_worker.ts";
 * import { ProtocolWriter } from "../worker/protocol_writer.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * const handOver = async (pdd: string, kwargsLine: string) =>
 *   await runWithAnsibleRunner({
 *     privateDataDir: pdd,
 *     kwargsLine,
 *     pythons: ["/usr/bin/python3"],
 *     sink: new ProtocolWriter(Deno.stdout),
 *     signal: new AbortController().signal,
 *     registry: new ProcessRegistry(),
 *     decision: "tachyon: this job runs under the EE's Ansible",
 *   });
 * ```
 */
export async function runWithAnsibleRunner(
  job: RunnerWorkerJob,
  early?: StartedRunner,
): Promise<RunnerWorkerResult> {
  const problems: string[] = [];
  const interpreters: string[] = [];
  for (const python of job.pythons) {
    const result = await runUnder(python, job, early);
    if (result.ran) return result;
    problems.push(...result.problems);
    interpreters.push(...result.interpreters);
  }
  return { ran: false, problems, interpreters };
}

async function runUnder(
  python: string,
  job: RunnerWorkerJob,
  early: StartedRunner | undefined,
): Promise<RunnerWorkerResult> {
  const started = early?.python === python
    ? early
    : startAnsibleRunner(python, job.privateDataDir, job.registry);
  if ("problem" in started) return unavailable(started.problem);
  const { child, stderr } = started;
  const feeding = feed(child, `${job.kwargsLine}\n{"eof": true}\n`);

  let leftovers: number[] = [];
  let grace: ReturnType<typeof setTimeout> | undefined;
  const onStop = () => {
    leftovers = descendantPids(child.pid);
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    grace = setTimeout(() => killPids([...descendantPids(child.pid), child.pid]), CANCEL_GRACE_MS);
  };
  if (job.signal.aborted) onStop();
  else job.signal.addEventListener("abort", onStop, { once: true });

  try {
    const outcome = await relayWorkerStream(
      new ByteReader(streamSource(child.stdout)),
      job.sink,
      job.decision,
    );
    const status = await child.status;
    await feeding;
    const errors = await stderr;
    if (job.signal.aborted) killPids([...leftovers, ...descendantPids(child.pid)]);
    if (outcome.eof) return { ran: true, exitCode: status.code };
    if (!outcome.wrote && !job.signal.aborted && MISSING_MODULE.test(errors)) {
      return {
        ran: false,
        problems: [`${python}: no ansible_runner package`],
        interpreters: [python],
      };
    }
    if (job.signal.aborted) {
      const reason = job.signal.reason as { status?: string } | undefined;
      job.sink.end({
        status: reason?.status ?? "canceled",
        ...(outcome.runnerIdent === undefined ? {} : { runner_ident: outcome.runnerIdent }),
      });
      return { ran: true, exitCode: RC_STOPPED };
    }
    const stray = outcome.stray.length === 0
      ? ""
      : `\nIts stdout also had lines that are not protocol:\n${outcome.stray.join("\n")}`;
    job.sink.endWithError(
      `The EE's ansible-runner (${python}, ansible_runner worker) ended with exit code ` +
        `${status.code} before its stream was complete.${lastLine(errors)}`,
      `${errors}${stray}` || undefined,
    );
    return { ran: true, exitCode: status.code === 0 ? 1 : status.code };
  } finally {
    clearTimeout(grace);
    job.signal.removeEventListener("abort", onStop);
  }
}

function unavailable(problem: string): RunnerWorkerResult {
  return { ran: false, problems: [problem], interpreters: [] };
}

async function feed(child: Deno.ChildProcess, text: string): Promise<void> {
  const writer = child.stdin.getWriter();
  try {
    await writer.write(new TextEncoder().encode(text));
    await writer.close();
  } catch {
    // the child is gone: its status says why
  }
}

function lastLine(text: string): string {
  const line = text.trimEnd().split("\n").at(-1)?.trim();
  return line ? ` Its last words: ${line}` : "";
}
