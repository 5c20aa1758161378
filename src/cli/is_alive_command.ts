/**
 * `ansible-runner is-alive PRIVATE_DATA_DIR`: exit 0 when `<pdd>/pid` names
 * a live background job of this very dir, 1 otherwise: no pid file, a stale
 * one, a zombie, or a pid that another process holds now (checked in
 * `/proc/<pid>/cmdline`; the reference only asks `kill(pid, 0)`, so any
 * process with that pid counts). A pid file that holds no pid is 1 with one
 * line (the reference: a traceback). `transmit`'s other options are
 * accepted and ignored, as the reference does.
 *
 * @module
 */
import { parseKnownArgs } from "../worker/argparse.ts";
import { VERSION } from "../version.ts";
import { writeStderr } from "../io/std_text.ts";
import { currentDir, notCapableMessage } from "../io/path_access.ts";
import { type CliCommand, type PreparedCommand, printing } from "./command.ts";
import { IS_ALIVE_PARSER } from "./daemon_parsers.ts";
import { daemonDir, daemonJob, PidFileError, readPidFile } from "./daemon_job.ts";
import { IS_ALIVE_HELP } from "./daemon_usage.ts";

/** The command's name in messages. */
const COMMAND = "ansible-runner is-alive";

/**
 * `is-alive`: 0 while the job runs, 1 once it ended (or never started).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IS_ALIVE_COMMAND } from "./is_alive_command.ts";
 *
 * const prepared = await IS_ALIVE_COMMAND.prepare(["/tmp/no-such-pdd"]);
 * assert.equal(await prepared.run(), 1);
 * ```
 */
export const IS_ALIVE_COMMAND: CliCommand = {
  prepare(argv: readonly string[]): Promise<PreparedCommand> {
    const parsed = parseKnownArgs(argv, IS_ALIVE_PARSER);
    if (parsed.exit === "help") return Promise.resolve(printing(IS_ALIVE_HELP));
    if (parsed.exit === "version") return Promise.resolve(printing(`${VERSION}\n`));
    return Promise.resolve({
      extras: parsed.extras,
      run: () => {
        try {
          const pdd = daemonDir(currentDir(), parsed.string("private_data_dir")!);
          const pid = readPidFile(pdd);
          return Promise.resolve(pid !== undefined && daemonJob(pdd, pid) !== undefined ? 0 : 1);
        } catch (error) {
          writeStderr(failure(error));
          return Promise.resolve(1);
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
