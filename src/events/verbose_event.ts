/**
 * A `verbose` event: a line of output that belongs to no task, shaped as
 * ansible-runner shapes the lines its callback did not claim. Made here for
 * tachyon's own streams and for the lines tachyon adds to another worker's.
 *
 * @module
 */
import { nowTimestamp } from "./timestamp.ts";

/**
 * The numbering of a verbose event in its stream.
 *
 * @example
 * ```ts
 * import type { VerbosePlace } from "./verbose_event.ts";
 *
 * const place: VerbosePlace = { counter: 1, startLine: 0, runnerIdent: "42" };
 * ```
 */
export interface VerbosePlace {
  /** The event's counter. */
  readonly counter: number;
  /** The stdout line the event starts at. */
  readonly startLine: number;
  /** The job's `runner_ident`. */
  readonly runnerIdent: string;
}

/**
 * How many stdout lines `text` takes (`start_line` to `end_line`): none when
 * empty, else its newlines plus one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stdoutLineCount } from "./verbose_event.ts";
 *
 * assert.equal(stdoutLineCount(""), 0);
 * assert.equal(stdoutLineCount("a\r\nb"), 2);
 * ```
 */
export function stdoutLineCount(text: string): number {
  if (text === "") return 0;
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * The `verbose` event for `stdout` at `place`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verboseEvent } from "./verbose_event.ts";
 *
 * const event = verboseEvent("tachyon: hello", { counter: 1, startLine: 0, runnerIdent: "42" });
 * assert.equal(event.event, "verbose");
 * assert.equal(event.end_line, 1);
 * ```
 */
export function verboseEvent(stdout: string, place: VerbosePlace): Record<string, unknown> {
  return {
    event: "verbose",
    uuid: crypto.randomUUID(),
    counter: place.counter,
    stdout,
    start_line: place.startLine,
    end_line: place.startLine + stdoutLineCount(stdout),
    runner_ident: place.runnerIdent,
    created: nowTimestamp(),
  };
}
