/**
 * Compares the renderers with the `stdout` of events written by the real
 * ansible-runner 2.3.1 / ansible-core 2.14 (recorded: see
 * tests/_oracles/runner_events.ts; the interop tier replays them).
 */

import assert from "node:assert/strict";
import {
  hostResultText,
  includedText,
  noHostsMatchedText,
  playBannerText,
  playbookStartText,
  recapText,
  retryText,
  taskBannerText,
  warningText,
} from "../../../src/events/display/mod.ts";
import {
  adhocEvents,
  DELEGATED,
  type Dict,
  HANDLERS,
  playbookEvents,
  RESULT_EVENTS,
  type RunnerEvent,
  statsFromEventData,
} from "./_runner_oracle.ts";

/** Renders an event of a playbook run with our functions; `undefined` = not ours. */
function renderPlaybookEvent(
  ev: RunnerEvent,
  verbosity: number,
  seen: Set<string>,
  ignoreUnreachableTasks: Set<string>,
): string | undefined {
  const d = ev.event_data ?? {};
  const res = (d.res ?? {}) as Dict;
  const task = String(d.task ?? "");
  switch (ev.event) {
    case "playbook_on_start":
      return playbookStartText(String(d.playbook), verbosity);
    case "playbook_on_play_start":
      return playBannerText(String(d.name));
    case "playbook_on_task_start":
      return taskBannerText(String(d.name), {
        prefix: HANDLERS.has(String(d.name)) ? "RUNNING HANDLER" : "TASK",
        verbosity,
        taskPath: String(d.task_path),
      });
    case "playbook_on_stats":
      return recapText(statsFromEventData(d));
    case "playbook_on_no_hosts_matched":
      return noHostsMatchedText();
    case "playbook_on_include":
      return includedText(String(d.included_file), ["localhost"]);
    case "runner_retry":
      return retryText({ host: String(d.host), taskName: task, result: res, verbosity });
    case "warning":
      return warningText("Could not match supplied host pattern, ignoring: nomatch", seen);
  }
  const outcome = RESULT_EVENTS[ev.event];
  if (!outcome) return undefined;
  const censored = "censored" in res;
  // Feed raw-looking results: the renderer must drop what clean_copy drops.
  let result: Dict = { ...res, [outcome === "skipped" ? "skipped" : "failed"]: outcome !== "ok" };
  if (outcome === "skipped" && verbosity > 0) {
    result = { changed: false, skip_reason: "Conditional result was False", skipped: true };
  }
  if (censored) result = { changed: res.changed, stdout: "secret", rc: 0, _ansible_no_log: false };
  return hostResultText({
    outcome,
    host: String(d.host),
    result,
    action: String(d.task_action),
    ignoreErrors: d.ignore_errors === true,
    ignoreUnreachable: ignoreUnreachableTasks.has(String(d.task_uuid)),
    item: ev.event.startsWith("runner_item_"),
    loop: Array.isArray(res.results),
    noLog: censored,
    delegateTo: DELEGATED[task],
    verbosity,
    seenWarnings: seen,
  });
}

function compareRun(events: RunnerEvent[], verbosity: number): Map<string, number> {
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  // The first task of the "Unreach" play has ignore_unreachable.
  const ignoreUnreachableTasks = new Set<string>();
  const pingTask = events.find((e) =>
    e.event === "playbook_on_task_start" && e.event_data?.play === "Unreach"
  );
  if (pingTask) ignoreUnreachableTasks.add(String(pingTask.event_data?.task_uuid));
  for (const ev of events) {
    const expected = renderPlaybookEvent(ev, verbosity, seen, ignoreUnreachableTasks);
    if (expected === undefined) continue;
    assert.equal(expected, ev.stdout, `event ${ev.counter} ${ev.event} ${ev.event_data?.task}`);
    counts.set(ev.event, (counts.get(ev.event) ?? 0) + 1);
  }
  return counts;
}

/**
 * Runs started at once (live, each takes seconds), each awaited by its own
 * step: a failure is reported by that step, never as an unhandled rejection.
 */
function started<T>(runs: Promise<T>[]): Promise<T>[] {
  for (const run of runs) run.catch(() => {});
  return runs;
}

Deno.test("playbook event stdout matches the real ansible-runner byte for byte", async () => {
  const counts = compareRun(await playbookEvents("x.yml"), 0);
  for (
    const [event, min] of Object.entries({
      playbook_on_play_start: 4,
      playbook_on_task_start: 35,
      runner_on_ok: 20,
      runner_on_failed: 10,
      runner_on_skipped: 3,
      runner_on_unreachable: 4,
      runner_item_on_ok: 8,
      runner_item_on_failed: 2,
      runner_item_on_skipped: 4,
      runner_retry: 2,
      playbook_on_stats: 1,
      playbook_on_include: 1,
      warning: 1,
    })
  ) {
    assert.ok((counts.get(event) ?? 0) >= min, `${event}: ${counts.get(event)} compared`);
  }
});

