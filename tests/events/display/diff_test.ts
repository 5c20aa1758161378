/**
 * The `--diff` text against its references: `unifiedDiff` against CPython's
 * `difflib.unified_diff` on hundreds of generated pairs (small and large,
 * repeated lines, autojunk, missing final newlines, other line breaks);
 * `diffText` against Ansible's own `_get_diff` on every special case; and
 * `fileDiffText` against the `runner_on_file_diff` events of a real
 * `ansible-runner` run with `--diff` (and `--check --diff`).
 */
import assert from "node:assert/strict";
import { diffText, fileDiffText } from "../../../src/events/display/diff.ts";
import { SequenceMatcher } from "../../../src/events/display/diff_matcher.ts";
import { unifiedDiff } from "../../../src/events/display/diff_unified.ts";
import { pySplitlines } from "../../../src/python/splitlines.ts";
import {
  ansibleGetDiffs,
  pythonUnifiedDiffs,
  type UnifiedDiffCase,
} from "../../_oracles/difflib.ts";
import type { Json } from "../../_oracles/recorded.ts";
import { type RunnerEventAnswer, runnerRunEvents } from "../../_oracles/runner_events.ts";

/** mulberry32: the same corpus on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generated pair: `b` is `a` edited at random places; vocabularies small enough to repeat. */
function corpus(count: number, seed: number): UnifiedDiffCase[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const cases: UnifiedDiffCase[] = [];
  for (let c = 0; c < count; c++) {
    const big = c % 25 === 24;
    const vocabulary = big ? 4 + Math.floor(rand() * 40) : 1 + Math.floor(rand() * 12);
    const word = () => `${pick(["", "x", "line ", "  "])}${Math.floor(rand() * vocabulary)}\n`;
    const length = big ? 200 + Math.floor(rand() * 150) : Math.floor(rand() * 30);
    const a = Array.from({ length }, word);
    const b = [...a];
    const edits = Math.floor(rand() * (big ? 30 : 6));
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rand() * (b.length + 1));
      const kind = rand();
      if (kind < 0.35) b.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rand() * 4) }, word));
      else if (kind < 0.7) b.splice(at, 1 + Math.floor(rand() * 4));
      else if (at < b.length) b[at] = word();
    }
    if (rand() < 0.15 && a.length) a[a.length - 1] += "\\ No newline at end of file\n";
    if (rand() < 0.15 && b.length) b[b.length - 1] = b[b.length - 1].slice(0, -1) + "\r\n";
    cases.push({ a, b, n: pick([0, 1, 2, 3, 3, 3, 5]), fromfile: "before", tofile: "after: f" });
  }
  // Degenerate pairs: empty sides, equal sides, one line each.
  cases.push(
    { a: [], b: [], n: 3, fromfile: "before", tofile: "after" },
    { a: ["a\n"], b: [], n: 3, fromfile: "before", tofile: "after" },
    { a: [], b: ["a\n"], n: 0, fromfile: "before", tofile: "after" },
    { a: ["a\n", "b\n"], b: ["a\n", "b\n"], n: 3, fromfile: "before", tofile: "after" },
    { a: ["a\n"], b: ["b\n"], n: 0, fromfile: "", tofile: "" },
  );
  return cases;
}

Deno.test("unifiedDiff is CPython's difflib.unified_diff on 505 generated pairs", async () => {
  const cases = corpus(500, 12);
  assert.ok(cases.filter((c) => c.b.length >= 200).length >= 20, "autojunk sizes are covered");
  const expected = await pythonUnifiedDiffs({ cases });
  let differing = 0;
  cases.forEach((c, i) => {
    const ours = unifiedDiff(c.a, c.b, { fromfile: c.fromfile, tofile: c.tofile, n: c.n });
    if (ours.length > 0) differing++;
    assert.deepEqual(ours, expected[i], `case ${i}: ${JSON.stringify(c).slice(0, 300)}`);
  });
  assert.ok(differing > 400, `most pairs differ (${differing})`);
});

