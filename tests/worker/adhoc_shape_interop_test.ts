/**
 * The ad hoc event sequence matches what the real ansible-runner emits for
 * the same job: event names, top-level keys, event_data keys, stats keys.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseStream, run, runTachyon, tempDir, transmit } from "../_support/worker_process.ts";

type Message = Record<string, unknown>;

function shape(messages: Message[]) {
  return messages
    .filter((m) => typeof m.event === "string" && m.event !== "verbose" && m.event !== "warning")
    .map((m) => ({
      event: m.event,
      keys: Object.keys(m).join(","),
      data: Object.keys(m.event_data as Message).join(","),
    }));
}

for (
  const [label, args] of [
    ["ping", ["-m", "ping"]],
    ["command", ["-m", "command", "-a", "echo hello"]],
    ["failing command", ["-m", "command", "-a", "false"]],
  ] as const
) {
  Deno.test(`ad hoc ${label}: same event sequence and keys as the real ansible-runner`, async () => {
    const tmp = await tempDir();
    try {
      const src = join(tmp.path, "src");
      await Deno.mkdir(join(src, "inventory"), { recursive: true });
      await Deno.writeTextFile(
        join(src, "inventory", "hosts"),
        "[web]\nalpha ansible_connection=local\nbeta ansible_connection=local\n",
      );
      const stream = await transmit(src, [...args, "--hosts", "web", "-i", "9"]);
      const ours = await runTachyon(["worker", `--private-data-dir=${tmp.path}/ours`], {
        stdin: stream,
      });
      const peer = await run("/usr/bin/ansible-runner", [
        "worker",
        `--private-data-dir=${tmp.path}/peer`,
      ], { stdin: stream });
      const oursMessages = parseStream(ours.stdout);
      const peerMessages = parseStream(peer.stdout);
      const a = shape(oursMessages);
      const b = shape(peerMessages);
      assert.deepEqual(a.map((e) => e.event), b.map((e) => e.event));
      for (let i = 0; i < a.length; i++) {
        assert.equal(a[i].keys, b[i].keys, `top-level keys of ${a[i].event}`);
        assert.equal(a[i].data, b[i].data, `event_data keys of ${a[i].event}`);
      }
      const stats = (ms: Message[]) => ms.find((m) => m.event === "playbook_on_stats")!;
      const ourStats = stats(oursMessages).event_data as Message;
      const peerStats = stats(peerMessages).event_data as Message;
      for (
        const key of [
          "changed",
          "dark",
          "failures",
          "ignored",
          "ok",
          "processed",
          "rescued",
          "skipped",
        ]
      ) {
        assert.deepEqual(ourStats[key], peerStats[key], `stats ${key}`);
      }
      const status = (ms: Message[]) => ms.filter((m) => "status" in m).map((m) => m.status);
      assert.deepEqual(status(oursMessages), status(peerMessages));
      assert.equal(ours.code, peer.code, "same exit code");
    } finally {
      await tmp.remove();
    }
  });
}

Deno.test("playbook mode: the default automation's events have the shape of the same playbook's", async () => {
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await Deno.mkdir(join(src, "inventory"), { recursive: true });
    await Deno.mkdir(join(src, "project"), { recursive: true });
    await Deno.writeTextFile(
      join(src, "inventory", "hosts"),
      "[web]\nalpha ansible_connection=local\nbeta ansible_connection=local\n",
    );
    await Deno.writeTextFile(
      join(src, "project", "site.yml"),
      "- name: 'tachyon: reachability and host summary'\n  hosts: all\n  gather_facts: false\n" +
        "  tasks:\n    - name: Gathering Facts\n      setup:\n" +
        "    - name: Summary\n      debug:\n        msg: hi\n",
    );
    const stream = await transmit(src, ["-p", "site.yml", "-i", "12"]);
    const ours = parseStream(
      (await runTachyon(["worker", `--private-data-dir=${tmp.path}/ours`], { stdin: stream }))
        .stdout,
    );
    const peer = parseStream(
      (await run("/usr/bin/ansible-runner", ["worker", `--private-data-dir=${tmp.path}/peer`], {
        stdin: stream,
      })).stdout,
    );
    const structural = (s: ReturnType<typeof shape>) =>
      s.filter((e) => !String(e.event).startsWith("runner_on_"));
    assert.deepEqual(structural(shape(ours)), structural(shape(peer)));
    const hostEvents = (s: ReturnType<typeof shape>) =>
      s.filter((e) => String(e.event).startsWith("runner_on_")).map((e) => JSON.stringify(e))
        .sort();
    assert.deepEqual(hostEvents(shape(ours)), hostEvents(shape(peer)));
  } finally {
    await tmp.remove();
  }
});
