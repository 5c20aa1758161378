/**
 * The tachyon entrypoint: `ansible-runner`-compatible CLI. Parses argv,
 * dispatches to a command and exits with its code.
 *
 * @module
 */
import { runCli } from "./src/cli/dispatch.ts";

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args));
}