Deno.test("SequenceMatcher: popular lines of a long b never start a match (autojunk)", () => {
  // 300 lines of "x\n" in b: more than 1% + 1, so "x\n" is popular and only
  // the unique line can anchor the match, as in CPython.
  const b = [...Array(300).fill("x\n"), "u\n"];
  const a = ["x\n", "u\n"];
  assert.deepEqual(new SequenceMatcher(a, b).matchingBlocks(), [[0, 299, 2], [2, 301, 0]]);
});

/** `diff` values covering every branch of `_get_diff`. */
const SPECIAL_DIFFS: Json[] = [
  { before: "a\nb\nc\n", after: "a\nB\nc\n" },
  { before: "a\nb", after: "a\nb\n" },
  { before: "", after: "" },
  { before: "same\n", after: "same\n" },
  { before: null, after: "new\n" },
  { before: "old\n", after: null },
  { before: "x\r\ny\rz\u2028w\u000bv\u000c\u001cend", after: "x\ny\rz\u2029w\u0085v\n" },
  { before: "\u00e9t\u00e9 \u65e5\u672c \ud83c\udf89\n\u001b[0m\n", after: "\u00e9t\u00e9\n" },
  { before_header: "/etc/motd", after_header: "/tmp/src", before: "1\n", after: "2\n" },
  { before_header: 42, before: "1\n", after: "2\n" },
  { before: { path: "/d", state: "absent" }, after: { path: "/d", state: "directory" } },
  {
    before: { path: "/d", state: "directory", path_content: { directories: [], files: ["f"] } },
    after: { path: "/d", state: "absent" },
  },
  { before: { z: 1.5, a: [1, null, true], "\u00e9": "\u00e9" }, after: "{}\n" },
  { before: {}, after: {} },
  { before: { mode: "0644" }, after: { mode: "0600" }, before_header: "f (file attributes)" },
  { dst_binary: 1 },
  { src_binary: 1 },
  { dst_larger: 104448 },
  { src_larger: 104448.9 },
  { dst_binary: 1, src_larger: 10, before: "a\n", after: "b\n", prepared: "extra\n" },
  { prepared: "\u001b[0;32m+ prepared text\u001b[0m\n" },
  { before_header: "only headers", after_header: "only headers" },
  { before: "only before\n" },
  [],
  [{ before: "1\n", after: "2\n" }, { before_header: "f (file attributes)" }, { dst_binary: 1 }],
  [{ before: "1\n", after: "1\n" }, { before: { mode: "0644" }, after: { mode: "0600" } }],
  {
    before: Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join(""),
    after: Array.from({ length: 40 }, (_, i) => i % 13 === 5 ? `LINE ${i}\n` : `line ${i}\n`)
      .join(""),
  },
];

Deno.test("diffText is Ansible's _get_diff on every special case", async () => {
  const answers = await ansibleGetDiffs({ diffs: SPECIAL_DIFFS });
  SPECIAL_DIFFS.forEach((diff, i) => {
    const answer = answers[i];
    assert.ok("text" in answer, `case ${i}: Ansible failed (${JSON.stringify(answer)})`);
    assert.equal(diffText(diff), answer.text, `case ${i}: ${JSON.stringify(diff)}`);
  });
});

Deno.test("diffText: what Ansible's callback cannot print is a named error, not a crash", async () => {
  const broken: Json[] = [{ before: ["a"], after: "b\n" }, { prepared: 3 }];
  const answers = await ansibleGetDiffs({ diffs: broken });
  assert.deepEqual(answers.map((a) => "error" in a), [true, true]);
  for (const diff of broken) {
    assert.throws(() => diffText(diff), { name: "DiffDisplayError" });
    assert.equal(fileDiffText({ changed: true, diff }), "");
  }
});

