/**
 * Stopping an ansible-core job: SIGTERM while a task runs (`canceled`),
 * `job_timeout` and `idle_timeout` (`timeout`), each with exit code 254,
 * the artifacts and eof last, as the real `ansible-runner worker` ends the
 * same job, and nothing of the job left running (the task's `sleep` is
 * found by its unique argument).
 *
 * @module
 */
import assert from "node:assert/strict";
import { withTempDir } from "../../_support/files.ts";
import { eventually } from "../../_support/deadline.ts";
import { killProcessesWith, processesWith, taggedSleep } from "../../_support/processes.ts";
import { type Runner, runWorker, statuses, transmitJob, type WorkerRun } from "./_support.ts";

/** A play whose one task runs `sleep` (marked) on the local connection. */
function sleepingJob(sleep: string, settings?: Record<string, unknown>): Record<string, string> {
  return {
    "inventory/hosts":
      "web1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n",
    "project/sleep.yml": `- hosts: all
  gather_facts: false
  tasks:
    - name: sleep a while
      command: ${sleep}
`,
    ...(settings ? { "env/settings": JSON.stringify(settings) } : {}),
  };
}

/** The end of a stopped run, for comparing the two workers. */
function ending(run: WorkerRun): { status: string | undefined; code: number; last: unknown } {
  return { status: statuses(run).at(-1), code: run.code, last: run.messages.at(-1) };
}

/** Runs the job in both workers; `started` acts once the marked sleep runs. */
async function bothStopped(
  files: (sleep: string) => Record<string, string>,
  signal?: Deno.Signal,
): Promise<Record<Runner, WorkerRun>> {
  const runs = {} as Record<Runner, WorkerRun>;
  for (const runner of ["ansible-runner", "tachyon"] as const) {
    const sleep = taggedSleep(60);
    try {
      await withTempDir(`tachyon_core_stop_${runner}_`, async (root) => {
        const stream = await transmitJob(root, files(sleep), ["-p", "sleep.yml", "-i", "8"]);
        runs[runner] = await runWorker(runner, root, stream, {
          deadlineMs: 60_000,
          started: signal === undefined ? undefined : async (child) => {
            await eventually(
              `${runner}'s task runs`,
              30_000,
              () => processesWith(sleep).length > 0,
            );
            child.kill(signal);
          },
        });
        await eventually(
          `nothing of ${runner}'s job is left`,
          10_000,
          () => processesWith(sleep).length === 0,
        );
      });
    } finally {
      killProcessesWith(sleep);
    }
  }
  return runs;
}

Deno.test("SIGTERM while a task runs: canceled, 254, eof last, nothing left, as ansible-runner", async () => {
  const runs = await bothStopped((sleep) => sleepingJob(sleep), "SIGTERM");
  assert.deepEqual(ending(runs.tachyon), ending(runs["ansible-runner"]));
  assert.deepEqual(ending(runs.tachyon), { status: "canceled", code: 254, last: { eof: true } });
  assert.deepEqual(statuses(runs.tachyon), ["starting", "running", "canceled"]);
});

Deno.test("job_timeout: timeout, 254, eof last, nothing left, as ansible-runner", async () => {
  const runs = await bothStopped((sleep) => sleepingJob(sleep, { job_timeout: 3 }));
  assert.deepEqual(ending(runs.tachyon), ending(runs["ansible-runner"]));
  assert.deepEqual(ending(runs.tachyon), { status: "timeout", code: 254, last: { eof: true } });
});

Deno.test("idle_timeout: timeout, 254, eof last, nothing left, as ansible-runner", async () => {
  const runs = await bothStopped((sleep) => sleepingJob(sleep, { idle_timeout: 3 }));
  assert.deepEqual(ending(runs.tachyon), ending(runs["ansible-runner"]));
  assert.deepEqual(ending(runs.tachyon), { status: "timeout", code: 254, last: { eof: true } });
});

Deno.test("the worker SIGKILLed while a task runs: the relay sees its stdin end and kills the job", async () => {
  const sleep = taggedSleep(60);
  try {
    await withTempDir("tachyon_core_sigkill_", async (root) => {
      const stream = await transmitJob(root, sleepingJob(sleep), ["-p", "sleep.yml", "-i", "8"]);
      await runWorker("tachyon", root, stream, {
        deadlineMs: 60_000,
        started: async (child) => {
          await eventually("the task runs", 30_000, () => processesWith(sleep).length > 0);
          child.kill("SIGKILL");
        },
      }).catch(() => {}); // no stream to process: the worker died
      await eventually(
        "nothing of the job is left",
        10_000,
        () => processesWith(sleep).length === 0,
      );
      assert.deepEqual(processesWith(root), []);
    });
  } finally {
    killProcessesWith(sleep);
  }
});
