/**
 * `ansible-runner worker`: stream in → job → stream out, with the lifecycle
 * around it (private data dir, `--delete`, keepalive, signals).
 *
 * @module
 */
import { resolve } from "node:path";
import { ProtocolWriter } from "./protocol_writer.ts";
import { readTransmitStream, TransmitStreamError } from "./transmit_reader.ts";
import { JobStopped, RC_STOPPED, runJob } from "./job_runner.ts";
import { loadJobSpec } from "./job_spec.ts";
import { describeError } from "./describe_error.ts";
import { readEnv } from "./env.ts";
import { ProcessRegistry } from "../engine/process_registry.ts";

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
  const onSignal = () => {
    registry.killAll();
    if (!stop.signal.aborted) stop.abort(new JobStopped("canceled"));
  };
  for (const s of STOP_SIGNALS) Deno.addSignalListener(s, onSignal);

  const temporary = options.privateDataDir === undefined;
  const pdd = temporary
    ? await Deno.makeTempDir({ prefix: "tachyon_" })
    : resolve(options.privateDataDir!);
  try {
    if (!temporary && options.deleteDirectory) await removeTree(pdd);
    await Deno.mkdir(pdd, { recursive: true, mode: 0o700 });
    const kwargs = await receiveKwargs(pdd, stop.signal);
    const job = await loadJobSpec(pdd, kwargs).catch((error: unknown) => {
      throw new InvalidJobError("The job's inputs are invalid", { cause: error });
    });
    return await runJob(job, writer, stop, registry);
  } catch (error) {
    return endStream(writer, error);
  } finally {
    registry.killAll();
    for (const s of STOP_SIGNALS) Deno.removeSignalListener(s, onSignal);
    if (temporary || options.deleteDirectory) await removeTree(pdd);
  }
}

/**
 * The job's kwargs from stdin (zips extracted into `pdd`). Throws
 * {@linkcode TransmitStreamError} for a malformed stream or one without
 * kwargs, and the {@linkcode JobStopped} reason when a signal stops it.
 */
async function receiveKwargs(pdd: string, signal: AbortSignal): Promise<Record<string, unknown>> {
  let kwargs: Record<string, unknown> | undefined;
  try {
    const reading = readTransmitStream(Deno.stdin, pdd, { signal });
    const input = await settledOrStopped(reading, signal, STOP_CLEANUP_MS);
    signal.throwIfAborted(); // a signal as the stream ended: no job
    kwargs = input.kwargs;
  } catch (error) {
    if (signal.aborted && signal.reason instanceof JobStopped) throw signal.reason;
    throw error;
  }
  if (kwargs === undefined) throw new TransmitStreamError(NO_KWARGS_EXPLANATION, undefined, 1);
  return kwargs;
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

async function removeTree(path: string): Promise<void> {
  await Deno.remove(path, { recursive: true }).catch(() => {});
}
