/**
 * One job of `ansible-runner worker`: stream in (the payload extracted into
 * the private data dir) → the planner's route → stream out, ended by eof
 * whatever happens. The worker's lifecycle around it (signals, the head
 * start, the private data dir's removal) is `worker.ts`, which loads this
 * module only once an early ansible-runner is starting.
 *
 * @module
 */
import type { StartedRunner } from "../ansible/runner_start.ts";
import type { ProcessRegistry } from "../engine/process_registry.ts";
import type { EventPlugins } from "../events/plugins/mod.ts";
import { eventPluginsWanted } from "../events/plugins/wanted.ts";
import type { ByteSource } from "../io/byte_reader.ts";
import { runOnAnsible } from "./ansible_route.ts";
import { describeError } from "./describe_error.ts";
import { readEnv } from "./env.ts";
import { planWorkerJob } from "./job_plan.ts";
import { JobStopped, RC_STOPPED } from "./job_stopped.ts";
import { ProtocolWriter } from "./protocol_writer.ts";
import { readTransmitStream, TransmitStreamError } from "./transmit_reader.ts";

/**
 * What the worker hands over for its job.
 *
 * @example
 * ```ts
 * import type { WorkerJob } from "./worker_job.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * const job: WorkerJob = {
 *   privateDataDir: "/runner",
 *   clearFirst: false,
 *   source: Deno.stdin,
 *   stop: new AbortController(),
 *   registry: new ProcessRegistry(),
 *   handOver: () => {},
 * };
 * ```
 */
export interface WorkerJob {
  /** The private data dir (absolute). */
  readonly privateDataDir: string;
  /** `--delete`: remove what the directory holds before the payload goes in. */
  readonly clearFirst: boolean;
  /** `--keepalive-seconds` (falls back to `ANSIBLE_RUNNER_KEEPALIVE_SECONDS`). */
  readonly keepaliveSeconds?: number;
  /** The transmit stream from its first byte. */
  readonly source: ByteSource;
  /** The ansible-runner started ahead, when the stream's head sent the job to Ansible. */
  readonly early?: StartedRunner;
  /** Aborted by a stop signal, with a {@linkcode JobStopped} reason. */
  readonly stop: AbortController;
  /** The job's process registry. */
  readonly registry: ProcessRegistry;
  /** Called when the EE's ansible-runner takes the job (signals are then forwarded to it). */
  readonly handOver: () => void;
}

/**
 * How long a stop waits for the transmit reader to remove what it wrote
 * (the temporary zip, a partial extraction) before `canceled` and eof go out.
 */
const STOP_CLEANUP_MS = 1000;
/** The explanation for a stream that carried no job. */
const NO_KWARGS_EXPLANATION =
  "The transmit stream ended without a kwargs line: there is no job to run.";

/**
 * Runs the job of the stream on stdout and returns the exit code: the job's
 * rc, 254 when canceled or timed out, 0 after a malformed stream (as the
 * reference).
 *
 * @example
 * ```ts
 * import { runWorkerJob } from "./worker_job.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * const serve = async () =>
 *   await runWorkerJob({
 *     privateDataDir: "/runner",
 *     clearFirst: false,
 *     source: Deno.stdin,
 *     stop: new AbortController(),
 *     registry: new ProcessRegistry(),
 *     handOver: () => {},
 *   });
 * ```
 */
export async function runWorkerJob(work: WorkerJob): Promise<number> {
  const writer = new ProtocolWriter(Deno.stdout);
  writer.startKeepalive(keepaliveSeconds(work.keepaliveSeconds));
  const { stop, registry } = work;
  const pdd = work.privateDataDir;
  let early = work.early;
  let plugins: EventPlugins | undefined;
  try {
    if (work.clearFirst) await removeTree(pdd);
    await Deno.mkdir(pdd, { recursive: true, mode: 0o700 });
    const { kwargs, kwargsLine } = await receiveKwargs(work.source, pdd, stop.signal);
    const { plan, job, settings } = await planWorkerJob(pdd, kwargs).catch((error: unknown) => {
      throw new InvalidJobError("The job's inputs are invalid", { cause: error });
    });
    plugins = await startEventPlugins(settings, writer);
    const notes = plugins?.warnings ?? [];
    if (plan.route !== "ansible" && early !== undefined) {
      early.child.kill("SIGKILL");
      early = undefined;
    }
    if (plan.route === "refused") {
      writer.endWithError(plan.message);
      return 1;
    }
    if (plan.route === "ansible") {
      work.handOver();
      return await runOnAnsible({
        privateDataDir: pdd,
        kwargsLine,
        kwargs,
        plan: notes.length === 0 ? plan : { ...plan, message: [plan.message, ...notes].join("\n") },
        writer,
        signal: stop.signal,
        registry,
      }, early);
    }
    // Loaded only for the jobs tachyon runs itself: the engine, events and
    // artifacts cost the Ansible route nothing (`deno compile` still embeds them).
    const { runJob } = await import("./job_runner.ts");
    const noted = notes.length === 0 ? job! : { ...job!, warnings: [...job!.warnings, ...notes] };
    return await runJob(noted, plan, writer, stop, registry);
  } catch (error) {
    return endStream(writer, error);
  } finally {
    registry.killAll();
    // After eof: the job's end waits for its event plugins at most their own bound.
    await plugins?.close();
  }
}

