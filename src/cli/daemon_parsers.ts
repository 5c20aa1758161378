/**
 * The parsers of `start`, `stop` and `is-alive`, as the reference declares
 * them: `start` takes exactly `run`'s options (and tachyon's `--ssh-key`),
 * `stop` and `is-alive` take `transmit`'s options and use none of them but
 * the private data dir (2.3.1 and 2.4 alike). Only the program name and the
 * usage text differ from the parsers they copy.
 *
 * @module
 */
import type { ArgParserSpec } from "../worker/argparse.ts";
import { RUN_PARSER } from "./run_command.ts";
import { TRANSMIT_PARSER } from "./transmit_command.ts";
import { IS_ALIVE_USAGE, START_USAGE, STOP_USAGE } from "./daemon_usage.ts";
import { PROGRAM } from "./usage.ts";

/**
 * The parser of `start`: `run`'s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKnownArgs } from "../worker/argparse.ts";
 * import { START_PARSER } from "./daemon_parsers.ts";
 *
 * const parsed = parseKnownArgs(["/tmp/demo", "-m", "ping", "--hosts", "all"], START_PARSER);
 * assert.equal(parsed.string("module"), "ping");
 * ```
 */
export const START_PARSER: ArgParserSpec = {
  ...RUN_PARSER,
  prog: `${PROGRAM} start`,
  usage: START_USAGE,
};

/** `transmit`'s options without tachyon's `--ssh-key`: what `stop` and `is-alive` accept. */
const QUERY_OPTIONS = TRANSMIT_PARSER.options.filter((option) => option.dest !== "ssh_key");

/**
 * The parser of `stop`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKnownArgs } from "../worker/argparse.ts";
 * import { STOP_PARSER } from "./daemon_parsers.ts";
 *
 * assert.equal(parseKnownArgs(["/tmp/demo", "-i", "7"], STOP_PARSER).string("private_data_dir"), "/tmp/demo");
 * ```
 */
export const STOP_PARSER: ArgParserSpec = {
  ...TRANSMIT_PARSER,
  prog: `${PROGRAM} stop`,
  usage: STOP_USAGE,
  options: QUERY_OPTIONS,
};

/**
 * The parser of `is-alive`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IS_ALIVE_PARSER } from "./daemon_parsers.ts";
 *
 * assert.equal(IS_ALIVE_PARSER.prog, "ansible-runner is-alive");
 * ```
 */
export const IS_ALIVE_PARSER: ArgParserSpec = {
  ...TRANSMIT_PARSER,
  prog: `${PROGRAM} is-alive`,
  usage: IS_ALIVE_USAGE,
  options: QUERY_OPTIONS,
};
