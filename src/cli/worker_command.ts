/**
 * `ansible-runner worker …`: the worker's options (those of ansible-runner's
 * `worker` sub-parser, `--keepalive-seconds` included), then the job,
 * `--worker-info` or `cleanup`.
 *
 * @module
 */
import { type ArgParserSpec, parseKnownArgs } from "../worker/argparse.ts";
import { runWorker } from "../worker/worker.ts";
import { VERSION } from "../version.ts";
import { type CliCommand, type PreparedCommand, printing } from "./command.ts";
import { PROGRAM, WORKER_USAGE } from "./usage.ts";

/**
 * The parser of `worker`, in the reference's declaration order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WORKER_PARSER } from "./worker_command.ts";
 *
 * assert.equal(WORKER_PARSER.prog, "ansible-runner worker");
 * ```
 */
export const WORKER_PARSER: ArgParserSpec = {
  prog: `${PROGRAM} worker`,
  usage: WORKER_USAGE,
  options: [
    { flags: ["-h", "--help"], dest: "help", action: "exit" },
    { flags: ["--private-data-dir"], dest: "private_data_dir" },
    { flags: ["--worker-info"], dest: "worker_info", action: "store_true" },
    { flags: ["--delete"], dest: "delete_directory", action: "store_true" },
    { flags: ["--keepalive-seconds"], dest: "keepalive_seconds", type: "int" },
    { flags: ["--version"], dest: "version", action: "exit" },
    { flags: ["--debug"], dest: "debug", action: "store_true" },
    { flags: ["--logfile"], dest: "logfile" },
  ],
  positionals: [{ dest: "worker_subcommand", nargs: "parser", choices: ["cleanup"] }],
};

/**
 * `worker`: the job on stdin/stdout, or `--worker-info`, or `cleanup`
 * (those two are loaded on demand: a job does not pay for them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WORKER_COMMAND } from "./worker_command.ts";
 *
 * const prepared = await WORKER_COMMAND.prepare(["--private-data-dir=/runner", "--bogus"]);
 * assert.deepEqual(prepared.extras, ["--bogus"]);
 * ```
 */
export const WORKER_COMMAND: CliCommand = {
  async prepare(argv: readonly string[]): Promise<PreparedCommand> {
    const parsed = parseKnownArgs(argv, WORKER_PARSER);
    if (parsed.exit === "help") return printing(WORKER_USAGE);
    if (parsed.exit === "version") return printing(`${VERSION}\n`);
    const [subcommand, ...rest] = parsed.strings("worker_subcommand");
    if (subcommand === "cleanup") {
      const { CLEANUP_COMMAND } = await import("./cleanup_command.ts");
      const cleanup = await CLEANUP_COMMAND.prepare(rest);
      return { extras: [...parsed.extras, ...cleanup.extras], run: cleanup.run };
    }
    return {
      extras: parsed.extras,
      run: async () => {
        if (parsed.flag("worker_info")) {
          const { runWorkerInfo } = await import("./worker_info.ts");
          return await runWorkerInfo();
        }
        return await runWorker({
          privateDataDir: parsed.string("private_data_dir"),
          deleteDirectory: parsed.flag("delete_directory"),
          keepaliveSeconds: parsed.number("keepalive_seconds"),
          logFile: parsed.string("logfile"),
        });
      },
    };
  },
};
