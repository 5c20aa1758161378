/**
 * Playbooks through the ansible-core path against the real `ansible-runner
 * worker` on the same transmit stream (same pdd path, local connection):
 * the same status lines, exit code, sequence of (event, host, task), event
 * keys and `event_data` keys in order, counters and lines, stats, stdout
 * text (colours included), and artifact files as real `ansible-runner
 * process` extracts them.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withTempDir } from "../../_support/files.ts";
import {
  eventPlaces,
  events,
  eventSequence,
  eventShapes,
  type PddFiles,
  runWorker,
  stats,
  statuses,
  stdoutText,
  transmitJob,
  type WorkerRun,
} from "./_support.ts";

const INVENTORY = "web1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n";

const DEBUG_PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - name: say hi
      debug:
        msg: "hello {{ inventory_hostname }}"
    - name: show a var
      debug:
        var: ansible_connection
`;

const WEB_PLAYBOOK = `- name: Web tier
  hosts: all
  gather_facts: true
  vars:
    packages: [alpha, beta, gamma]
  tasks:
    - name: Loop over packages
      debug:
        msg: "installing {{ item }}"
      loop: "{{ packages }}"
    - name: Write a file
      copy:
        content: "hello {{ ansible_hostname }}\\n"
        dest: "{{ playbook_dir }}/motd.txt"
      notify: restart web
    - name: Skipped task
      debug: msg=never
      when: false
    - block:
        - name: Failing in block
          command: /bin/false
      rescue:
        - name: Rescue runs
          debug:
            msg: rescued
    - name: Ignored failure
      command: /bin/false
      ignore_errors: true
    - name: Secret result
      debug:
        msg: hidden
      no_log: true
    - name: Fact from setup
      debug:
        var: ansible_system
  handlers:
    - name: restart web
      debug:
        msg: restarting
- name: Failing play
  hosts: all
  gather_facts: false
  tasks:
    - name: This fails
      fail:
        msg: boom
    - name: Never reached
      debug: msg=no
`;

/** Output text that differs from run to run: times and temp names in results. */
function stable(text: string): string {
  return text
    .replace(/"(delta|start|end)": "[^"]*"/g, '"$1": "…"')
    .replace(/ansible-tmp-[\d.-]+/g, "ansible-tmp-…");
}

/** Runs the job through both workers and checks everything that must agree. */
async function compare(
  root: string,
  files: PddFiles,
  args: string[],
): Promise<{ ours: WorkerRun; reference: WorkerRun }> {
  const stream = await transmitJob(root, files, args);
  const reference = await runWorker("ansible-runner", root, stream);
  const ours = await runWorker("tachyon", root, stream);
  assert.equal(ours.stderr, "");
  assert.deepEqual(statuses(ours), statuses(reference));
  assert.equal(ours.code, reference.code);
  assert.deepEqual(ours.messages.at(-1), { eof: true });
  assert.deepEqual(eventSequence(ours), eventSequence(reference));
  assert.deepEqual(eventShapes(ours), eventShapes(reference));
  assert.deepEqual(eventPlaces(ours), eventPlaces(reference));
  assert.deepEqual(stats(ours), stats(reference));
  assert.equal(stable(stdoutText(ours)), stable(stdoutText(reference)));
  const starting = (run: WorkerRun) => {
    const { command, cwd } = run.messages[0];
    return { command, cwd };
  };
  assert.deepEqual(starting(ours), starting(reference));
  for (const name of ["rc", "status"]) {
    assert.equal(
      await Deno.readTextFile(join(ours.artifacts, name)),
      await Deno.readTextFile(join(reference.artifacts, name)),
      name,
    );
  }
  assert.equal(
    stable(await Deno.readTextFile(join(ours.artifacts, "stdout"))),
    stable(await Deno.readTextFile(join(reference.artifacts, "stdout"))),
  );
  return { ours, reference };
}

