/**
 * The ad hoc event sequence matches what the real ansible-runner emits for
 * the same job: event names, top-level keys, event_data keys, stats keys.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  parseStream,
  runWorker,
  tempDir,
  transmit,
  type WorkerName,
} from "../_support/worker_process.ts";
import { SUMMARY_PLAYBOOK, writeJobSource } from "./_inventory_jobs.ts";

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

/** Two local hosts in the group `web`. */
const INVENTORY = "[web]\nalpha ansible_connection=local\nbeta ansible_connection=local\n";

interface Ran {
  code: number;
  messages: Message[];
}

/**
 * Writes a job source of `files`, transmits it with `args`, and runs the
 * stream through tachyon's worker and the real one.
 */
async function bothWorkers(
  files: Record<string, string>,
  args: string[],
): Promise<{ ours: Ran; peer: Ran }> {
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await writeJobSource(src, files);
    const stream = await transmit(src, args);
    const ran = async (name: WorkerName): Promise<Ran> => {
      const out = await runWorker(name, join(tmp.path, name), stream);
      return { code: out.code, messages: parseStream(out.stdout) };
    };
    const ours = await ran("tachyon");
    const peer = await ran("ansible-runner");
    return { ours, peer };
  } finally {
    await tmp.remove();
  }
}

for (
  const [label, args] of [
    ["ping", ["-m", "ping"]],
    ["command", ["-m", "command", "-a", "echo hello"]],
    ["failing command", ["-m", "command", "-a", "false"]],
  ] as const
) {
  Deno.test(`ad hoc ${label}: same event sequence and keys as the real ansible-runner`, async () => {
    const { ours, peer } = await bothWorkers({ "inventory/hosts": INVENTORY }, [
      ...args,
      "--hosts",
      "web",
      "-i",
      "9",
    ]);
    const oursMessages = ours.messages;
    const peerMessages = peer.messages;
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
  });
}

Deno.test("playbook mode: the default automation's events have the shape of the same playbook's", async () => {
  const { ours, peer } = await bothWorkers(
    { "inventory/hosts": INVENTORY, "project/main.yml": SUMMARY_PLAYBOOK },
    ["-p", "main.yml", "-i", "12"],
  );
  const structural = (s: ReturnType<typeof shape>) =>
    s.filter((e) => !String(e.event).startsWith("runner_on_"));
  assert.deepEqual(structural(shape(ours.messages)), structural(shape(peer.messages)));
  const hostEvents = (s: ReturnType<typeof shape>) =>
    s.filter((e) => String(e.event).startsWith("runner_on_")).map((e) => JSON.stringify(e))
      .sort();
  assert.deepEqual(hostEvents(shape(ours.messages)), hostEvents(shape(peer.messages)));
});
