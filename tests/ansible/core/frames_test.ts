/**
 * The terminal reader: frames cut events out of the text as ansible-runner's
 * output filter cuts them, whatever the chunks the terminal delivers.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  frameMarks,
  type TerminalPiece,
  TerminalReader,
} from "../../../src/ansible/core/frames.ts";

const TAG = "0123456789abcdef";
const marks = frameMarks(TAG);
const begin = (uuid: string, extra: Record<string, unknown> = {}) =>
  marks.begin({ event: "runner_on_ok", uuid, ...extra });

/** A terminal's output with every case: lines before, events, an empty event, a switch. */
const TERMINAL = [
  "Vault password: ",
  begin("u1"),
  "\r\nPLAY [all] ****\r\n",
  marks.end,
  begin("u2"),
  marks.end,
  "[WARNING]: outside\r\nplain\rcr line\r\n",
  begin("u3"),
  'ok: [h] => {\r\n    "x": 1\r\n}\r\n',
  begin("u4"),
  "switched without an end\r\n",
  marks.end,
  "ERROR! tail without newline",
].join("");

function readAll(chunks: string[]): TerminalPiece[] {
  const reader = new TerminalReader(TAG);
  return [...chunks.flatMap((chunk) => reader.push(chunk)), ...reader.close()];
}

function summary(pieces: TerminalPiece[]): string[] {
  return pieces.map((p) => p.kind === "event" ? `${p.header.uuid}:${p.text}` : `plain:${p.text}`);
}

Deno.test("frames cut events; text outside them is cut into lines", () => {
  assert.deepEqual(summary(readAll([TERMINAL])), [
    "plain:Vault password: ",
    "u1:\r\nPLAY [all] ****\r\n",
    "u2:",
    "plain:[WARNING]: outside\r\n",
    "plain:plain\r",
    "plain:cr line\r\n",
    'u3:ok: [h] => {\r\n    "x": 1\r\n}\r\n',
    "u4:switched without an end\r\n",
    "plain:ERROR! tail without newline",
  ]);
});

Deno.test("the pieces do not depend on where the terminal's chunks end", () => {
  const whole = summary(readAll([TERMINAL]));
  for (let at = 1; at < TERMINAL.length; at++) {
    assert.deepEqual(summary(readAll([TERMINAL.slice(0, at), TERMINAL.slice(at)])), whole, `${at}`);
  }
  assert.deepEqual(summary(readAll([...TERMINAL])), whole);
});

Deno.test("complete lines outside events come out at once; an unfinished one waits", () => {
  const reader = new TerminalReader(TAG);
  assert.deepEqual(summary(reader.push("one\r\ntw")), ["plain:one\r\n"]);
  assert.deepEqual(summary(reader.push("o\r\n")), ["plain:two\r\n"]);
  assert.deepEqual(summary(reader.push(begin("u9").slice(0, 10))), []);
  assert.deepEqual(summary(reader.push(`${begin("u9").slice(10)}text`)), []);
  assert.deepEqual(summary(reader.close()), ["u9:text"]);
});

Deno.test("a header that cannot be read opens no event: its text is plain lines", () => {
  const text = `\x1e${TAG}:B:not-base64!\x1eafter\r\n${marks.end}`;
  assert.deepEqual(summary(readAll([text])), ["plain:after\r\n"]);
  const noUuid = `${marks.begin({ event: "verbose" })}x\r\n${marks.end}`;
  assert.deepEqual(summary(readAll([noUuid])), ["plain:x\r\n"]);
});

Deno.test("frames of another tag are output, not frames", () => {
  const other = frameMarks("ffffffffffffffff");
  const text = `${other.begin({ uuid: "x" })}shown\r\n${other.end}`;
  const pieces = readAll([text]);
  assert.ok(pieces.every((p) => p.kind === "plain"));
  assert.equal(pieces.map((p) => p.text).join(""), text);
});

Deno.test("header values keep their JSON types; integers past 2^53 stay exact", () => {
  const json = `{"uuid": "u1", "event_data": {"big": 12345678901234567890, "f": 0.5, "n": null}}`;
  const base64 = btoa(json);
  const [piece] = readAll([`\x1e${TAG}:B:${base64}\x1e${marks.end}`]);
  assert.equal(piece.kind, "event");
  assert.deepEqual((piece as { header: Record<string, unknown> }).header.event_data, {
    big: 12345678901234567890n,
    f: 0.5,
    n: null,
  });
});
