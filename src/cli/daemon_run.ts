/**
 * The daemon `start` leaves behind: `run` itself (`run_job.ts`: the same
 * checks, the library's job, SIGTERM and SIGINT cancel it, every process it
 * started killed, `canceled` and rc 254 recorded), its console text going
 * to `daemon.log`, with the ident `start` chose when the command line has
 * none (so `stop` knows the artifact dir), and `<pdd>/pid` removed when the
 * job ends, as python-daemon's pid file is.
 *
 * @module
 */
import { basename } from "node:path";
import { ParsedArgs } from "../worker/argparse.ts";
import { runRunCommand } from "./run_job.ts";
import { removePidFile } from "./daemon_job.ts";

/**
 * Runs the job of `parsed` (`start`'s words) as `start`'s daemon for `pdd`,
 * its artifacts in `artifactDir`; resolves to the job's rc.
 *
 * @example
 * ```ts
 * import { parseKnownArgs } from "../worker/argparse.ts";
 * import { START_PARSER } from "./daemon_parsers.ts";
 * import { runDaemon } from "./daemon_run.ts";
 *
 * const parsed = parseKnownArgs(["/tmp/demo", "--hosts", "web"], START_PARSER);
 * const code = await runDaemon(parsed, "/tmp/demo", "/tmp/demo/artifacts/7");
 * console.assert(code === 1); // run's message, in daemon.log
 * ```
 */
export async function runDaemon(
  parsed: ParsedArgs,
  pdd: string,
  artifactDir: string,
): Promise<number> {
  try {
    return await runRunCommand(withIdent(parsed, basename(artifactDir)));
  } finally {
    removePidFile(pdd, Deno.pid);
  }
}

/** `parsed` with `ident` when it names none (an empty `-i` names none either). */
function withIdent(parsed: ParsedArgs, ident: string): ParsedArgs {
  if (parsed.string("ident")) return parsed;
  const values = new Map(parsed.values);
  values.set("ident", ident);
  return new ParsedArgs(values, parsed.extras, parsed.used, parsed.exit);
}
