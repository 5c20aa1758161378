/**
 * argv → command. The top level parses like ansible-runner's parser (`-h`,
 * `--version`, the command word), then hands the rest to the command's
 * module, loaded on demand from {@linkcode COMMANDS}. Nothing imports this
 * module but `main.ts`: it is the leaf that ties the commands together.
 *
 * @module
 */
import { type ArgParserSpec, ArgvError, parseKnownArgs } from "../worker/argparse.ts";
import { writeStderr, writeStdout } from "../io/std_text.ts";
import { VERSION } from "../version.ts";
import type { CliCommand } from "./command.ts";
import { COMMON_USAGE, PROGRAM } from "./usage.ts";

/**
 * The commands tachyon runs, each loaded when named.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { COMMANDS } from "./dispatch.ts";
 *
 * assert.deepEqual(Object.keys(COMMANDS), [
 *   "run", "start", "stop", "is-alive", "transmit", "worker", "process",
 * ]);
 * ```
 */
export const COMMANDS: Readonly<Record<string, () => Promise<CliCommand>>> = {
  run: async () => (await import("./run_command.ts")).RUN_COMMAND,
  start: async () => (await import("./start_command.ts")).START_COMMAND,
  stop: async () => (await import("./stop_command.ts")).STOP_COMMAND,
  "is-alive": async () => (await import("./is_alive_command.ts")).IS_ALIVE_COMMAND,
  transmit: async () => (await import("./transmit_command.ts")).TRANSMIT_COMMAND,
  worker: async () => (await import("./worker_command.ts")).WORKER_COMMAND,
  process: async () => (await import("./process_command.ts")).PROCESS_COMMAND,
};

/** The command words of ansible-runner, in its order (the others are not available yet). */
const COMMAND_WORDS = ["run", "start", "stop", "is-alive", "transmit", "worker", "process"];

/**
 * The top-level parser: `-h`, `--version` and the command word (which takes
 * every word after it, as argparse's sub-parsers do).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TOP_PARSER } from "./dispatch.ts";
 *
 * assert.equal(TOP_PARSER.prog, "ansible-runner");
 * ```
 */
export const TOP_PARSER: ArgParserSpec = {
  prog: PROGRAM,
  usage: COMMON_USAGE,
  options: [
    { flags: ["-h", "--help"], dest: "help", action: "exit" },
    { flags: ["--version"], dest: "version", action: "exit" },
  ],
  positionals: [{ dest: "command", nargs: "parser", choices: COMMAND_WORDS, required: true }],
};

/**
 * Runs the CLI for `argv` (without the program name) and returns the exit
 * code. A usage error prints the usage of the parser that raised it and
 * `prog: error: message` on stderr, and returns 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runCli } from "./dispatch.ts";
 *
 * assert.equal(await runCli(["--version"]), 0); // prints "0.1.0"
 * ```
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    const top = parseKnownArgs(argv, TOP_PARSER);
    if (top.exit === "help") return print(COMMON_USAGE);
    if (top.exit === "version") return print(`${VERSION}\n`);
    const [name, ...rest] = top.strings("command");
    const load = COMMANDS[name];
    if (!load) {
      unrecognized(top.extras);
      writeStderr(`${PROGRAM}: '${name}' is not available in tachyon ${VERSION} yet\n`);
      return 1;
    }
    const command = await (await load()).prepare(rest);
    unrecognized([...top.extras, ...command.extras]);
    return await command.run();
  } catch (error) {
    if (!(error instanceof ArgvError)) throw error;
    writeStderr(`${error.usage}${error.prog}: error: ${error.message}\n`);
    return 2;
  }
}

function print(text: string): number {
  writeStdout(text);
  return 0;
}

/** argparse's `parse_args`: words no parser took are an error of the top level. */
function unrecognized(extras: readonly string[]): void {
  if (extras.length > 0) {
    throw new ArgvError(`unrecognized arguments: ${extras.join(" ")}`, TOP_PARSER);
  }
}