Deno.test("verbose (-v, -vv, -vvv) playbook stdout matches the real ansible-runner", async (t) => {
  const flags = [1, 2, 3].map((verbosity) => `-${"v".repeat(verbosity)}`);
  const runs = started(flags.map((flag) => playbookEvents("v.yml", [`--cmdline=${flag}`])));
  for (const [i, flag] of flags.entries()) {
    await t.step(flag, async () => {
      const counts = compareRun(await runs[i], i + 1);
      assert.ok((counts.get("runner_on_ok") ?? 0) >= 4);
      assert.ok((counts.get("runner_on_failed") ?? 0) >= 2);
      assert.ok((counts.get("playbook_on_task_start") ?? 0) >= 7);
    });
  }
});

const ADHOC_RUNS: [string, string[]][] = [
  ["ping", ["-m", "ping", "--hosts", "localhost,bad"]],
  ["cmd", ["-m", "command", "-a", "echo hi", "--hosts", "localhost"]],
  ["empty", ["-m", "command", "-a", "true", "--hosts", "localhost"]],
  ["shellfail", [
    "-m",
    "shell",
    "-a",
    'echo out; echo err >&2; printf "l2\\n\\nl3\\n"; exit 2',
    "--hosts",
    "localhost",
  ]],
  ["creates", ["-m", "command", "-a", "echo hi creates=/", "--hosts", "localhost"]],
  ["check", ["-m", "command", "-a", "echo hi", "--hosts", "localhost", "--cmdline=--check"]],
  ["debug", ["-m", "debug", "-a", "msg=hello", "--hosts", "localhost"]],
  ["fail", ["-m", "fail", "-a", "msg=boom", "--hosts", "localhost"]],
  ["enoent", ["-m", "command", "-a", "/nonexistent", "--hosts", "localhost"]],
  ["setup", ["-m", "setup", "-a", "filter=ansible_hostname", "--hosts", "localhost"]],
  ["warn", ["-m", "warnmod", "-a", "kind=warn", "--hosts", "localhost"]],
  ["exc", ["-m", "warnmod", "-a", "kind=exc", "--hosts", "localhost"]],
  ["nomatch", ["-m", "ping", "--hosts", "nomatch"]],
];

/** Renders an ad hoc run's events and compares; returns the names of the events compared. */
function compareAdhocRun(id: string, events: RunnerEvent[]): string[] {
  const seen = new Set<string>();
  const compared: string[] = [];
  for (const ev of events) {
    const d = ev.event_data ?? {};
    const res = (d.res ?? {}) as Dict;
    let expected: string;
    if (ev.event === "playbook_on_stats") {
      expected = recapText(statsFromEventData(d), { adhoc: true });
    } else if (ev.event === "verbose" && id === "nomatch") {
      expected = ev.counter === 1
        ? warningText("Could not match supplied host pattern, ignoring: nomatch")
        : warningText("No hosts matched, nothing to do");
    } else if (RESULT_EVENTS[ev.event]) {
      const outcome = RESULT_EVENTS[ev.event];
      expected = hostResultText({
        outcome: outcome === "ok" && res.changed === true ? "changed" : outcome,
        host: String(d.host),
        result: { ...res, failed: outcome === "failed" },
        action: String(d.task_action),
        adhoc: true,
        seenWarnings: seen,
      });
    } else continue;
    assert.equal(expected, ev.stdout, `${id}: event ${ev.counter} ${ev.event}`);
    compared.push(ev.event);
  }
  return compared;
}

Deno.test("ad hoc event stdout matches the real ansible-runner byte for byte", async (t) => {
  const runs = started(ADHOC_RUNS.map(([id, args]) => adhocEvents(args, id === "nomatch")));
  const compared: string[] = [];
  for (const [i, [id]] of ADHOC_RUNS.entries()) {
    await t.step(id, async () => {
      compared.push(...compareAdhocRun(id, await runs[i]));
    });
  }
  assert.ok(compared.length >= 25, `${compared.length} events compared`);
  const kinds = new Set(compared);
  for (const k of ["runner_on_ok", "runner_on_failed", "runner_on_skipped"]) {
    assert.ok(kinds.has(k));
  }
  assert.ok(kinds.has("runner_on_unreachable") && kinds.has("verbose"));
});
