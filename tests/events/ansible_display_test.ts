/**
 * Compares the renderers with the `stdout` of events written by the real
 * ansible-runner 2.3.1 / ansible-core 2.14 in the same test run.
 */

import assert from "node:assert/strict";
import {
  callbackResult,
  deprecationText,
  displayableResult,
  type HostCounts,
  hostResultText,
  includedText,
  noHostsMatchedText,
  playBannerText,
  playbookStartText,
  recapText,
  retryText,
  taskBannerText,
  warningText,
} from "../../src/events/ansible_display.ts";
import { pythonJsonDumps } from "../../src/json/python_json.ts";

type Dict = Record<string, unknown>;

interface RunnerEvent {
  counter: number;
  event: string;
  stdout: string;
  event_data?: Dict;
}

const RUNNER = "/usr/bin/ansible-runner";

const INVENTORY = `
localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3
web-server-with-a-very-long-name-01 ansible_connection=local ansible_python_interpreter=/usr/bin/python3
alias ansible_host=127.0.0.1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3
bad ansible_host=127.0.0.254 ansible_connection=ssh ansible_ssh_timeout=2
bad2 ansible_host=127.0.0.253 ansible_connection=ssh ansible_ssh_timeout=2
`;

/** A custom module returning canned results (warnings, exceptions, …). */
const WARNMOD = `#!/usr/bin/python3
import json, sys
args = open(sys.argv[1]).read()
kind = args.split("kind=")[1].split()[0] if "kind=" in args else "warn"
if kind == "warn":
    print(json.dumps({"changed": False, "x": 1,
        "warnings": ["This is a warning from the module that is rather long so that it needs to wrap around the eighty column terminal width, yes indeed it is - really-long-hyphenated-word-here."],
        "deprecations": [{"msg": "old thing", "version": "2.99", "collection_name": "ansible.builtin"}]}))
elif kind == "dep2":
    print(json.dumps({"changed": True, "warnings": [], "deprecations": [
        {"msg": "use the other option instead!", "date": "2030-01-01", "collection_name": "community.general"},
        {"msg": "no version"}]}))
elif kind == "exc":
    print(json.dumps({"failed": True, "msg": "it broke",
        "exception": "Traceback (most recent call last):\\n  File x\\nValueError: bad value\\n"}))
elif kind == "diff":
    print(json.dumps({"changed": True, "diff": {"before": "a\\n", "after": "b\\n"}, "y": "\\u00e9\\t\\u2603",
        "nested": {"_ansible_no_log": False, "k": [{"_ansible_item_label": 1, "v": None}]}}))
`;

const PLAYBOOK = `
- hosts: localhost
  gather_facts: true
  tasks:
    - name: dep2
      warnmod: kind=dep2
    - include_tasks: inc.yml
    - name: retry
      command: /bin/false
      register: rr
      until: rr.rc == 0
      retries: 2
      delay: 0
      ignore_errors: true
    - name: debug var list
      debug: var=[1,2]
    - block:
        - fail: msg=inblock
      rescue:
        - debug: msg=rescued
    - command: echo
      changed_when: true
      notify: h1
  handlers:
    - name: h1
      debug: msg=handled
- name: Demo play
  hosts: localhost,web-server-with-a-very-long-name-01
  gather_facts: false
  tasks:
    - name: say hi
      debug: msg=hello
    - debug: var=inventory_hostname
    - command: echo hi
    - name: fail ignored
      command: /bin/false
      ignore_errors: true
    - name: skip me
      debug: msg=x
      when: false
    - name: loop
      debug: msg="{{ item }}"
      loop: [1, 2]
    - name: loop cmd
      command: "echo {{ item }}"
      loop: [a, b]
    - name: loop skip
      command: "echo {{ item }}"
      loop: [a, b]
      when: item == 'a'
    - name: all skipped loop
      debug: msg=x
      loop: [1, 2]
      when: false
    - name: failed loop
      command: "/bin/{{ item }}"
      loop: ["true", "false"]
      ignore_errors: true
    - name: loop label
      debug: msg=x
      loop: [{a: 1}, {a: 2}]
      loop_control: {label: "{{ item.a }}"}
    - name: loop dict
      command: echo
      loop: [{a: 1, "b'": [true, null, 1.5, "\\u00e9\\n"]}]
    - name: nolog
      command: echo secret
      no_log: true
    - name: nolog fail
      command: /bin/false
      no_log: true
      ignore_errors: true
    - name: nolog loop
      command: "/bin/{{ item }}"
      loop: ["true", "false"]
      no_log: true
      ignore_errors: true
    - name: "unicode \\u00e9 \\u00fc \\u65e5\\u672c \\U0001F389"
      debug: msg="h\\u00e9llo \\u65e5\\u672c \\u001b"
    - name: a task name that is so long that the banner would not fit into the eighty columns at all
      set_fact: a=1
    - name: fail msg
      fail: msg="boom"
      ignore_errors: true
    - name: assert
      assert:
        that: [1 == 1]
    - name: fail stderr
      shell: echo out; echo err >&2; exit 3
      ignore_errors: true
    - warnmod: kind=warn
    - warnmod: kind=warn
    - name: exc
      warnmod: kind=exc
      ignore_errors: true
    - name: diff
      warnmod: kind=diff
    - name: delegated
      ping:
      delegate_to: alias
    - name: fail host
      fail: msg=die
      when: inventory_hostname == 'localhost'
    - name: after
      ping:
- hosts: nomatch
  tasks:
    - ping:
- name: Unreach
  hosts: bad,bad2
  gather_facts: false
  tasks:
    - ping:
      ignore_unreachable: true
    - ping:
    - ping:
`;

