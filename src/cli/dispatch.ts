/**
 * argv → command. The first word picks the sub-command, as in
 * `ansible-runner`; each command parses its own options.
 *
 * @module
 */
import { UsageError } from "./argv.ts";
import { COMMON_USAGE, PROGRAM } from "./help.ts";
import { VERSION } from "../version.ts";
import { runWorkerCommand } from "./worker_command.ts";

/** Sub-commands the real ansible-runner has that tachyon does not run yet. */
const RESERVED_COMMANDS = ["run", "start", "stop", "is-alive", "transmit", "process"] as const;

/**
 * Runs the CLI for `argv` (without the program name) and returns the exit code.
 * Usage errors print the usage and the message on stderr and return 2.
 *
 * @example
 * ```ts
 * const code = await runCli(["--version"]); // prints "0.1.0", returns 0
 * ```
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      writeStderr(`${COMMON_USAGE}${PROGRAM}: error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function dispatch(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    throw new UsageError("the following arguments are required: command");
  }
  if (command === "--version") {
    writeStdout(`${VERSION}\n`);
    return 0;
  }
  if (command === "-h" || command === "--help") {
    writeStdout(COMMON_USAGE);
    return 0;
  }
  if (command === "worker") return await runWorkerCommand(rest);
  if ((RESERVED_COMMANDS as readonly string[]).includes(command)) {
    writeStderr(`${PROGRAM}: '${command}' is not available in tachyon ${VERSION} yet\n`);
    return 1;
  }
  throw new UsageError(
    `argument command: invalid choice: '${command}' (choose from 'run', 'start', 'stop', ` +
      `'is-alive', 'transmit', 'worker', 'process')`,
  );
}

const encoder = new TextEncoder();

/** Writes all of `text` to stdout synchronously. */
export function writeStdout(text: string): void {
  writeAllSync(Deno.stdout, encoder.encode(text));
}

/** Writes all of `text` to stderr synchronously. */
export function writeStderr(text: string): void {
  writeAllSync(Deno.stderr, encoder.encode(text));
}

/**
 * Writes every byte of `data` with as few `write` calls as the OS allows.
 *
 * @example
 * ```ts
 * writeAllSync(Deno.stdout, new TextEncoder().encode("hi\n"));
 * ```
 */
export function writeAllSync(
  target: { writeSync(p: Uint8Array): number },
  data: Uint8Array,
): void {
  let offset = 0;
  while (offset < data.length) offset += target.writeSync(data.subarray(offset));
}
