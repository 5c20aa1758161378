/**
 * The library's cancels and timeouts, with a real task that sleeps for an
 * hour on localhost (the local connection): `runAsync().cancel()` ends the
 * job within 1 s, an `AbortSignal` and a `cancelCallback` do the same, a
 * handler that throws cancels the job, and `timeout` ends it as `timeout`;
 * every time the task's process is gone. The library's quick jobs are in
 * `run_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defineAutomation, run, runAsync, RunnerCallbackError } from "../../mod.ts";
import { eventually, withDeadline } from "../_support/deadline.ts";
import { alive, killQuietly, localPdd, pidSleep, sleepingPid } from "./_runner_pdd.ts";

const DEADLINE_MS = 60_000;

/** An automation whose one task sleeps for an hour (its pid written to `pidFile`). */
function sleeper(pidFile: string) {
  return defineAutomation({
    name: "sleeper",
    async run(ctx) {
      await ctx.play("Sleep", "all", async (play) => {
        await play.shell(pidSleep(pidFile), { name: "Sleep for an hour" });
      });
    },
  });
}

Deno.test("runAsync(): events arrive live, and cancel() ends a long job within 1 s, its process gone", async () => {
  const pdd = await localPdd();
  const pidFile = join(pdd.path, "sleep.pid");
  let pid: number | undefined;
  try {
    const runner = runAsync({
      privateDataDir: pdd.path,
      automation: sleeper(pidFile),
      quiet: true,
    });
    assert.equal(runner.status, "unstarted");
    const seen: string[] = [];
    let canceledAt = 0;
    await withDeadline(DEADLINE_MS, "the events of a canceled job", async () => {
      for await (const event of runner.events) {
        seen.push(String(event.event));
        if (event.event === "runner_on_start") {
          pid = await sleepingPid(pidFile, 20_000);
          assert.equal(await alive(pid), true);
          assert.equal(runner.status, "running");
          canceledAt = performance.now();
          runner.cancel();
        }
      }
    });
    await runner.done;
    const took = performance.now() - canceledAt;
    assert.ok(took < 1000, `the job ended ${took.toFixed(0)} ms after cancel()`);
    assert.equal(runner.status, "canceled");
    assert.equal(runner.canceled, true);
    assert.equal(runner.rc, 254);
    await eventually("the task's sleep is gone", 1000, async () => !(await alive(pid!)));
    assert.deepEqual(seen.slice(0, 5), [
      "verbose",
      "playbook_on_start",
      "playbook_on_play_start",
      "playbook_on_task_start",
      "runner_on_start",
    ]);
    assert.equal(await Deno.readTextFile(join(runner.artifactDir, "status")), "canceled");
    assert.equal(await Deno.readTextFile(join(runner.artifactDir, "rc")), "254");
  } finally {
    await killQuietly(pid);
    await pdd.remove();
  }
});

Deno.test("an AbortSignal and a cancelCallback cancel the job as cancel() does", async () => {
  const pdd = await localPdd();
  const pids: number[] = [];
  try {
    const abort = new AbortController();
    const first = join(pdd.path, "first.pid");
    const bySignal = runAsync({
      privateDataDir: pdd.path,
      automation: sleeper(first),
      quiet: true,
      signal: abort.signal,
    });
    pids.push(await sleepingPid(first, 20_000));
    abort.abort();
    await withDeadline(5_000, "the aborted job", () => bySignal.done);
    assert.equal(bySignal.status, "canceled");
    assert.equal(bySignal.rc, 254);

    const second = join(pdd.path, "second.pid");
    await Deno.writeTextFile(second, "");
    let asked = 0;
    const byCallback = runAsync({
      privateDataDir: pdd.path,
      automation: sleeper(second),
      quiet: true,
      cancelCallback: () => {
        asked++;
        return Deno.readTextFileSync(second).trim() !== "";
      },
    });
    pids.push(await sleepingPid(second, 20_000));
    await withDeadline(5_000, "the job canceled by its callback", () => byCallback.done);
    assert.equal(byCallback.status, "canceled");
    assert.ok(asked > 0, "asked while the job ran");
    for (const pid of pids) {
      await eventually(`sleep ${pid} is gone`, 1000, async () => !(await alive(pid)));
    }
  } finally {
    for (const pid of pids) await killQuietly(pid);
    await pdd.remove();
  }
});

Deno.test("a handler that throws cancels the job, and done rejects naming it", async () => {
  const pdd = await localPdd();
  try {
    const runner = runAsync({
      privateDataDir: pdd.path,
      automation: sleeper(join(pdd.path, "sleep.pid")),
      quiet: true,
      eventHandler: (event) => {
        if (event.event === "runner_on_start") throw new Error("boom");
      },
    });
    const error = await withDeadline(
      20_000,
      "the failing handler's job",
      () => runner.done.then(() => undefined, (e: unknown) => e),
    );
    assert.ok(error instanceof RunnerCallbackError, String(error));
    assert.equal(error.handler, "eventHandler");
    assert.match(error.message, /Exception in eventHandler: Error: boom/);
    assert.equal(runner.status, "canceled");
  } finally {
    await pdd.remove();
  }
});

Deno.test("job_timeout (the timeout option): status timeout, rc 254, the task's process gone", async () => {
  const pdd = await localPdd({ "env/settings": "suppress_ansible_output: true\n" });
  try {
    const pidFile = join(pdd.path, "sleep.pid");
    try {
      const timed = await withDeadline(
        DEADLINE_MS,
        "the timed out job",
        () =>
          run({ privateDataDir: pdd.path, automation: sleeper(pidFile), quiet: true, timeout: 1 }),
      );
      assert.equal(timed.status, "timeout");
      assert.equal(timed.timedOut, true);
      assert.equal(timed.rc, 254);
      const pid = await sleepingPid(pidFile, 1000);
      await eventually("the task's sleep is gone", 1000, async () => !(await alive(pid)));
    } finally {
      await killQuietly(parseInt(await Deno.readTextFile(pidFile).catch(() => "")));
    }
  } finally {
    await pdd.remove();
  }
});
