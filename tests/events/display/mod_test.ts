/**
 * Compares the renderers with the `stdout` of events written by the real
 * ansible-runner 2.3.1 / ansible-core 2.14 in the same test run.
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
  DELEGATED,
  type Dict,
  HANDLERS,
  makePrivateDataDir,
  RESULT_EVENTS,
  type RunnerEvent,
  runRunner,
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

Deno.test("playbook event stdout matches the real ansible-runner byte for byte", async () => {
  const pdd = await makePrivateDataDir();
  try {
    const events = await runRunner(pdd, "play", ["-p", "x.yml"]);
    const counts = compareRun(events, 0);
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
  } finally {
    await Deno.remove(pdd, { recursive: true });
  }
});

Deno.test("verbose (-v, -vv, -vvv) playbook stdout matches the real ansible-runner", async () => {
  const pdd = await makePrivateDataDir();
  try {
    const runs = await Promise.all(
      [1, 2, 3].map((v) => runRunner(pdd, `v${v}`, ["-p", "v.yml", `--cmdline=-${"v".repeat(v)}`])),
    );
    runs.forEach((events, i) => {
      const counts = compareRun(events, i + 1);
      assert.ok((counts.get("runner_on_ok") ?? 0) >= 4);
      assert.ok((counts.get("runner_on_failed") ?? 0) >= 2);
      assert.ok((counts.get("playbook_on_task_start") ?? 0) >= 7);
    });
  } finally {
    await Deno.remove(pdd, { recursive: true });
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

Deno.test("ad hoc event stdout matches the real ansible-runner byte for byte", async () => {
  const pdd = await makePrivateDataDir();
  try {
    // Ad hoc commands find the custom module through ANSIBLE_LIBRARY.
    await Deno.mkdir(`${pdd}/env`);
    await Deno.writeTextFile(`${pdd}/env/envvars`, `ANSIBLE_LIBRARY: ${pdd}/project/library\n`);
    const runs = await Promise.all(ADHOC_RUNS.map(([id, args]) => runRunner(pdd, id, args)));
    let compared = 0;
    const kinds = new Set<string>();
    runs.forEach((events, i) => {
      const seen = new Set<string>();
      for (const ev of events) {
        const d = ev.event_data ?? {};
        const res = (d.res ?? {}) as Dict;
        let expected: string;
        if (ev.event === "playbook_on_stats") {
          expected = recapText(statsFromEventData(d), { adhoc: true });
        } else if (ev.event === "verbose" && ADHOC_RUNS[i][0] === "nomatch") {
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
        assert.equal(expected, ev.stdout, `${ADHOC_RUNS[i][0]}: event ${ev.counter} ${ev.event}`);
        compared++;
        kinds.add(ev.event);
      }
    });
    assert.ok(compared >= 25, `${compared} events compared`);
    for (const k of ["runner_on_ok", "runner_on_failed", "runner_on_skipped"]) {
      assert.ok(kinds.has(k));
    }
    assert.ok(kinds.has("runner_on_unreachable") && kinds.has("verbose"));
  } finally {
    await Deno.remove(pdd, { recursive: true });
  }
});
