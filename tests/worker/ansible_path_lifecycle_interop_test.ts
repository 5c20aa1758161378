/**
 * The Ansible path's lifecycle and policy (issue 10). Cancel: SIGTERM or
 * SIGINT to tachyon while the child's task runs ends the job as the reference
 * ends it (`canceled`, the artifacts, eof last, exit 254), and `job_timeout`
 * in `env/settings` too (`timeout`, 254); afterwards no process of the job's
 * task is left. Policy: with `TACHYON_PLAYBOOK_MODE=default-automation` (the
 * seed's fixed script) a playbook that names no automation runs the default
 * automation, and the first event says so.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pollUntil } from "../_support/deadline.ts";
import { killProcessesWith, processesWith, taggedSleep } from "../_support/processes.ts";
import { tempDir, transmit, type WorkerName } from "../_support/worker_process.ts";
import {
  finishWorker,
  jobEvents,
  type Message,
  processJob,
  runWorkerWithin,
  splitPlannerEvent,
  startWorker,
  statuses,
  writeProjectSource,
} from "../_support/ansible_path.ts";

/** A local job that sleeps: the reference notices a signal or a timeout within ~5 s. */
const JOB_DEADLINE_MS = 90_000;
/** How long the sleep may take to start on a loaded machine. */
const START_DEADLINE_MS = 60_000;
/** How long a killed task's processes may take to disappear. */
const GONE_WITHIN_MS = 5_000;
const LOCAL_INVENTORY =
  "localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n";

/** The stream of `long_sleep.yml` whose task runs `sleep <marker>`, with optional `env/settings`. */
async function sleepStream(
  dir: string,
  marker: string,
  settings?: Record<string, unknown>,
): Promise<Uint8Array> {
  const src = await writeProjectSource(dir, "long_sleep", LOCAL_INVENTORY);
  await Deno.mkdir(join(src, "env"));
  await Deno.writeTextFile(join(src, "env", "extravars"), JSON.stringify({ sleep_arg: marker }));
  if (settings) await Deno.writeTextFile(join(src, "env", "settings"), JSON.stringify(settings));
  return await transmit(src, ["-p", "long_sleep.yml", "-i", "sleepy"]);
}

/** A worker's end of an aborted job. */
interface AbortedJob {
  name: WorkerName;
  code: number;
  messages: Message[];
  status: string;
  rc: string;
  /** Processes of the task still alive a few seconds after the worker exited. */
  leftovers: string[];
  text: string;
}

/**
 * Runs the sleeping job through `name`; with `signal`, sends it to the worker
 * once the task's `sleep` runs. Returns how the job ended and what it left.
 */
async function abortedJob(
  name: WorkerName,
  dir: string,
  settings: Record<string, unknown> | undefined,
  signal: Deno.Signal | undefined,
): Promise<AbortedJob> {
  const seconds = taggedSleep(60).slice("sleep ".length);
  const marker = `sleep ${seconds}`;
  let child: Deno.ChildProcess | undefined;
  let exited = false;
  try {
    const stream = await sleepStream(dir, seconds, settings);
    const started = performance.now();
    child = await startWorker(name, join(dir, "w"), stream);
    child.status.then(() => exited = true);
    const sleeping = () => processesWith(marker).length > 0;
    const running = await pollUntil(() => exited || sleeping(), START_DEADLINE_MS, 50) &&
      !exited;
    if (signal) {
      assert.ok(running, `${name}: the task's sleep did not start`);
      child.kill(signal);
    }
    const run = await finishWorker(name, child, started, JOB_DEADLINE_MS);
    await pollUntil(() => processesWith(marker).length === 0, GONE_WITHIN_MS, 100);
    const leftovers = processesWith(marker);
    const processed = await processJob(run.stdout, join(dir, "p"), "sleepy");
    const text = new TextDecoder().decode(run.stdout);
    if (name === "tachyon") assert.equal(run.stderr, "", `tachyon wrote on stderr: ${run.stderr}`);
    const decision = /ansible[^]*long_sleep\.yml|long_sleep\.yml[^]*ansible/i;
    return {
      name,
      code: run.code,
      messages: name === "tachyon"
        ? splitPlannerEvent(run.messages, decision).messages
        : run.messages,
      status: processed.status,
      rc: processed.rc,
      leftovers,
      text,
    };
  } finally {
    if (child && !exited) {
      try {
        child.kill("SIGKILL");
      } catch {
        // it exited meanwhile
      }
      await child.status;
    }
    killProcessesWith(marker);
  }
}

