/**
 * `ansible-runner worker`: stream in → job → stream out, with the lifecycle
 * around it (private data dir, `--delete`, keepalive, signals).
 *
 * @module
 */
import { resolve } from "node:path";
import { ProtocolWriter } from "./protocol_writer.ts";
import { describeError, readTransmitStream, TransmitStreamError } from "./transmit_reader.ts";
import { JobStopped, RC_STOPPED, runJob } from "./job_runner.ts";
import { readEnv } from "./env.ts";
import { ProcessRegistry } from "../engine/process_registry.ts";

/** Options of the worker command. */
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

/**
 * Runs the worker on stdin/stdout and returns the exit code: the job's rc,
 * 254 when canceled or timed out, 0 after a malformed stream (as the reference).
 *
 * @example
 * ```ts
 * Deno.exit(await runWorker({ privateDataDir: "/runner", deleteDirectory: false }));
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
    let kwargs: Record<string, unknown> | undefined;
    try {
      const reading = readTransmitStream(Deno.stdin, pdd, { signal: stop.signal });
      const input = await settledOrStopped(reading, stop.signal, STOP_CLEANUP_MS);
      stop.signal.throwIfAborted(); // a signal as the stream ended: no job
      kwargs = input.kwargs;
    } catch (error) {
      if (error instanceof TransmitStreamError && !stop.signal.aborted) {
        writer.message({
          status: "error",
          job_explanation: error.explanation,
          ...(error.traceback ? { result_traceback: error.traceback } : {}),
        });
        writer.eof();
        return error.exitCode;
      }
      if (stop.signal.aborted && stop.signal.reason instanceof JobStopped) {
        writer.message({ status: stop.signal.reason.status });
        writer.eof();
        return RC_STOPPED;
      }
      throw error;
    }
    if (kwargs === undefined) {
      writer.message({
        status: "error",
        job_explanation: "The transmit stream ended without a kwargs line: there is no job to run.",
      });
      writer.eof();
      return 1;
    }
    return await runJob(pdd, kwargs, writer, stop, registry);
  } catch (error) {
    // An internal fault: report it in the protocol (never as a stack trace on
    // stderr, which Receptor would merge into the stream), then end it cleanly.
    if (!writer.closed) {
      writer.message({
        status: "error",
        job_explanation: `tachyon internal error: ${(error as Error)?.message ?? error}`,
        result_traceback: describeError(error),
      });
      writer.eof();
    }
    return 1;
  } finally {
    registry.killAll();
    for (const s of STOP_SIGNALS) Deno.removeSignalListener(s, onSignal);
    if (temporary || options.deleteDirectory) await removeTree(pdd);
  }
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
