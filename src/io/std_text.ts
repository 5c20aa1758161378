/**
 * Text to the process's stdout and stderr, whole and synchronously: the CLI's
 * messages (`--version`, usage, cleanup's report) must be complete before the
 * process exits.
 *
 * @module
 */
import { writeAllSync } from "./write_all.ts";

const encoder = new TextEncoder();

/**
 * Writes all of `text` (UTF-8) to stdout before returning.
 *
 * @example
 * ```ts
 * import { writeStdout } from "./std_text.ts";
 *
 * writeStdout("(changed: False)\n");
 * ```
 */
export function writeStdout(text: string): void {
  writeAllSync(Deno.stdout, encoder.encode(text));
}

/**
 * Writes all of `text` (UTF-8) to stderr before returning.
 *
 * @example
 * ```ts
 * import { writeStderr } from "./std_text.ts";
 *
 * writeStderr("ansible-runner: error: unrecognized arguments: --bogus\n");
 * ```
 */
export function writeStderr(text: string): void {
  writeAllSync(Deno.stderr, encoder.encode(text));
}
