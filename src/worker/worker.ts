/**
 * `ansible-runner worker`: stream in → job → stream out, with the lifecycle
 * around it (private data dir, `--delete`, keepalive, signals).
 *
 * @module
 */
import { absolutePath } from "../io/absolute_path.ts";
import { ProtocolWriter } from "./protocol_writer.ts";
import { readTransmitStream, TransmitStreamError } from "./transmit_reader.ts";
import { JobStopped, RC_STOPPED } from "./job_stopped.ts";
import { headsForAnsible, planWorkerJob } from "./job_plan.ts";
import { ansiblePythons, runOnAnsible } from "./ansible_route.ts";
import { startAnsibleRunner, type StartedRunner } from "../ansible/runner_worker.ts";
import { describeError } from "./describe_error.ts";
import { readEnv } from "./env.ts";
import { ProcessRegistry } from "../engine/process_registry.ts";
import { eventPluginsWanted } from "../events/plugins/wanted.ts";
import type { EventPlugins } from "../events/plugins/mod.ts";

/**
 * Options of the worker command.
 *
 * @example
 * ```ts
 * import type { WorkerOptions } from "./worker.ts";
 *
 * const options: WorkerOptions = { privateDataDir: "/runner", deleteDirectory: true };
 * ```
 */
export interface WorkerOptions {
  /** `--private-data-dir` (a temp dir, removed at exit, when absent). */
  privateDataDir?: string;
  /** `--delete`: remove the private data dir before and after the job. */
  deleteDirectory: boolean;
  /** `--keepalive-seconds` (falls back to `ANSIBLE_RUNNER_KEEPALIVE_SECONDS`). */
  keepaliveSeconds?: number;
  /** `--logfile` (accepted; tachyon writes no diagnostics there yet). */
  logFile?: string;
}

const STOP_SIGNALS: Deno.Signal[] = ["SIGINT", "SIGTERM"];
/**
 * How long a stop waits for the transmit reader to remove what it wrote
 * (the temporary zip, a partial extraction) before `canceled` and eof go out.
 */
const STOP_CLEANUP_MS = 1000;
/** The explanation for a stream that carried no job. */
const NO_KWARGS_EXPLANATION =
  "The transmit stream ended without a kwargs line: there is no job to run.";

/**
 * Runs the worker on stdin/stdout and returns the exit code: the job's rc,
 * 254 when canceled or timed out, 0 after a malformed stream (as the reference).
 *
 * @example
 * ```ts
 * import { runWorker } from "./worker.ts";
 *
 * // `ansible-runner worker --private-data-dir=/runner`: the stream on stdin and stdout.
 * const main = async () =>
 *   Deno.exit(await runWorker({ privateDataDir: "/runner", deleteDirectory: false }));
 * ```
 */
export async function runWorker(options: WorkerOptions): Promise<number> {
  const writer = new ProtocolWriter(Deno.stdout);
  writer.startKeepalive(keepaliveSeconds(options.keepaliveSeconds));
  const stop = new AbortController();
  const registry = new ProcessRegistry();
  // Once the EE's ansible-runner has the job, a signal is forwarded to it (it
  // reports `canceled` and kills its Ansible); otherwise every child dies at once.
  let handedOver = false;
  const onSignal = () => {
    if (!handedOver) registry.killAll();
    if (!stop.signal.aborted) stop.abort(new JobStopped("canceled"));
  };
  for (const s of STOP_SIGNALS) Deno.addSignalListener(s, onSignal);

  let early: StartedRunner | undefined;
  let plugins: EventPlugins | undefined;
  const temporary = options.privateDataDir === undefined;
  const pdd = temporary
    ? await Deno.makeTempDir({ prefix: "tachyon_" })
    : absolutePath(options.privateDataDir!);
  try {
    if (!temporary && options.deleteDirectory) await removeTree(pdd);
    await Deno.mkdir(pdd, { recursive: true, mode: 0o700 });
    // A job the kwargs already send to Ansible gets its ansible-runner started
    // now, so that the interpreter's start overlaps the payload's extraction.
    const onKwargs = (kwargs: Record<string, unknown>) => {
      if (early !== undefined || !headsForAnsible(kwargs)) return;
      const started = startAnsibleRunner(ansiblePythons()[0] ?? "", pdd, registry);
      if (!("problem" in started)) early = started;
    };
    const { kwargs, kwargsLine } = await receiveKwargs(pdd, stop.signal, onKwargs);
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
      handedOver = true;
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
    for (const s of STOP_SIGNALS) Deno.removeSignalListener(s, onSignal);
    if (temporary || options.deleteDirectory) await removeTree(pdd);
  }
}

/**
 * The job's kwargs from stdin (zips extracted into `pdd`). Throws
 * {@linkcode TransmitStreamError} for a malformed stream or one without
 * kwargs, and the {@linkcode JobStopped} reason when a signal stops it.
 */
async function receiveKwargs(
  pdd: string,
  signal: AbortSignal,
  onKwargs: (kwargs: Record<string, unknown>) => void,
): Promise<{ kwargs: Record<string, unknown>; kwargsLine: string }> {
  let kwargs: Record<string, unknown> | undefined;
  let kwargsLine = "";
  try {
    const reading = readTransmitStream(Deno.stdin, pdd, { signal, onKwargs });
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
