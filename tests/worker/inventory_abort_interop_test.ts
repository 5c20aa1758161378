/**
 * A job stuck in its inventory script can always be stopped: job_timeout,
 * SIGTERM and SIGINT give the terminal status, artifacts, eof and exit 254
 * on time, and the script's whole process group is gone. The real
 * ansible-runner worker gets the same stream for the job_timeout case.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempDir, transmit } from "../_support/worker_process.ts";
import {
  finalStatus,
  killSleepProcesses,
  sleepMarker,
  sleepProcesses,
  startWorker,
  SUMMARY_PLAYBOOK,
  waitForSleep,
  writeJobSource,
} from "./_inventory_jobs.ts";

/**
 * A job whose inventory script never answers: `--list` starts a child
 * (`sleep MARKER`, in the script's process group) and waits for it.
 */
async function stuckInventoryStream(
  src: string,
  marker: string,
  settings: Record<string, unknown>,
): Promise<Uint8Array> {
  await writeJobSource(src, {
    "project/main.yml": SUMMARY_PLAYBOOK,
    "inventory/hosts": { text: `#!/bin/sh\nsleep ${marker}\necho '{}'\n`, mode: 0o755 },
    "env/settings": JSON.stringify(settings),
  });
  return await transmit(src, ["-p", "main.yml", "-i", "inv"]);
}

Deno.test("job_timeout while the inventory script hangs → timeout, artifacts, eof, 254 on time, no process left; the reference is not better", async () => {
  const tmp = await tempDir();
  const marker = sleepMarker();
  try {
    const stream = await stuckInventoryStream(join(tmp.path, "src"), marker, { job_timeout: 3 });
    const worker = startWorker("tachyon", join(tmp.path, "ours"), stream, 40_000);
    const scriptSeen = await waitForSleep(marker, 20_000);
    const ours = await worker.done;
    assert.equal(ours.code, 254, ours.stderr);
    assert.equal(finalStatus(ours), "timeout");
    assert.ok(ours.messages.some((m) => "zipfile" in m), "artifacts sent");
    assert.deepEqual(ours.messages.at(-1), { eof: true });
    assert.deepEqual(sleepProcesses(marker), [], "the script's child was killed with its group");
    // The job's timer starts before the script: the worker exits within 3 s of
    // the script starting, plus slack for a busy machine.
    const afterScript = ours.exitedAt - scriptSeen;
    assert.ok(afterScript < 3000 + 2000, `exited ${afterScript.toFixed(0)} ms after the script`);
    assert.ok(ours.elapsedMs >= 3000, `not before the deadline: ${ours.elapsedMs.toFixed(0)} ms`);
    const status = await Deno.readTextFile(join(tmp.path, "ours", "artifacts", "inv", "status"));
    assert.equal(status, "timeout");

    const peerMarker = sleepMarker();
    const peerStream = await stuckInventoryStream(join(tmp.path, "peer-src"), peerMarker, {
      job_timeout: 3,
    });
    try {
      const peer = await startWorker("reference", join(tmp.path, "peer"), peerStream, 60_000)
        .done;
      assert.equal(finalStatus(peer), "timeout", "the reference also times out");
      assert.equal(peer.code, 254);
      assert.ok(
        ours.elapsedMs <= peer.elapsedMs + 1500,
        `tachyon ${ours.elapsedMs.toFixed(0)} ms, reference ${peer.elapsedMs.toFixed(0)} ms`,
      );
      console.log(
        `job_timeout 3 in the inventory: tachyon ${ours.elapsedMs.toFixed(0)} ms, ` +
          `reference ${peer.elapsedMs.toFixed(0)} ms (processes it left: ${
            sleepProcesses(peerMarker).length
          })`,
      );
    } finally {
      killSleepProcesses(peerMarker);
    }
  } finally {
    killSleepProcesses(marker);
    await tmp.remove();
  }
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`${signal} while the inventory script hangs → canceled, artifacts, eof, 254, no process left`, async () => {
    const tmp = await tempDir();
    const marker = sleepMarker();
    try {
      const stream = await stuckInventoryStream(join(tmp.path, "src"), marker, {
        job_timeout: 60,
      });
      const worker = startWorker("tachyon", join(tmp.path, "ours"), stream, 40_000);
      await waitForSleep(marker, 20_000);
      await new Promise((r) => setTimeout(r, 300));
      const sent = performance.now();
      worker.child.kill(signal);
      const ours = await worker.done;
      const afterSignal = ours.exitedAt - sent;
      assert.equal(ours.code, 254, ours.stderr);
      assert.equal(finalStatus(ours), "canceled");
      assert.ok(ours.messages.some((m) => "zipfile" in m), "artifacts sent");
      assert.deepEqual(ours.messages.at(-1), { eof: true });
      assert.deepEqual(sleepProcesses(marker), [], "the script's child was killed with its group");
      assert.ok(afterSignal < 3000, `exited ${afterSignal.toFixed(0)} ms after ${signal}`);
    } finally {
      killSleepProcesses(marker);
      await tmp.remove();
    }
  });
}
