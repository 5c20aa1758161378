/**
 * `ansible-runner process PRIVATE_DATA_DIR [-i IDENT]`: the reference's
 * process options, plus tachyon's `-q/--quiet`; the work is in
 * `src/process/`.
 *
 * @module
 */
import { type ArgParserSpec, parseKnownArgs } from "../worker/argparse.ts";
import { VERSION } from "../version.ts";
import { type CliCommand, type PreparedCommand, printing } from "./command.ts";
import { PROCESS_HELP, PROCESS_USAGE, PROGRAM } from "./usage.ts";

/**
 * The parser of `process`, in the reference's declaration order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROCESS_PARSER } from "./process_command.ts";
 *
 * assert.equal(PROCESS_PARSER.prog, "ansible-runner process");
 * ```
 */
export const PROCESS_PARSER: ArgParserSpec = {
  prog: `${PROGRAM} process`,
  usage: PROCESS_USAGE,
  options: [
    { flags: ["-h", "--help"], dest: "help", action: "exit" },
    { flags: ["-i", "--ident"], dest: "ident" },
    { flags: ["--version"], dest: "version", action: "exit" },
    { flags: ["--debug"], dest: "debug", action: "store_true" },
    { flags: ["--logfile"], dest: "logfile" },
    { flags: ["-q", "--quiet"], dest: "quiet", action: "store_true" },
  ],
  positionals: [{ dest: "private_data_dir" }],
};

/**
 * `process`: a worker's stream on stdin → artifacts, job events, stdout text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROCESS_COMMAND } from "./process_command.ts";
 *
 * const prepared = await PROCESS_COMMAND.prepare(["/tmp/job", "-i", "42", "--bogus"]);
 * assert.deepEqual(prepared.extras, ["--bogus"]);
 * ```
 */
export const PROCESS_COMMAND: CliCommand = {
  prepare(argv: readonly string[]): Promise<PreparedCommand> {
    const parsed = parseKnownArgs(argv, PROCESS_PARSER);
    if (parsed.exit === "help") return Promise.resolve(printing(PROCESS_HELP));
    if (parsed.exit === "version") return Promise.resolve(printing(`${VERSION}\n`));
    return Promise.resolve({
      extras: parsed.extras,
      run: async () => {
        const { runProcess } = await import("../process/process.ts");
        const { currentDir } = await import("../io/path_access.ts");
        return await runProcess({
          privateDataDir: parsed.string("private_data_dir")!,
          cwd: currentDir(),
          ident: parsed.string("ident"),
          quiet: parsed.flag("quiet"),
        }, Deno.stdin);
      },
    });
  },
};