/** Runs the sleeping job through tachyon and the reference at once. */
async function bothAborted(
  settings: Record<string, unknown> | undefined,
  signal: Deno.Signal | undefined,
): Promise<Record<WorkerName, AbortedJob>> {
  const tmp = await tempDir();
  try {
    const [ours, reference] = await Promise.all([
      abortedJob("tachyon", join(tmp.path, "ours"), settings, signal),
      abortedJob("ansible-runner", join(tmp.path, "ref"), settings, signal),
    ]);
    return { tachyon: ours, "ansible-runner": reference };
  } finally {
    await tmp.remove();
  }
}

/** Both jobs ended with `status` and exit 254, artifacts then eof last, nothing left. */
function assertAborted(jobs: Record<WorkerName, AbortedJob>, status: string): void {
  const reference = jobs["ansible-runner"];
  for (const job of [reference, jobs.tachyon]) {
    assert.deepEqual(statuses(job.messages), ["starting", "running", status], job.text);
    assert.equal(job.code, 254, `${job.name}: exit code`);
    assert.equal(job.status, status, `${job.name}: artifacts status`);
    assert.equal(job.rc, "254", `${job.name}: artifacts rc`);
    const zip = job.messages.findIndex((m) => "zipfile" in m);
    assert.ok(zip > job.messages.findIndex((m) => m.status === status), "artifacts after status");
    assert.deepEqual(job.messages.at(-1), { eof: true }, `${job.name}: eof last`);
    assert.deepEqual(job.leftovers, [], `${job.name}: the task's processes are gone`);
  }
  const ours = jobs.tachyon;
  const startedTask = (job: AbortedJob) =>
    jobEvents(job.messages).some((e) =>
      e.event === "runner_on_start" && (e.event_data as Message).task === "Sleep for a minute"
    );
  if (status === "canceled") {
    assert.ok(startedTask(reference) && startedTask(ours), "the task had started in both");
  }
}

Deno.test("Ansible path: cancel and job_timeout end the job as the reference ends it", async (t) => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    await t.step(`${signal} while the task runs: canceled, eof, 254, nothing left`, async () => {
      assertAborted(await bothAborted(undefined, signal), "canceled");
    });
  }
  await t.step("job_timeout 3: timeout, eof, 254, nothing left", async () => {
    assertAborted(await bothAborted({ job_timeout: 3 }, undefined), "timeout");
  });
});

Deno.test("Ansible path: the fixed-script policy runs the default automation and says so first", async () => {
  const tmp = await tempDir();
  try {
    const src = await writeProjectSource(tmp.path, "hello_debug", LOCAL_INVENTORY);
    const stream = await transmit(src, ["-p", "hello_debug.yml", "-i", "fixed"]);
    const run = await runWorkerWithin("tachyon", join(tmp.path, "w"), stream, JOB_DEADLINE_MS, {
      env: { TACHYON_PLAYBOOK_MODE: "default-automation" },
    });
    const text = new TextDecoder().decode(run.stdout);
    assert.equal(run.stderr, "", `tachyon wrote on stderr: ${run.stderr}`);
    assert.equal(run.code, 0, text);
    assert.deepEqual(statuses(run.messages), ["starting", "running", "successful"], text);
    const events = jobEvents(run.messages);
    assert.equal(events[0].event, "verbose", text);
    assert.equal(events[0].counter, 1);
    assert.match(String(events[0].stdout), /default automation/);
    assert.match(String(events[0].stdout), /hello_debug\.yml/, "it names the playbook it replaces");

    // The events are the main automation's, none of the playbook's.
    const play = events.find((e) => e.event === "playbook_on_play_start");
    assert.equal((play?.event_data as Message).play, "tachyon: reachability and host summary");
    const tasks = events.filter((e) => e.event === "playbook_on_task_start")
      .map((e) => (e.event_data as Message).task);
    assert.deepEqual(tasks, ["Gathering Facts", "Summary"]);
    const stats = events.at(-1)!;
    assert.equal(stats.event, "playbook_on_stats");
    const artifactData = (stats.event_data as Message).artifact_data as Message;
    assert.deepEqual(artifactData.tachyon_reachable, ["localhost"]);
    assert.ok(!text.includes("hello from localhost"), "the playbook itself did not run");

    const processed = await processJob(run.stdout, join(tmp.path, "p"), "fixed");
    assert.equal(processed.status, "successful");
    assert.equal(processed.eventFiles, events.length);
  } finally {
    await tmp.remove();
  }
});
