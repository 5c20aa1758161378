/**
 * Our `transmit` feeds both workers: the real `ansible-runner worker` and
 * ours run what it sends (a playbook, an ad hoc module, `--cmdline` through
 * `env/cmdline`); and the real `transmit` feeds our worker. A private data
 * dir outside the binary's roots is refused with one paragraph.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  parseStream,
  run,
  runTachyon,
  runWorker,
  tempDir,
  transmit,
  type WorkerName,
} from "../_support/worker_process.ts";
import { writeSamplePdd } from "./_transmit_pdd.ts";

type Message = Record<string, unknown>;

async function ourTransmit(pdd: string, args: string[]): Promise<Uint8Array> {
  const out = await runTachyon(["transmit", pdd, ...args]);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stderr, "");
  return out.stdout;
}

async function work(worker: WorkerName, dir: string, stream: Uint8Array): Promise<Message[]> {
  const out = await runWorker(worker, dir, stream);
  assert.equal(out.code, 0, `${worker}: ${out.stderr}`);
  const messages = parseStream(out.stdout);
  assert.deepEqual(messages.at(-1), { eof: true });
  return messages;
}

function statuses(messages: Message[]): unknown[] {
  return messages.filter((m) => "status" in m).map((m) => m.status);
}

function okText(messages: Message[]): string {
  return messages.filter((m) => m.event === "runner_on_ok").map((m) => String(m.stdout)).join("\n");
}

for (const worker of ["ansible-runner", "tachyon"] as const) {
  Deno.test(`our transmit → ${worker} worker: a playbook with --cmdline, then an ad hoc ping`, async () => {
    const tmp = await tempDir("tachyon_transmit_run_");
    try {
      const src = join(tmp.path, "src");
      await writeSamplePdd(src);
      const playbook = await work(
        worker,
        join(tmp.path, "w1"),
        await ourTransmit(src, ["-p", "site.yml", "-i", "11", "--cmdline", "-e greeting=cli"]),
      );
      assert.deepEqual(statuses(playbook), ["starting", "running", "successful"]);
      assert.equal(playbook[0].runner_ident, "11");
      assert.match(okText(playbook), /Hello world! cli, world/);

      const adhoc = await work(
        worker,
        join(tmp.path, "w2"),
        await ourTransmit(src, ["-m", "ping", "--hosts", "localhost", "-i", "12"]),
      );
      assert.deepEqual(statuses(adhoc), ["starting", "running", "successful"]);
      assert.match(okText(adhoc), /"ping": "pong"/);
    } finally {
      await tmp.remove();
    }
  });
}

Deno.test("the real transmit → our worker: the playbook runs", async () => {
  const tmp = await tempDir("tachyon_transmit_ref_");
  try {
    const src = join(tmp.path, "src");
    await writeSamplePdd(src);
    const messages = await work(
      "tachyon",
      join(tmp.path, "w"),
      await transmit(src, ["-p", "site.yml", "-i", "13"]),
    );
    assert.deepEqual(statuses(messages), ["starting", "running", "successful"]);
    assert.match(okText(messages), /Hello world! from the inventory, world/);
  } finally {
    await tmp.remove();
  }
});

Deno.test("transmit: a private data dir outside the binary's roots is one clear paragraph", async () => {
  const outside = `/var/tmp/tachyon_outside_${crypto.randomUUID()}`;
  const out = await runTachyon(["transmit", outside, "-p", "site.yml"]);
  assert.equal(out.code, 1);
  assert.equal(out.stdout.length, 0);
  assert.equal(out.stderr.split("\n").length, 1, out.stderr);
  assert.match(
    out.stderr,
    new RegExp(`^ansible-runner transmit: cannot read and write ${outside}:`),
  );
  assert.match(out.stderr, /\/runner and \/tmp/);
  assert.match(out.stderr, /deno task compile/);
  assert.doesNotMatch(out.stderr, /NotCapable|at .*\.ts:\d+/);
  const ref = await run("/bin/ls", [outside]);
  assert.notEqual(ref.code, 0, "nothing was created");
  const tmp = await tempDir("tachyon_transmit_key_");
  try {
    const ssh = await runTachyon(["transmit", tmp.path, "-p", "s.yml", "--ssh-key", "/etc/ssh/k"]);
    assert.equal(ssh.code, 1);
    assert.equal(ssh.stdout.length, 0);
    assert.match(ssh.stderr, /cannot read \/etc\/ssh\/k: .*\/runner and \/tmp/);
  } finally {
    await tmp.remove();
  }
});
