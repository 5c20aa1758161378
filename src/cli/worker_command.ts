/**
 * `ansible-runner worker …`: parses the worker's options and runs the job,
 * `--worker-info` or `cleanup`.
 *
 * @module
 */
import { type OptionSpec, parseArgv, UsageError } from "./argv.ts";
import { WORKER_USAGE } from "./help.ts";
import { VERSION } from "../version.ts";
import { writeStdout } from "./dispatch.ts";
import { runWorker } from "../worker/worker.ts";

const WORKER_OPTIONS: OptionSpec[] = [
  { name: "private-data-dir", kind: "value" },
  { name: "worker-info", kind: "flag" },
  { name: "delete", kind: "flag" },
  { name: "keepalive-seconds", kind: "int" },
  { name: "help", kind: "flag", short: ["h"] },
  { name: "version", kind: "flag" },
  { name: "debug", kind: "flag" },
  { name: "logfile", kind: "value" },
];

/**
 * Runs `worker` with `argv` (the words after `worker`); returns the exit code.
 *
 * @example
 * ```ts
 * await runWorkerCommand(["--private-data-dir=/runner"]);
 * ```
 */
export async function runWorkerCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseArgv(argv, WORKER_OPTIONS, ["cleanup"]);
  const opt = parsed.options;
  if (opt.get("help")) {
    writeStdout(WORKER_USAGE);
    return 0;
  }
  if (opt.get("version")) {
    writeStdout(`${VERSION}\n`);
    return 0;
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError(`unrecognized arguments: ${parsed.positionals.join(" ")}`);
  }
  // Loaded on demand: a job does not pay start-up time for the maintenance commands.
  if (parsed.rest[0] === "cleanup") {
    const { runCleanupCommand } = await import("./cleanup.ts");
    return await runCleanupCommand(parsed.rest.slice(1));
  }
  if (opt.get("worker-info")) {
    const { runWorkerInfo } = await import("./worker_info.ts");
    return await runWorkerInfo();
  }
  const keepalive = opt.get("keepalive-seconds");
  return await runWorker({
    privateDataDir: opt.get("private-data-dir") as string | undefined,
    deleteDirectory: opt.get("delete") === true,
    keepaliveSeconds: typeof keepalive === "number" ? keepalive : undefined,
    logFile: opt.get("logfile") as string | undefined,
  });
}
