/**
 * The tachyon entrypoint: `ansible-runner`-compatible CLI. Parses argv,
 * dispatches to a command and exits with its code.
 *
 * @module
 */
import { runCli } from "./src/cli/dispatch.ts";

if (import.meta.main) {
  // The yaml package prints its tokens to stdout when these are set: stdout
  // is a wire protocol, so they are removed before anything is parsed.
  for (const name of ["LOG_TOKENS", "LOG_STREAM"]) Deno.env.delete(name);
  Deno.exit(await runCli(Deno.args));
}
