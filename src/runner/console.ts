/**
 * What a run shows on the console, as ansible-runner's `run` shows it: each
 * event's text (Ansible's PLAY, TASK, `ok:`/`changed:`/`failed:` and RECAP
 * lines) followed by a newline, events without text skipped; with `json`,
 * each event as one JSON line instead. The same text goes to the `stdout`
 * artifact. On stdout, colours stay on a terminal and are removed when it
 * is piped (the reference runs Ansible on a pty and always prints them); the
 * artifact keeps them, as the reference's does.
 *
 * @module
 */
import { writeAllSync } from "../io/write_all.ts";
import { pythonJsonDumps } from "../python/json_dumps.ts";
import type { RunnerEvent } from "../events/runner_event_stream.ts";

/** ANSI SGR and erase sequences, as Ansible's display writes them. */
// deno-lint-ignore no-control-regex -- ESC is what starts them.
const ANSI_SEQUENCE = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * The text an event shows: its `stdout`, or with `json` its whole JSON
 * (Python's `json.dumps`, as the reference prints it). Empty: nothing shown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eventText } from "./console.ts";
 *
 * assert.equal(eventText({ event: "verbose", stdout: "hi" }, false), "hi");
 * assert.equal(eventText({ event: "verbose", stdout: "hi" }, true), '{"event": "verbose", "stdout": "hi"}');
 * ```
 */
export function eventText(event: RunnerEvent, json: boolean): string {
  return json ? pythonJsonDumps(event) : String(event.stdout ?? "");
}

/**
 * `text` without its colours.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withoutColours } from "./console.ts";
 *
 * assert.equal(withoutColours("\x1b[0;32mok: [localhost]\x1b[0m"), "ok: [localhost]");
 * ```
 */
export function withoutColours(text: string): string {
  return text.replace(ANSI_SEQUENCE, "");
}

/**
 * A printer for stdout: `text` and a newline per call, colours removed
 * unless stdout is a terminal. A closed stdout (`| head`) ends the printing
 * quietly; the job goes on.
 *
 * @example
 * ```ts
 * import { stdoutPrinter } from "./console.ts";
 *
 * const print = stdoutPrinter();
 * print("PLAY [all] ***");
 * ```
 */
export function stdoutPrinter(): (text: string) => void {
  const colours = Deno.stdout.isTerminal();
  const encoder = new TextEncoder();
  let open = true;
  return (text) => {
    if (!open) return;
    try {
      writeAllSync(Deno.stdout, encoder.encode(`${colours ? text : withoutColours(text)}\n`));
    } catch (error) {
      if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
      open = false;
    }
  };
}
