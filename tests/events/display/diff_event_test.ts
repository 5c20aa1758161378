/**
 * `runner_on_file_diff` in tachyon's event stream: where it comes (right
 * before the ok result it belongs to), when it does not (failed results, no
 * diff mode, no `diff`), and its shape (the keys and `event_data` order
 * ansible-runner 2.3.1 writes, measured in tests/worker/diff_interop_test.ts).
 */
import assert from "node:assert/strict";
import type { HostResultInfo, PlayInfo, TaskInfo } from "../../../src/engine/observer.ts";
import type { ModuleResult } from "../../../src/engine/types.ts";
import { type RunnerEvent, RunnerEventStream } from "../../../src/events/runner_event_stream.ts";

function stream(adhoc = false): { events: RunnerEvent[]; stream: RunnerEventStream } {
  const events: RunnerEvent[] = [];
  const s = new RunnerEventStream({
    runnerIdent: "j",
    playbook: adhoc ? "__adhoc_playbook__" : "p.yml",
    adhoc,
    references: {},
    pid: 1,
    omitEventData: false,
    onlyFailedEventData: false,
    maxEventRes: 700000,
    emit: (event) => events.push(event),
  });
  return { events, stream: s };
}

const PLAY: PlayInfo = { uuid: "play-1", name: "all", pattern: "all" };

function task(diff: boolean | undefined): TaskInfo {
  return {
    uuid: "task-1",
    name: "copy",
    action: "copy",
    resolvedAction: "ansible.builtin.copy",
    ignoreErrors: true,
    conditional: false,
    handler: false,
    ...(diff === undefined ? {} : { diff }),
  };
}

function result(outcome: HostResultInfo["outcome"], r: ModuleResult): HostResultInfo {
  return {
    host: "web1",
    remoteAddr: "web1",
    outcome,
    result: r,
    start: new Date(),
    end: new Date(),
  };
}

const DIFF = { before: "a\n", after: "b\n" };

Deno.test("a changed result's diff comes first, as a task event of its host", () => {
  const { events, stream: s } = stream();
  s.playStart(PLAY);
  s.taskStart(task(true));
  s.hostResult(task(true), result("changed", { changed: true, diff: DIFF }));
  const [, start, diff, ok] = events;
  assert.deepEqual(events.map((e) => e.event), [
    "playbook_on_play_start",
    "playbook_on_task_start",
    "runner_on_file_diff",
    "runner_on_ok",
  ]);
  assert.deepEqual(Object.keys(diff), [
    "uuid",
    "counter",
    "stdout",
    "start_line",
    "end_line",
    "runner_ident",
    "event",
    "pid",
    "created",
    "parent_uuid",
    "event_data",
  ]);
  const data = diff.event_data as Record<string, unknown>;
  assert.deepEqual(Object.keys(data), [
    "playbook",
    "playbook_uuid",
    "play",
    "play_uuid",
    "play_pattern",
    "task",
    "task_uuid",
    "task_action",
    "resolved_action",
    "task_args",
    "task_path",
    "host",
    "diff",
    "uuid",
  ]);
  assert.deepEqual(data.diff, DIFF);
  assert.equal(data.uuid, diff.uuid);
  assert.equal(diff.parent_uuid, "task-1");
  assert.equal(
    diff.stdout,
    "\u001b[0;31m--- before\u001b[0m\r\n\u001b[0;31m\u001b[0m" +
      "\u001b[0;32m+++ after\u001b[0m\r\n\u001b[0;32m\u001b[0m" +
      "\u001b[0;36m@@ -1 +1 @@\u001b[0m\r\n\u001b[0;36m\u001b[0m" +
      "\u001b[0;31m-a\u001b[0m\r\n\u001b[0;31m\u001b[0m" +
      "\u001b[0;32m+b\u001b[0m\r\n\u001b[0;32m\u001b[0m",
  );
  // Lines run on: the diff takes 6 lines (its line breaks + 1, as the reference counts).
  assert.equal(diff.start_line, start.end_line);
  assert.equal(diff.end_line, (diff.start_line as number) + 6);
  assert.equal(ok.start_line, diff.end_line);
});

Deno.test("an unchanged result's diff is an event with no text; ad hoc shows any diff", () => {
  const { events, stream: s } = stream();
  s.taskStart(task(true));
  s.hostResult(task(true), result("ok", { changed: false, diff: DIFF }));
  assert.deepEqual(events.map((e) => [e.event, e.stdout]).slice(1), [
    ["runner_on_file_diff", ""],
    ["runner_on_ok", "\u001b[0;32mok: [web1]\u001b[0m"],
  ]);
  const adhoc = stream(true);
  adhoc.stream.hostResult(task(true), result("ok", { changed: false, diff: DIFF }));
  assert.equal(adhoc.events[0].event, "runner_on_file_diff");
  assert.ok(String(adhoc.events[0].stdout).startsWith("\u001b[0;31m--- before"));
  // An empty diff still takes a line ad hoc (the minimal callback displays ''), none in a playbook.
  const same = stream(true);
  same.stream.hostResult(
    task(true),
    result("ok", { changed: false, diff: { before: "", after: "" } }),
  );
  const [empty] = same.events;
  assert.deepEqual([empty.stdout, empty.start_line, empty.end_line], ["", 0, 1]);
  assert.equal(events[1].start_line, events[1].end_line);
});

Deno.test("no diff event without diff mode, for failed results, or without a diff", () => {
  for (
    const [t, outcome, r] of [
      [task(false), "changed", { changed: true, diff: DIFF }],
      [task(true), "failed", { changed: false, failed: true, diff: DIFF }],
      [task(true), "ok", { changed: false }],
    ] as const
  ) {
    const { events, stream: s } = stream();
    s.hostResult(t, result(outcome, r));
    assert.deepEqual(events.map((e) => e.event), [
      outcome === "failed" ? "runner_on_failed" : "runner_on_ok",
    ]);
  }
  // Without the flag, a result's diff is shown (modules return one only in diff mode).
  const { events, stream: s } = stream();
  s.hostResult(task(undefined), result("changed", { changed: true, diff: DIFF }));
  assert.equal(events[0].event, "runner_on_file_diff");
});

Deno.test("a no_log result's diff is censored: no text, diff null", () => {
  const { events, stream: s } = stream();
  s.hostResult(task(true), result("changed", { changed: true, diff: DIFF, _ansible_no_log: true }));
  assert.equal(events[0].event, "runner_on_file_diff");
  assert.equal(events[0].stdout, "");
  assert.equal((events[0].event_data as Record<string, unknown>).diff, null);
});
