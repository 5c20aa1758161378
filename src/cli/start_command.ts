/**
 * `ansible-runner start PRIVATE_DATA_DIR …`: `run`'s command line, the job
 * in the background (`daemon_start.ts`); and, with `--tachyon-daemon` right
 * after `start` (the words `start` gives its daemon), the daemon itself
 * (`daemon_run.ts`).
 *
 * @module
 */
import { parseKnownArgs } from "../worker/argparse.ts";
import { VERSION } from "../version.ts";
import { type CliCommand, type PreparedCommand, printing } from "./command.ts";
import { START_PARSER } from "./daemon_parsers.ts";
import { DAEMON_FLAG } from "./daemon_job.ts";
import { START_HELP } from "./daemon_usage.ts";

/**
 * `start`: checks the command line as `run` does, starts the daemon, writes
 * `<pdd>/pid` and exits 0 at once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { START_COMMAND } from "./start_command.ts";
 *
 * const prepared = await START_COMMAND.prepare(["/tmp/demo", "-p", "main.yml", "--bogus"]);
 * assert.deepEqual(prepared.extras, ["--bogus"]);
 * ```
 */
export const START_COMMAND: CliCommand = {
  prepare(argv: readonly string[]): Promise<PreparedCommand> {
    const daemon = argv[0] === DAEMON_FLAG && argv.length >= 3;
    const words = daemon ? argv.slice(3) : argv;
    const parsed = parseKnownArgs(words, START_PARSER);
    if (parsed.exit === "help") return Promise.resolve(printing(START_HELP));
    if (parsed.exit === "version") return Promise.resolve(printing(`${VERSION}\n`));
    return Promise.resolve({
      extras: parsed.extras,
      run: async () => {
        if (daemon) {
          const { runDaemon } = await import("./daemon_run.ts");
          return await runDaemon(parsed, argv[1], argv[2]);
        }
        const { runStart } = await import("./daemon_start.ts");
        return await runStart(parsed, words);
      },
    });
  },
};
