/**
 * `ansible-runner run PRIVATE_DATA_DIR …`: the reference's `run` options
 * (those of `transmit`, plus the process-isolation ones), with its
 * environment defaults (`RUNNER_PLAYBOOK`, `RUNNER_MODULE`, …) and
 * tachyon's `--ssh-key FILE`. The job itself is the library's
 * (`src/runner/`); `run_job.ts` turns the command line into its options.
 *
 * @module
 */
import { type ArgParserSpec, parseKnownArgs } from "../worker/argparse.ts";
import { VERSION } from "../version.ts";
import { type CliCommand, type PreparedCommand, printing } from "./command.ts";
import { TRANSMIT_PARSER } from "./transmit_command.ts";
import { RUN_HELP, RUN_USAGE } from "./run_usage.ts";
import { PROGRAM } from "./usage.ts";

/**
 * The process-isolation options `run` (and `start`) have and `transmit`
 * has not, in the reference's declaration order: accepted, and they do not
 * apply (tachyon runs no container and no sandbox).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ISOLATION_OPTIONS } from "./run_command.ts";
 *
 * assert.equal(ISOLATION_OPTIONS[0].flags[0], "--process-isolation");
 * ```
 */
export const ISOLATION_OPTIONS: ArgParserSpec["options"] = [
  { flags: ["--process-isolation"], dest: "process_isolation", action: "store_true" },
  { flags: ["--process-isolation-executable"], dest: "process_isolation_executable" },
  { flags: ["--process-isolation-path"], dest: "process_isolation_path" },
  {
    flags: ["--process-isolation-hide-paths"],
    dest: "process_isolation_hide_paths",
    nargs: "*",
  },
  {
    flags: ["--process-isolation-show-paths"],
    dest: "process_isolation_show_paths",
    nargs: "*",
  },
  { flags: ["--process-isolation-ro-paths"], dest: "process_isolation_ro_paths", nargs: "*" },
  { flags: ["--directory-isolation-base-path"], dest: "directory_isolation_base_path" },
];

/**
 * The parser of `run`: `-h`, the isolation options, then every option of
 * `transmit` (same destinations, same order as the reference's `run`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKnownArgs } from "../worker/argparse.ts";
 * import { RUN_PARSER } from "./run_command.ts";
 *
 * const parsed = parseKnownArgs(["/tmp/demo", "-p", "main.yml", "--process-isolation"], RUN_PARSER);
 * assert.equal(parsed.string("playbook"), "main.yml");
 * assert.equal(parsed.flag("process_isolation"), true);
 * ```
 */
export const RUN_PARSER: ArgParserSpec = {
  prog: `${PROGRAM} run`,
  usage: RUN_USAGE,
  options: [
    { flags: ["-h", "--help"], dest: "help", action: "exit" },
    ...ISOLATION_OPTIONS,
    ...TRANSMIT_PARSER.options.filter((option) => option.dest !== "help"),
  ],
  positionals: TRANSMIT_PARSER.positionals,
  exclusive: TRANSMIT_PARSER.exclusive,
};

/**
 * `run`: the job in the foreground, its output on the console, its
 * artifacts in `<pdd>/artifacts/<ident>`; the exit code is its rc.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RUN_COMMAND } from "./run_command.ts";
 *
 * const prepared = await RUN_COMMAND.prepare(["/tmp/demo", "-p", "main.yml", "--bogus"]);
 * assert.deepEqual(prepared.extras, ["--bogus"]);
 * ```
 */
export const RUN_COMMAND: CliCommand = {
  prepare(argv: readonly string[]): Promise<PreparedCommand> {
    const parsed = parseKnownArgs(argv, RUN_PARSER);
    if (parsed.exit === "help") return Promise.resolve(printing(RUN_HELP));
    if (parsed.exit === "version") return Promise.resolve(printing(`${VERSION}\n`));
    return Promise.resolve({
      extras: parsed.extras,
      run: async () => {
        const { runRunCommand } = await import("./run_job.ts");
        return await runRunCommand(parsed);
      },
    });
  },
};
