/**
 * Targets whose /dev/shm is full (sshd in a private mount namespace, see
 * tests/_support/sshd.ts `privateMounts`): an ad hoc `command echo hello` through
 * the worker succeeds from a fallback temp dir; with nothing writable the host
 * is unreachable with a message naming the directories tried. The real
 * ansible-runner worker runs the same jobs over the same sshd.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseStream, runWorker, tempDir, transmit } from "../_support/worker_process.ts";
import { type PrivateMounts, startSshd } from "../_support/sshd.ts";
import { writeSshdPdd } from "../_support/ssh_job.ts";
import { withDeadline } from "../_support/deadline.ts";

type Message = Record<string, unknown>;

interface Outcome {
  code: number;
  event: string;
  res: Message;
}

/** Runs `-m command -a 'echo hello'` on one host with `mounts`, through tachyon and the reference. */
async function commandEcho(mounts: PrivateMounts): Promise<Record<string, Outcome>> {
  const sshd = await withDeadline(
    30_000,
    "startSshd",
    () => startSshd({ hosts: 1, privateMounts: mounts }),
  );
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await writeSshdPdd(src, sshd);
    const stream = await transmit(src, [
      "-m",
      "command",
      "-a",
      "echo hello",
      "--hosts",
      "web",
      "-i",
      "74",
    ]);
    const outcomes: Record<string, Outcome> = {};
    for (const runner of ["tachyon", "ansible-runner"] as const) {
      const pdd = join(tmp.path, `w-${runner}`);
      const out = await withDeadline(120_000, runner, () => runWorker(runner, pdd, stream));
      const result = parseStream(out.stdout).find((m) =>
        ["runner_on_ok", "runner_on_failed", "runner_on_unreachable"].includes(String(m.event))
      );
      assert.ok(result, `${runner}: ${new TextDecoder().decode(out.stdout).slice(-1500)}`);
      const res = (result.event_data as Message).res as Message;
      outcomes[runner] = { code: out.code, event: String(result.event), res };
      console.log(`${runner}: rc ${out.code}, ${result.event}${res.msg ? `: ${res.msg}` : ""}`);
    }
    return outcomes;
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
}

Deno.test("a full /dev/shm on the target: `command echo hello` succeeds (the reference too)", async () => {
  const outcomes = await commandEcho({ devShm: "full" });
  for (const [runner, outcome] of Object.entries(outcomes)) {
    assert.equal(outcome.event, "runner_on_ok", runner);
    assert.equal(outcome.code, 0, runner);
    assert.equal(outcome.res.rc, 0, runner);
    assert.equal(outcome.res.stdout, "hello", runner);
  }
});

Deno.test("no writable temp dir on the target: unreachable, naming the directories tried (the reference: unreachable too)", async () => {
  const outcomes = await commandEcho({ devShm: "full", tmp: "readonly", home: "readonly" });
  for (const [runner, outcome] of Object.entries(outcomes)) {
    assert.equal(outcome.event, "runner_on_unreachable", runner);
    assert.equal(outcome.code, 4, runner);
  }
  assert.match(
    String(outcomes.tachyon.res.msg),
    /^Failed to create a writable temporary directory on the host: tried \/dev\/shm \(a test write failed: .+\), \/tmp \(Read-only file system\), \/home\/tachyon-test\/\.ansible\/tmp \(Read-only file system\)$/,
  );
  assert.match(String(outcomes["ansible-runner"].res.msg), /Failed to create temporary directory/);
});
