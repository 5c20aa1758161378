/**
 * Reads Ansible's terminal output as ansible-runner does: the callback
 * plugin (`callback_plugin.ts`) writes a begin frame (the event's header,
 * base64 JSON) before what an event displays and an end frame after it;
 * the text between belongs to that event, and text outside any event is cut
 * into lines, each a `verbose` event. Frames are `\x1e<tag>:B:<base64>\x1e`
 * and `\x1e<tag>:E\x1e`, with a random tag per job, so that no output can
 * pass for one by accident.
 *
 * As in ansible-runner, a frame ends whatever event is open: a begin frame
 * opens its event, an end frame (or a header that cannot be read) opens
 * none. Lines outside events are handed out once complete; the last,
 * unfinished one waits for its end, another frame, or {@linkcode TerminalReader.close}.
 *
 * @module
 */
import { pySplitlines } from "../../python/splitlines.ts";

/** What starts every frame after the tag: the record separator. */
const SEPARATOR = "\x1e";

/**
 * The header of one event: what the plugin knows (`event`, `pid`, `uuid`,
 * `created`, `parent_uuid`, `event_data`…), in the plugin's key order.
 *
 * @example
 * ```ts
 * import type { EventHeader } from "./frames.ts";
 *
 * const header: EventHeader = { event: "runner_on_ok", uuid: "0f6c…", event_data: {} };
 * ```
 */
export interface EventHeader {
  /** The event's uuid. */
  readonly uuid: string;
  /** Everything else the plugin sent. */
  readonly [key: string]: unknown;
}

/**
 * One piece of terminal output: an event's whole text, or one line outside
 * events (with its ending, if it has one).
 *
 * @example
 * ```ts
 * import type { TerminalPiece } from "./frames.ts";
 *
 * const line: TerminalPiece = { kind: "plain", text: "ERROR! no playbook\r\n" };
 * ```
 */
export type TerminalPiece =
  | { readonly kind: "event"; readonly header: EventHeader; readonly text: string }
  | { readonly kind: "plain"; readonly text: string };

/**
 * The frames the plugin writes for `tag` (for tests and the plugin's source).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameMarks } from "./frames.ts";
 *
 * assert.equal(frameMarks("t1").end, "\x1et1:E\x1e");
 * ```
 */
export function frameMarks(tag: string): { begin: (header: object) => string; end: string } {
  return {
    begin: (header) => {
      let binary = "";
      for (const byte of new TextEncoder().encode(JSON.stringify(header))) {
        binary += String.fromCharCode(byte);
      }
      return `${SEPARATOR}${tag}:B:${btoa(binary)}${SEPARATOR}`;
    },
    end: `${SEPARATOR}${tag}:E${SEPARATOR}`,
  };
}

/**
 * Cuts decoded terminal text into {@linkcode TerminalPiece}s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameMarks, TerminalReader } from "./frames.ts";
 *
 * const marks = frameMarks("t1");
 * const reader = new TerminalReader("t1");
 * const pieces = reader.push(`banner\r\n${marks.begin({ uuid: "u1" })}ok: [h]\r\n${marks.end}tail`);
 * assert.deepEqual(pieces.map((p) => p.text), ["banner\r\n", "ok: [h]\r\n"]);
 * assert.deepEqual(reader.close(), [{ kind: "plain", text: "tail" }]);
 * ```
 */
export class TerminalReader {
  readonly #start: string;
  #buffer = "";
  #current?: EventHeader;

  /** A reader for the frames of `tag`. */
  constructor(tag: string) {
    this.#start = `${SEPARATOR}${tag}:`;
  }

  /** Takes the next text; returns the pieces it completed. */
  push(text: string): TerminalPiece[] {
    this.#buffer += text;
    const out: TerminalPiece[] = [];
    let pendingFrame = -1;
    for (;;) {
      const at = this.#buffer.indexOf(this.#start);
      if (at === -1) break;
      const bodyAt = at + this.#start.length;
      const close = this.#buffer.indexOf(SEPARATOR, bodyAt);
      if (close === -1) {
        pendingFrame = at;
        break;
      }
      const body = this.#buffer.slice(bodyAt, close);
      const next = body.startsWith("B:") ? readHeader(body.slice(2)) : undefined;
      this.#emit(this.#buffer.slice(0, at), next, out);
      this.#buffer = this.#buffer.slice(close + 1);
    }
    if (this.#current === undefined) this.#completeLines(pendingFrame, out);
    return out;
  }

  /** Ends the output: what is left becomes the open event's text, or lines. */
  close(): TerminalPiece[] {
    const out: TerminalPiece[] = [];
    if (this.#buffer !== "" || this.#current !== undefined) {
      this.#emit(this.#buffer, undefined, out);
    }
    this.#buffer = "";
    return out;
  }

  /** Hands out the complete lines before any (partial) frame. */
  #completeLines(pendingFrame: number, out: TerminalPiece[]): void {
    const safeEnd = pendingFrame !== -1
      ? pendingFrame
      : this.#buffer.length - partialPrefix(this.#buffer, this.#start);
    const lines = pySplitlines(this.#buffer.slice(0, safeEnd), true);
    if (lines.length > 0 && !lines[lines.length - 1].includes("\n")) lines.pop();
    let used = 0;
    for (const line of lines) {
      out.push({ kind: "plain", text: line });
      used += line.length;
    }
    this.#buffer = this.#buffer.slice(used);
  }

  #emit(text: string, next: EventHeader | undefined, out: TerminalPiece[]): void {
    if (this.#current !== undefined) out.push({ kind: "event", header: this.#current, text });
    else for (const line of pySplitlines(text, true)) out.push({ kind: "plain", text: line });
    this.#current = next;
  }
}

/** How many characters at the end of `text` could begin `mark`. */
function partialPrefix(text: string, mark: string): number {
  for (let n = Math.min(mark.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(mark.slice(0, n))) return n;
  }
  return 0;
}

/** Integers past this lose digits as JavaScript numbers: kept as bigints. */
const SAFE_DIGITS = /^-?\d{16,}$/;

/** The header in a begin frame, or `undefined` when it cannot be read or has no uuid. */
function readHeader(base64: string): EventHeader | undefined {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const header = JSON.parse(
      new TextDecoder().decode(bytes),
      (_key: string, value: unknown, context?: { source?: string }) =>
        typeof value === "number" && !Number.isSafeInteger(value) &&
          SAFE_DIGITS.test(context?.source ?? "")
          ? BigInt(context!.source!)
          : value,
    );
    return typeof header === "object" && header !== null && typeof header.uuid === "string"
      ? header as EventHeader
      : undefined;
  } catch {
    return undefined;
  }
}
