/**
 * Numbers terminal pieces into the events ansible-runner's worker streams:
 * `counter` from where the stream is, `start_line`/`end_line` counting the
 * newlines of each piece's raw text, `stdout` without its trailing line
 * ending, and the keys in ansible-runner's order — for an event of the
 * callback: `uuid, counter, stdout, start_line, end_line, runner_ident`,
 * then the plugin's header (`event`, references, `pid`, `created`,
 * `parent_uuid`, `verbosity`, `event_data`); for a line outside events:
 * `event: "verbose", uuid, counter, stdout, start_line, end_line,
 * runner_ident, created`.
 *
 * @module
 */
import type { TerminalPiece } from "./frames.ts";
import { nowTimestamp } from "../../events/timestamp.ts";

/**
 * Where numbering starts: after the events already written.
 *
 * @example
 * ```ts
 * import type { EventPlace } from "./runner_events.ts";
 *
 * const afterDecision: EventPlace = { counter: 1, line: 1 };
 * ```
 */
export interface EventPlace {
  /** The counter of the last event written (0: none). */
  readonly counter: number;
  /** The line the next event starts at. */
  readonly line: number;
}

/**
 * Turns pieces into numbered events.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RunnerEvents } from "./runner_events.ts";
 *
 * const events = new RunnerEvents("42", { counter: 1, line: 1 });
 * const event = events.number({ kind: "plain", text: "ERROR! boom\r\n" });
 * assert.deepEqual(
 *   [event.event, event.counter, event.stdout, event.start_line, event.end_line],
 *   ["verbose", 2, "ERROR! boom", 1, 2],
 * );
 * ```
 */
export class RunnerEvents {
  readonly #runnerIdent: string;
  #counter: number;
  #line: number;

  /** Numbers the events of `runnerIdent` from `place`. */
  constructor(runnerIdent: string, place: EventPlace = { counter: 0, line: 0 }) {
    this.#runnerIdent = runnerIdent;
    this.#counter = place.counter;
    this.#line = place.line;
  }

  /** The counter of the last event numbered. */
  get counter(): number {
    return this.#counter;
  }

  /** The event for `piece`, in ansible-runner's shape. */
  number(piece: TerminalPiece): Record<string, unknown> {
    const stdout = piece.text.replace(/[\r\n]+$/, "");
    const lines = newlines(piece.text);
    const counter = ++this.#counter;
    const startLine = this.#line;
    this.#line += lines;
    const place = {
      counter,
      stdout,
      start_line: startLine,
      end_line: startLine + lines,
      runner_ident: this.#runnerIdent,
    };
    if (piece.kind === "plain") {
      return { event: "verbose", uuid: crypto.randomUUID(), ...place, created: nowTimestamp() };
    }
    // The header's own uuid keeps the first place, as in ansible-runner's merge.
    const event: Record<string, unknown> = { uuid: piece.header.uuid, ...place };
    return Object.assign(event, piece.header);
  }
}

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
