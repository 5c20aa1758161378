/**
 * Numbering terminal pieces into ansible-runner's events: counters, lines,
 * stripped stdout and key order.
 *
 * @module
 */
import assert from "node:assert/strict";
import { RunnerEvents } from "../../../src/ansible/core/runner_events.ts";

const HEADER = {
  event: "runner_on_ok",
  job_id: 7,
  pid: 99,
  uuid: "u1",
  created: "2026-01-01T00:00:00.000001+00:00",
  parent_uuid: "t1",
  event_data: { host: "h", uuid: "u1" },
};

Deno.test("a callback event: ansible-runner's keys and order, the header after the place", () => {
  const events = new RunnerEvents("42");
  const event = events.number({ kind: "event", header: HEADER, text: "\r\nok: [h]\r\n\r\n" });
  assert.deepEqual(Object.keys(event), [
    "uuid",
    "counter",
    "stdout",
    "start_line",
    "end_line",
    "runner_ident",
    "event",
    "job_id",
    "pid",
    "created",
    "parent_uuid",
    "event_data",
  ]);
  assert.deepEqual(
    [event.uuid, event.counter, event.stdout, event.start_line, event.end_line, event.runner_ident],
    ["u1", 1, "\r\nok: [h]", 0, 3, "42"],
  );
});

Deno.test("lines outside events are verbose events; lines count newlines, empty text none", () => {
  const events = new RunnerEvents("42", { counter: 1, line: 1 });
  const line = events.number({ kind: "plain", text: "ERROR! x\r\n" });
  assert.deepEqual(Object.keys(line), [
    "event",
    "uuid",
    "counter",
    "stdout",
    "start_line",
    "end_line",
    "runner_ident",
    "created",
  ]);
  assert.deepEqual([line.event, line.counter, line.stdout, line.start_line, line.end_line], [
    "verbose",
    2,
    "ERROR! x",
    1,
    2,
  ]);
  const partial = events.number({ kind: "plain", text: "no newline" });
  assert.deepEqual([partial.counter, partial.start_line, partial.end_line], [3, 2, 2]);
  const empty = events.number({ kind: "event", header: HEADER, text: "" });
  assert.deepEqual([empty.counter, empty.stdout, empty.start_line, empty.end_line], [4, "", 2, 2]);
  assert.equal(events.counter, 4);
  assert.notEqual(line.uuid, partial.uuid);
});