/**
 * The job's kwargs from the stream (zips extracted into `pdd`). Throws
 * {@linkcode TransmitStreamError} for a malformed stream or one without
 * kwargs, and the {@linkcode JobStopped} reason when a signal stops it.
 */
async function receiveKwargs(
  source: ByteSource,
  pdd: string,
  signal: AbortSignal,
): Promise<{ kwargs: Record<string, unknown>; kwargsLine: string }> {
  let kwargs: Record<string, unknown> | undefined;
  let kwargsLine = "";
  try {
    const reading = readTransmitStream(source, pdd, { signal });
    const input = await settledOrStopped(reading, signal, STOP_CLEANUP_MS);
    signal.throwIfAborted(); // a signal as the stream ended: no job
    kwargs = input.kwargs;
    kwargsLine = input.kwargsLine ?? "";
  } catch (error) {
    if (signal.aborted && signal.reason instanceof JobStopped) throw signal.reason;
    throw error;
  }
  if (kwargs === undefined) throw new TransmitStreamError(NO_KWARGS_EXPLANATION, undefined, 1);
  return { kwargs, kwargsLine };
}

/** The job's inputs could not be resolved into a job (`cause` says why). */
class InvalidJobError extends Error {
  /** The error name. */
  override name = "InvalidJobError";
}

/**
 * The one place a stream that does not end with a job's artifacts ends:
 * a terminal status (canceled) or an error status, then eof. Returns the
 * exit code.
 */
function endStream(writer: ProtocolWriter, error: unknown): number {
  if (error instanceof JobStopped) {
    writer.end({ status: error.status });
    return RC_STOPPED;
  }
  if (error instanceof TransmitStreamError) {
    writer.endWithError(error.explanation, error.traceback || undefined);
    return error.exitCode;
  }
  if (error instanceof InvalidJobError) {
    writer.endWithError(
      `Invalid job: ${(error.cause as Error)?.message}`,
      describeError(error.cause),
    );
    return 1;
  }
  // An internal fault: report it in the protocol (never as a stack trace on
  // stderr, which Receptor would merge into the stream), then end it cleanly.
  if (!writer.closed) {
    writer.endWithError(
      `tachyon internal error: ${(error as Error)?.message ?? error}`,
      describeError(error),
    );
  }
  return 1;
}

function keepaliveSeconds(flag: number | undefined): number {
  if (flag !== undefined) return flag;
  const fromEnv = Number(readEnv("ANSIBLE_RUNNER_KEEPALIVE_SECONDS") ?? 0);
  return Number.isFinite(fromEnv) ? fromEnv : 0;
}

/**
 * Settles like `work`; once `signal` aborts, `work` (which stops on that
 * signal and cleans up) gets at most `graceMs` more to settle, then this
 * rejects with the abort reason anyway.
 */
function settledOrStopped<T>(work: Promise<T>, signal: AbortSignal, graceMs: number): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      timer = setTimeout(() => reject(signal.reason), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolvePromise, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    });
  });
}

/**
 * The job's event plugins (none unless its settings or environment ask for
 * one), watching every message `writer` writes from now on.
 */
async function startEventPlugins(
  settings: Readonly<Record<string, unknown>> = {},
  writer: ProtocolWriter,
): Promise<EventPlugins | undefined> {
  if (!eventPluginsWanted(settings, readEnv)) return undefined;
  // Loaded only for the jobs that use a plugin.
  const { eventPluginsFor } = await import("../events/plugins/mod.ts");
  const plugins = eventPluginsFor(settings, readEnv);
  if (plugins.active) writer.observe((json, value) => plugins.dispatch(json, value));
  return plugins;
}

async function removeTree(path: string): Promise<void> {
  await Deno.remove(path, { recursive: true }).catch(() => {});
}