Deno.test("a debug playbook: the stream ansible-runner's worker sends", async () => {
  await withTempDir("tachyon_core_debug_", async (root) => {
    const { ours } = await compare(
      root,
      { "inventory/hosts": INVENTORY, "project/debug.yml": DEBUG_PLAYBOOK },
      ["-p", "debug.yml", "-i", "42"],
    );
    assert.deepEqual(statuses(ours), ["starting", "running", "successful"]);
    const ok = events(ours).find((e) => e.event === "runner_on_ok")!;
    assert.ok(
      String(ok.stdout).startsWith("\x1b[0;32mok: [web1] => {\x1b[0m\r\n"),
      "colours, CRLF",
    );
  });
});

Deno.test(
  "facts, a loop, a handler, block/rescue, no_log and failures: the stream ansible-runner's worker sends",
  async () => {
    await withTempDir("tachyon_core_web_", async (root) => {
      const { ours, reference } = await compare(
        root,
        { "inventory/hosts": INVENTORY, "project/site.yml": WEB_PLAYBOOK },
        ["-p", "site.yml", "-i", "7"],
      );
      assert.equal(ours.code, 2);
      const names = new Set(events(ours).map((e) => e.event));
      for (
        const name of [
          "runner_item_on_ok",
          "playbook_on_notify",
          "runner_on_skipped",
          "runner_on_failed",
          "playbook_on_stats",
        ]
      ) assert.ok(names.has(name), name);
      const hidden = (run: WorkerRun) =>
        (events(run).find((e) =>
          (e.event_data as Record<string, unknown>).task === "Secret result" &&
          e.event === "runner_on_ok"
        )!.event_data as Record<string, unknown>).res;
      assert.deepEqual(hidden(ours), hidden(reference));
      assert.match(JSON.stringify(hidden(ours)), /the output has been hidden/);
      const facts = JSON.parse(await Deno.readTextFile(join(ours.artifacts, "fact_cache", "web1")));
      assert.equal(facts.ansible_system, "Linux");
    });
  },
);

Deno.test("the planner's line is the first event; Ansible's events follow it, renumbered", async () => {
  await withTempDir("tachyon_core_first_", async (root) => {
    const stream = await transmitJob(
      root,
      { "inventory/hosts": INVENTORY, "project/debug.yml": DEBUG_PLAYBOOK },
      ["-p", "debug.yml", "-i", "43"],
    );
    const line = "tachyon: debug.yml runs under the EE's Ansible (ansible-core only)";
    const ours = await runWorker("tachyon", root, stream, { env: { TACHYON_FIRST_EVENT: line } });
    const reference = await runWorker("ansible-runner", root, stream);
    const [first, ...rest] = events(ours);
    assert.deepEqual(
      [first.event, first.counter, first.stdout, first.start_line, first.end_line],
      ["verbose", 1, line, 0, 1],
    );
    const shifted = events(reference).map((e) =>
      `${e.event} ${Number(e.counter) + 1} ${Number(e.start_line) + 1} ${Number(e.end_line) + 1}`
    );
    assert.deepEqual(
      rest.map((e) => `${e.event} ${e.counter} ${e.start_line} ${e.end_line}`),
      shifted,
    );
    assert.ok((await Deno.readTextFile(join(ours.artifacts, "stdout"))).startsWith(`${line}\n`));
  });
});

Deno.test("omit_event_data and only_failed_event_data empty event_data as ansible-runner does", async () => {
  const playbook = `- hosts: all
  gather_facts: false
  tasks:
    - name: fine
      debug: msg=ok
    - name: fails
      command: /bin/false
      ignore_errors: true
`;
  for (const flag of ["--omit-event-data", "--only-failed-event-data"]) {
    await withTempDir("tachyon_core_omit_", async (root) => {
      const { ours } = await compare(
        root,
        { "inventory/hosts": INVENTORY, "project/flags.yml": playbook },
        ["-p", "flags.yml", "-i", "44", flag],
      );
      const kept = events(ours).filter((e) => Object.keys(e.event_data as object).length > 0);
      assert.deepEqual(
        kept.map((e) => e.event),
        flag === "--omit-event-data" ? [] : ["runner_on_failed"],
      );
    });
  }
});
