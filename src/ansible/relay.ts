/**
 * Relays another worker's output stream (the EE's `ansible-runner worker`)
 * to tachyon's stdout: status lines, events, the artifacts zip and eof pass
 * through unchanged, with three exceptions: tachyon's own `verbose` event
 * (the planner's decision) goes in after the `running` status, so every later
 * event's `counter`, `start_line` and `end_line` move by what it added; the
 * other worker's keepalives are dropped (tachyon writes its own); and a line
 * that is not protocol is kept aside, never written.
 *
 * @module
 */
import type { ByteReader } from "../io/byte_reader.ts";
import { pythonJsonDumps } from "../python/json_dumps.ts";
import { verboseEvent } from "../events/verbose_event.ts";

/**
 * Where relayed output goes: structurally the worker's `ProtocolWriter`.
 *
 * @example
 * ```ts
 * import type { RelaySink } from "./relay.ts";
 * import { ProtocolWriter } from "../worker/protocol_writer.ts";
 *
 * const sink: RelaySink = new ProtocolWriter(Deno.stdout);
 * ```
 */
export interface RelaySink {
  /** Writes one whole message line (no newline given), unchanged. */
  line(bytes: Uint8Array): void;
  /** Writes base64 bytes of a zip payload. */
  raw(bytes: Uint8Array): void;
  /** Writes one message as a Python-style JSON line. */
  message(value: Record<string, unknown>): void;
}

/**
 * What the relay saw.
 *
 * @example
 * ```ts
 * import type { RelayOutcome } from "./relay.ts";
 *
 * const outcome: RelayOutcome = { eof: true, wrote: true, stray: [], runnerIdent: "42" };
 * ```
 */
export interface RelayOutcome {
  /** The other worker's eof was relayed: its stream is complete. */
  eof: boolean;
  /** Anything was written. */
  wrote: boolean;
  /** The `runner_ident` of its status lines. */
  runnerIdent?: string;
  /** Its last status (`starting` … `successful`, `error`). */
  status?: string;
  /** Lines that were not protocol (not written; kept for the error report, at most 64). */
  stray: string[];
}

const MAX_STRAY_LINES = 64;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Reads the other worker's stream from `reader` until its end, writing to
 * `sink`; `firstEvent` is the text of the `verbose` event that goes in
 * after the `running` status (or before the first event).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteReader } from "../io/byte_reader.ts";
 * import { relayWorkerStream } from "./relay.ts";
 *
 * const input = [
 *   '{"status": "running", "runner_ident": "7"}',
 *   '{"uuid": "u1", "counter": 1, "stdout": "", "start_line": 0, "end_line": 0, "event": "playbook_on_start"}',
 *   '{"eof": true}',
 * ].join("\n") + "\n";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, input);
 * using file = await Deno.open(path);
 * const lines: string[] = [];
 * const sink = {
 *   line: (b: Uint8Array) => lines.push(new TextDecoder().decode(b)),
 *   raw: () => {},
 *   message: (m: Record<string, unknown>) => lines.push(JSON.stringify(m)),
 * };
 * const outcome = await relayWorkerStream(new ByteReader(file), sink, "tachyon: hello");
 * assert.equal(outcome.eof, true);
 * assert.equal(JSON.parse(lines[1]).event, "verbose");
 * assert.equal(JSON.parse(lines[2]).counter, 2);
 * assert.equal(JSON.parse(lines[2]).start_line, 1);
 * await Deno.remove(path);
 * ```
 */
export async function relayWorkerStream(
  reader: ByteReader,
  sink: RelaySink,
  firstEvent?: string,
): Promise<RelayOutcome> {
  const outcome: RelayOutcome = { eof: false, wrote: false, stray: [] };
  let pending = firstEvent;
  let counterShift = 0;
  let lineShift = 0;
  let lastCounter = 0;
  let lastLine = 0;
  const insert = () => {
    if (pending === undefined) return;
    const event = verboseEvent(pending, {
      counter: lastCounter + 1,
      startLine: lastLine,
      runnerIdent: outcome.runnerIdent ?? "",
    });
    pending = undefined;
    sink.message(event);
    outcome.wrote = true;
    counterShift++;
    lastCounter++;
    lineShift += (event.end_line as number) - lastLine;
    lastLine = event.end_line as number;
  };

  for (let line = await reader.readLine(); line !== null; line = await reader.readLine()) {
    const message = protocolMessage(line);
    if (message === undefined) {
      if (outcome.stray.length < MAX_STRAY_LINES) outcome.stray.push(decoder.decode(line));
      continue;
    }
    if (message.event === "keepalive") continue;
    if (typeof message.status === "string") {
      outcome.status = message.status;
      if (typeof message.runner_ident === "string") outcome.runnerIdent = message.runner_ident;
      sink.line(line);
      outcome.wrote = true;
      if (message.status === "running") insert();
      continue;
    }
    if ("zipfile" in message) {
      sink.line(line);
      outcome.wrote = true;
      const size = Number(message.zipfile);
      if (Number.isSafeInteger(size) && size > 0) {
        await reader.readExact(4 * Math.ceil(size / 3), (chunk) => sink.raw(chunk));
      }
      continue;
    }
    if ("eof" in message) {
      sink.line(line);
      outcome.eof = true;
      outcome.wrote = true;
      break;
    }
    insert();
    const moved = renumbered(line, message, counterShift, lineShift);
    if (typeof message.counter === "number") lastCounter = message.counter + counterShift;
    if (typeof message.end_line === "number") lastLine = message.end_line + lineShift;
    sink.line(moved);
    outcome.wrote = true;
  }
  return outcome;
}

/** The line's JSON object, or undefined when it is not one. */
function protocolMessage(line: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(decoder.decode(line));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : undefined;
  } catch {
    return undefined;
  }
}

const NUMBERED_KEYS = ["counter", "start_line", "end_line"] as const;

/**
 * The event line with its numbers moved. The text is edited in place (the
 * first `"key": N` of each numbered key, which precedes any nested data in
 * ansible-runner's events) so that everything else stays byte for byte; an
 * event of another shape is written again from its parsed value.
 */
function renumbered(
  line: Uint8Array,
  message: Record<string, unknown>,
  counterShift: number,
  lineShift: number,
): Uint8Array {
  if (counterShift === 0 && lineShift === 0) return line;
  const shift = { counter: counterShift, start_line: lineShift, end_line: lineShift };
  let text: string | undefined = decoder.decode(line);
  for (const key of NUMBERED_KEYS) {
    const value = message[key];
    if (typeof value !== "number" || text === undefined) continue;
    const pattern = new RegExp(`"${key}": (-?\\d+)`);
    const found = pattern.exec(text);
    text = found !== null && Number(found[1]) === value
      ? text.slice(0, found.index) + `"${key}": ${value + shift[key]}` +
        text.slice(found.index + found[0].length)
      : undefined;
  }
  if (text !== undefined) return encoder.encode(text);
  const moved: Record<string, unknown> = { ...message };
  for (const key of NUMBERED_KEYS) {
    if (typeof moved[key] === "number") moved[key] = (moved[key] as number) + shift[key];
  }
  return encoder.encode(pythonJsonDumps(moved));
}
