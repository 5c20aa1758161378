/**
 * SIGINT, SIGTERM and job_timeout during a long command: terminal status,
 * artifacts, eof, exit 254, and no process left behind.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseStream, startTachyon, tempDir } from "../_support/worker_process.ts";
import { deadlineOutput } from "../_support/deadline.ts";
import { sleepProcesses, waitForSleep } from "../_support/sleep_processes.ts";

const encoder = new TextEncoder();

function sleepJob(marker: string, settings?: Record<string, unknown>): Uint8Array {
  const kwargs = {
    ident: "sig",
    module: "shell",
    module_args: `sleep ${marker}`,
    host_pattern: "localhost",
    ...(settings ? { settings } : {}),
  };
  return encoder.encode(JSON.stringify({ kwargs }) + "\n" + '{"eof": true}\n');
}

/** Starts a sleep job; resolves once the sleep is running. */
async function startSleepJob(pdd: string, marker: string, settings?: Record<string, unknown>) {
  const child = await startTachyon(
    ["worker", `--private-data-dir=${pdd}`],
    sleepJob(marker, settings),
  );
  const output = deadlineOutput(child, 30_000);
  await waitForSleep(marker, 20_000);
  return { child, output };
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.test(`${signal} during a long command → canceled, artifacts, eof, 254, no process left`, async () => {
    const tmp = await tempDir();
    try {
      const marker = `${300 + Math.floor(Math.random() * 1000)}.${signal.length}17`;
      const { child, output } = await startSleepJob(join(tmp.path, "pdd"), marker);
      const sent = performance.now();
      child.kill(signal);
      const out = await output;
      const elapsed = performance.now() - sent;
      assert.equal(out.code, 254);
      const messages = parseStream(out.stdout);
      assert.ok(messages.some((m) => m.status === "canceled"));
      assert.ok(messages.some((m) => "zipfile" in m));
      assert.deepEqual(messages.at(-1), { eof: true });
      assert.equal(sleepProcesses(marker).length, 0, "the command was killed");
      assert.ok(elapsed < 5000, `canceled in ${elapsed.toFixed(0)} ms`);
      const status = await Deno.readTextFile(join(tmp.path, "pdd", "artifacts", "sig", "status"));
      assert.equal(status, "canceled");
    } finally {
      await tmp.remove();
    }
  });
}

Deno.test("job_timeout during a long command → timeout on time, eof, 254, no process left", async () => {
  const tmp = await tempDir();
  try {
    const marker = `${300 + Math.floor(Math.random() * 1000)}.93`;
    const started = performance.now();
    const { output } = await startSleepJob(join(tmp.path, "pdd"), marker, { job_timeout: 2 });
    const out = await output;
    const elapsed = performance.now() - started;
    assert.equal(out.code, 254);
    const messages = parseStream(out.stdout);
    assert.ok(messages.some((m) => m.status === "timeout"));
    assert.deepEqual(messages.at(-1), { eof: true });
    assert.equal(sleepProcesses(marker).length, 0);
    assert.ok(elapsed < 10_000, `timed out after ${elapsed.toFixed(0)} ms`);
  } finally {
    await tmp.remove();
  }
});

Deno.test("idle_timeout → timeout status", async () => {
  const tmp = await tempDir();
  try {
    const marker = `${300 + Math.floor(Math.random() * 1000)}.71`;
    const { output } = await startSleepJob(join(tmp.path, "pdd"), marker, { idle_timeout: 1 });
    const out = await output;
    assert.equal(out.code, 254);
    assert.ok(parseStream(out.stdout).some((m) => m.status === "timeout"));
    assert.equal(sleepProcesses(marker).length, 0);
  } finally {
    await tmp.remove();
  }
});
