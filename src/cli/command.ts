/**
 * What a CLI command module offers the dispatcher: `prepare` parses the
 * command's words (throwing `ArgvError` for what argparse rejects) and
 * returns the words nobody knew plus the run itself. The top level reports
 * leftover words before anything runs, as argparse's `parse_args` does.
 *
 * @module
 */
import { writeStdout } from "../io/std_text.ts";

/**
 * A parsed command, ready to run once the caller has checked the leftover words.
 *
 * @example
 * ```ts
 * import type { PreparedCommand } from "./command.ts";
 *
 * const nothing: PreparedCommand = { extras: [], run: () => Promise.resolve(0) };
 * ```
 */
export interface PreparedCommand {
  /** Words no parser recognised (the top level reports them as an error). */
  readonly extras: readonly string[];
  /** Runs the command; resolves to the exit code. */
  run(): Promise<number>;
}

/**
 * A command of the CLI (`worker`, `worker cleanup`).
 *
 * @example
 * ```ts
 * import type { CliCommand } from "./command.ts";
 *
 * const echo: CliCommand = {
 *   prepare: (argv) => Promise.resolve({ extras: [], run: () => Promise.resolve(argv.length) }),
 * };
 * ```
 */
export interface CliCommand {
  /** Parses the words after the command's name. */
  prepare(argv: readonly string[]): Promise<PreparedCommand>;
}

/**
 * A prepared command that prints `text` on stdout and exits 0 (`--help`,
 * `--version`: argparse stops there, whatever follows).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { printing } from "./command.ts";
 *
 * const help = printing("usage: ansible-runner worker …\n");
 * assert.deepEqual(help.extras, []);
 * ```
 */
export function printing(text: string): PreparedCommand {
  return {
    extras: [],
    run: () => {
      writeStdout(text);
      return Promise.resolve(0);
    },
  };
}