const HANDLERS = new Set(["h1"]);
const DELEGATED: Record<string, string> = { delegated: "alias" };

async function makePrivateDataDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "tachyon_display_" });
  await Deno.mkdir(`${dir}/project/library`, { recursive: true });
  await Deno.mkdir(`${dir}/inventory`);
  await Deno.writeTextFile(`${dir}/inventory/hosts`, INVENTORY);
  await Deno.writeTextFile(`${dir}/project/x.yml`, PLAYBOOK);
  await Deno.writeTextFile(`${dir}/project/inc.yml`, "- debug: msg=inc\n");
  await Deno.writeTextFile(`${dir}/project/v.yml`, VERBOSE_PLAYBOOK);
  await Deno.writeTextFile(`${dir}/project/library/warnmod.py`, WARNMOD, { mode: 0o755 });
  return dir;
}

/** Runs the real ansible-runner and returns its events in counter order. */
async function runRunner(pdd: string, ident: string, args: string[]): Promise<RunnerEvent[]> {
  const out = await new Deno.Command(RUNNER, {
    args: ["run", pdd, "--ident", ident, ...args],
    env: { PATH: "/usr/bin:/bin", ANSIBLE_NOCOLOR: "", ANSIBLE_FORCE_COLOR: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dir = `${pdd}/artifacts/${ident}/job_events`;
  const events: RunnerEvent[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name.endsWith(".json")) {
        events.push(JSON.parse(await Deno.readTextFile(`${dir}/${entry.name}`)));
      }
    }
  } catch (e) {
    throw new Error(
      `ansible-runner ${args.join(" ")} wrote no events: ${e}\n` +
        new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr),
    );
  }
  assert.ok(events.length > 0, `ansible-runner ${args.join(" ")} wrote no events`);
  return events.sort((a, b) => a.counter - b.counter);
}

function statsFromEventData(d: Dict): Map<string, HostCounts> {
  const n = (key: string, host: string) => ((d[key] as Record<string, number>)[host] ?? 0);
  const stats = new Map<string, HostCounts>();
  for (const host of Object.keys(d.processed as Dict)) {
    stats.set(host, {
      ok: n("ok", host),
      changed: n("changed", host),
      unreachable: n("dark", host),
      failed: n("failures", host),
      skipped: n("skipped", host),
      rescued: n("rescued", host),
      ignored: n("ignored", host),
    });
  }
  return stats;
}

const RESULT_EVENTS: Record<string, "ok" | "failed" | "skipped" | "unreachable"> = {
  runner_on_ok: "ok",
  runner_on_failed: "failed",
  runner_on_skipped: "skipped",
  runner_on_unreachable: "unreachable",
  runner_item_on_ok: "ok",
  runner_item_on_failed: "failed",
  runner_item_on_skipped: "skipped",
};

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

const VERBOSE_PLAYBOOK = `
- hosts: localhost
  gather_facts: true
  tasks:
    - ping:
    - command: /bin/false
      ignore_errors: true
    - debug: msg=x
      when: false
    - debug: msg=y
      loop: [1]
    - name: exc
      warnmod: kind=exc
      ignore_errors: true
    - name: diff
      warnmod: kind=diff
    - name: retry
      command: /bin/false
      register: rr
      until: rr.rc == 0
      retries: 1
      delay: 0
      ignore_errors: true
`;

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

