/**
 * `ansible-runner stop PRIVATE_DATA_DIR`: stops the background job `start`
 * left (`daemon_stop.ts`). Exit codes as the reference's: 0 once no job of
 * the dir runs (a stale pid file is removed), 1 without a pid file; also 1,
 * with one line, for a pid file that holds no pid (the reference prints a
 * traceback) or a job that survived SIGKILL. `transmit`'s other options are
 * accepted and ignored, as the reference does.
 *
 * @module
 */
import { parseKnownArgs } from "../worker/argparse.ts";
import { VERSION } from "../version.ts";
import { writeStderr } from "../io/std_text.ts";
import { currentDir, notCapableMessage } from "../io/path_access.ts";
import { type CliCommand, type PreparedCommand, printing } from "./command.ts";
import { STOP_PARSER } from "./daemon_parsers.ts";
import { daemonDir, PidFileError } from "./daemon_job.ts";
import { STOP_HELP } from "./daemon_usage.ts";

/** The command's name in messages. */
const COMMAND = "ansible-runner stop";

/**
 * `stop`: SIGTERM, then SIGKILL after a grace period; `canceled` recorded.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { STOP_COMMAND } from "./stop_command.ts";
 *
 * const prepared = await STOP_COMMAND.prepare(["/tmp/no-such-pdd"]);
 * assert.equal(await prepared.run(), 1); // no pid file
 * ```
 */
export const STOP_COMMAND: CliCommand = {
  prepare(argv: readonly string[]): Promise<PreparedCommand> {
    const parsed = parseKnownArgs(argv, STOP_PARSER);
    if (parsed.exit === "help") return Promise.resolve(printing(STOP_HELP));
    if (parsed.exit === "version") return Promise.resolve(printing(`${VERSION}\n`));
    return Promise.resolve({
      extras: parsed.extras,
      run: async () => {
        const { stopJob, STOP_GRACE_MS } = await import("./daemon_stop.ts");
        try {
          const pdd = daemonDir(currentDir(), parsed.string("private_data_dir")!);
          const outcome = await stopJob(pdd);
          if (outcome.kind === "none") return 1;
          if (outcome.kind === "survived") {
            writeStderr(`${COMMAND}: the job of ${pdd} (pid ${outcome.pid}) survived SIGKILL.\n`);
            return 1;
          }
          if (outcome.kind === "killed") {
            writeStderr(
              `${COMMAND}: the job of ${pdd} (pid ${outcome.pid}) did not end within ` +
                `${STOP_GRACE_MS / 1000} s of SIGTERM: it was killed, with the ` +
                `${outcome.killed - 1} processes it had started, and recorded as canceled.\n`,
            );
          }
          return 0;
        } catch (error) {
          writeStderr(failure(error));
          return 1;
        }
      },
    });
  },
};

/** One paragraph for what stopped the command. */
function failure(error: unknown): string {
  if (error instanceof PidFileError) return `${COMMAND}: ${error.message}\n`;
  const capability = notCapableMessage(COMMAND, error);
  if (capability !== undefined) return capability;
  return `${COMMAND}: ${error instanceof Error ? `${error.name}: ${error.message}` : error}\n`;
}
