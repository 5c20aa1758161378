/**
 * `ansible-runner worker`: the lifecycle around one job (signals, the
 * private data dir, `--delete`) and its head start. The stream's first line
 * is read before the rest of the worker loads; a job whose kwargs already
 * send it to the EE's Ansible gets its ansible-runner started right then,
 * so that the interpreter's own start overlaps everything tachyon still does
 * (loading, extracting, planning). Stream in → job → stream out is
 * `worker_job.ts`.
 *
 * @module
 */
import { absolutePath } from "../io/absolute_path.ts";
import { startAnsibleRunner, type StartedRunner } from "../ansible/runner_start.ts";
import { ProcessRegistry } from "../engine/process_registry.ts";
import { JobStopped } from "./job_stopped.ts";
import { ansiblePythons, headsForAnsible } from "./job_plan.ts";
import { readStreamHead, type StreamHead } from "./stream_head.ts";

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

  const temporary = options.privateDataDir === undefined;
  const pdd = temporary
    ? await Deno.makeTempDir({ prefix: "tachyon_" })
    : absolutePath(options.privateDataDir!);
  try {
    const head = await readStreamHead(Deno.stdin, stop.signal);
    const early = startEarly(head, pdd, registry, stop.signal);
    // The rest of the worker (the protocol writer, the payload's extraction,
    // the routes) loads while that interpreter starts.
    const { runWorkerJob } = await import("./worker_job.ts");
    return await runWorkerJob({
      privateDataDir: pdd,
      clearFirst: !temporary && options.deleteDirectory,
      keepaliveSeconds: options.keepaliveSeconds,
      source: head.source,
      early,
      stop,
      registry,
      handOver: () => handedOver = true,
    });
  } finally {
    registry.killAll();
    for (const s of STOP_SIGNALS) Deno.removeSignalListener(s, onSignal);
    if (temporary || options.deleteDirectory) await removeTree(pdd);
  }
}

/** The EE's ansible-runner, started now when the stream's head already sends the job there. */
function startEarly(
  head: StreamHead,
  pdd: string,
  registry: ProcessRegistry,
  signal: AbortSignal,
): StartedRunner | undefined {
  if (signal.aborted || head.kwargs === undefined || !headsForAnsible(head.kwargs)) {
    return undefined;
  }
  const started = startAnsibleRunner(ansiblePythons()[0] ?? "", pdd, registry);
  return "problem" in started ? undefined : started;
}

async function removeTree(path: string): Promise<void> {
  await Deno.remove(path, { recursive: true }).catch(() => {});
}