Deno.test("displayableResult and callbackResult drop what Ansible drops", () => {
  const raw = {
    changed: true,
    failed: true,
    rc: 1,
    invocation: { module_args: {} },
    diff: { before: "" },
    exception: "x",
    _ansible_no_log: false,
    nested: [{ _ansible_item_label: 1, keep: true }],
  };
  assert.deepEqual(displayableResult(raw), { changed: true, rc: 1, nested: [{ keep: true }] });
  assert.deepEqual(Object.keys(displayableResult(raw, 3)), [
    "changed",
    "rc",
    "invocation",
    "diff",
    "nested",
  ]);
  assert.deepEqual(callbackResult(raw, { noLog: true }), {
    censored:
      "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
    changed: true,
  });
  assert.equal(raw.failed, true, "input is not mutated");
});

Deno.test("deprecationText wraps like Display.deprecated", () => {
  // Same text as the module deprecation the real run checks inside a result event.
  const text = deprecationText("old thing", { version: "2.99", collectionName: "ansible.builtin" });
  assert.equal(
    text,
    "\u001b[0;35m[DEPRECATION WARNING]: old thing. This feature will be removed from ansible-\u001b[0m" +
      "\r\n\u001b[0;35mcore in version 2.99. Deprecation warnings can be disabled by setting \u001b[0m" +
      "\r\n\u001b[0;35mdeprecation_warnings=False in ansible.cfg.\u001b[0m",
  );
  const seen = new Set<string>();
  assert.notEqual(warningText("once", seen), "");
  assert.equal(warningText("once", seen), "");
});

Deno.test("10k host results render in well under 100 ms", () => {
  const result = {
    changed: true,
    stdout: "hi",
    stderr: "",
    rc: 0,
    cmd: ["echo", "hi"],
    start: "2026-11-28 15:46:03.571883",
    end: "2026-11-28 15:46:03.575761",
    delta: "0:00:00.003878",
    msg: "",
    invocation: { module_args: { _raw_params: "echo hi", _uses_shell: false, chdir: null } },
    stdout_lines: ["hi"],
    stderr_lines: [],
    _ansible_no_log: false,
  };
  const render = (i: number) =>
    hostResultText({
      outcome: i % 3 === 0 ? "failed" : "ok",
      host: `host${i}`,
      result: result,
      action: "command",
      ignoreErrors: true,
    });
  for (let i = 0; i < 2000; i++) render(i);
  // Best of three rounds, so a busy machine does not make the test flaky.
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    let bytes = 0;
    for (let i = 0; i < 10_000; i++) bytes += render(i).length;
    best = Math.min(best, performance.now() - t0);
    assert.ok(bytes > 10_000 * 20);
  }
  assert.ok(best < 100, `10k renders took ${best.toFixed(1)} ms`);
});

Deno.test("result JSON is pythonJsonDumps of the displayable result", () => {
  const tricky: Dict = {
    "z\u00e9": '\u001b[0m tab\t nl\n \u2028 \u007f "q" \\ \u00e9\u65e5',
    a: [1.5, 1e-7, 1e22, 123456789012345680000, -3, 0.1, [], {}, [[{}]], null, true],
    nested: { _ansible_no_log: false, k: [{ _ansible_item_label: 1, v: null }], "\ud83c\udf89": 1 },
    changed: false,
    failed: true,
    invocation: { module_args: {} },
    _ansible_verbose_always: false,
  };
  const clean = displayableResult(tricky);
  const colored = (text: string, code: string) =>
    text.split("\n").map((l) => `\u001b[${code}m${l}\u001b[0m`).join("\r\n");
  assert.equal(
    hostResultText({ outcome: "failed", host: "h", result: tricky }),
    colored(
      `fatal: [h]: FAILED! => ${pythonJsonDumps(clean, { sortKeys: true, ensureAscii: false })}`,
      "0;31",
    ),
  );
  const indented = pythonJsonDumps(clean, { sortKeys: true, ensureAscii: false, indent: 4 });
  assert.equal(
    hostResultText({ outcome: "ok", host: "h", result: tricky, adhoc: true }),
    colored(`h | SUCCESS => ${indented}`, "0;32"),
  );
});