/** Files the reference run changes, by path under the run's dir. */
const PLAYBOOK = `
- hosts: localhost
  gather_facts: false
  tasks:
    - lineinfile: {path: "<DIR>/t/a.txt", line: "one", create: true}
    - lineinfile: {path: "<DIR>/t/a.txt", line: "two", mode: "0600"}
    - lineinfile: {path: "<DIR>/t/a.txt", line: "two"}
    - lineinfile: {path: "<DIR>/t/a.txt", regexp: "^one", line: "ONE"}
    - blockinfile: {path: "<DIR>/t/a.txt", block: "b1\\nb2"}
    - file: {path: "<DIR>/t/d", state: directory}
    - file: {path: "<DIR>/t/d", state: directory}
    - file: {path: "<DIR>/t/d/f", state: touch, modification_time: preserve, access_time: preserve}
    - file: {path: "<DIR>/t/d", state: absent}
    - file: {path: "<DIR>/t/a.txt", mode: "0640"}
    - name: loop
      lineinfile: {path: "<DIR>/t/l.txt", line: "{{ item }}", create: true}
      loop: [x, y, x]
    - debug: {msg: no diff here}
    - command: "true"
    - name: failed
      file: {path: "<DIR>/t/none/f", state: file}
      ignore_errors: true
`;

const RESULT_EVENTS = ["runner_on_ok", "runner_item_on_ok", "runner_on_failed"];

/** The reference's events with `--diff` (and `--check --diff`) on the playbook. */
function referenceEvents(cmdline: string): Promise<RunnerEventAnswer[]> {
  return runnerRunEvents({
    files: {
      "inventory/hosts": "localhost ansible_connection=local ansible_python_interpreter=" +
        "/usr/bin/python3\n",
      "project/p.yml": PLAYBOOK,
      "t/a.txt": "zero\n",
    },
    executables: [],
    args: ["-p", "p.yml", `--cmdline=${cmdline}`],
    env: { ANSIBLE_NOCOLOR: "", ANSIBLE_FORCE_COLOR: "" },
    events: ["playbook_on_task_start", "runner_on_file_diff", ...RESULT_EVENTS],
  });
}

for (const cmdline of ["--diff", "--check --diff"]) {
  Deno.test(`fileDiffText is the runner_on_file_diff stdout of ansible-runner ${cmdline}`, async () => {
    const events = await referenceEvents(cmdline);
    let shown = 0;
    let diffEvents = 0;
    events.forEach((event, i) => {
      if (event.event !== "runner_on_file_diff") return;
      diffEvents++;
      // Ansible calls v2_on_file_diff right before the ok result it belongs to.
      const next = events[i + 1];
      assert.ok(next && next.event !== "runner_on_failed", `event ${event.counter} precedes an ok`);
      assert.ok(RESULT_EVENTS.includes(next.event), `event ${event.counter}: ${next.event}`);
      const res = next.event_data.res as Record<string, unknown>;
      assert.equal(fileDiffText(res), event.stdout, `event ${event.counter}`);
      if (event.stdout) shown++;
    });
    // No diff for a failed result, nor for results without a diff (debug, command).
    for (const [i, event] of events.entries()) {
      if (event.event === "runner_on_failed" || event.event === "runner_on_ok") {
        const res = event.event_data.res as Record<string, unknown>;
        const before = events[i - 1];
        if (event.event === "runner_on_failed" || !("diff" in res)) {
          assert.notEqual(before.event, "runner_on_file_diff", `event ${event.counter}`);
        }
      }
    }
    assert.ok(diffEvents >= 11, `${diffEvents} diff events`);
    assert.ok(shown >= 8, `${shown} diff events with text`);
  });
}

Deno.test("fileDiffText: ad hoc shows any diff; a loop shows each changed item's", () => {
  const diff = { before: "a\n", after: "b\n" };
  const text = diffText(diff).replaceAll("\n", "\r\n").replace(/\r\n$/, "");
  assert.equal(fileDiffText({ changed: false, diff }), "");
  assert.equal(fileDiffText({ changed: false, diff }, { adhoc: true }), text);
  assert.equal(fileDiffText({ changed: true, diff: {} }, { adhoc: true }), "");
  const results = [
    { changed: true, diff },
    { changed: false, diff },
    { changed: true, diff: { before: "x\n", after: "x\n" } },
    { changed: true, diff },
  ];
  assert.equal(fileDiffText({ changed: true, results }, { loop: true }), `${text}\r\n${text}`);
  assert.deepEqual(pySplitlines("a\rb", true), ["a\r", "b"]);
});
