/**
 * Nothing a job starts outlives it on its targets: background processes of a
 * task are killed at the end of the job over ssh (also when the worker is
 * SIGKILLed mid-job) and under the local connection. The real ansible-runner
 * worker runs the same ad hoc job over the same sshd for comparison.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  parseStream,
  ROOT,
  runTachyon,
  runWorker,
  startTachyon,
  tempDir,
  transmit,
} from "../_support/worker_process.ts";
import { startSshd, testUserProcesses } from "../_support/sshd.ts";
import { writeSshdPdd } from "../_support/ssh_job.ts";
import { writeJobSource } from "./_inventory_jobs.ts";
import { eventually, withDeadline } from "../_support/deadline.ts";
import { killProcessesWith, processesWith, taggedSleep } from "../_support/processes.ts";

type Message = Record<string, unknown>;
/** Found in the command line of tachyon's remote loop (and of the ssh running it). */
const LOOP_NEEDLE = "%s ready";

/** The ad hoc job `NEEDLE & echo started` (shell) on `hosts`, transmitted from `src`. */
function backgroundSleepJob(
  src: string,
  needle: string,
  hosts: string,
  ident: string,
): Promise<Uint8Array> {
  return transmit(src, [
    "-m",
    "shell",
    "-a",
    `${needle} & echo started`,
    "--hosts",
    hosts,
    "-i",
    ident,
  ]);
}

function okResult(stdout: Uint8Array): Message {
  const messages = parseStream(stdout);
  const ok = messages.find((m) => m.event === "runner_on_ok");
  assert.ok(ok, new TextDecoder().decode(stdout).slice(-1500));
  return (ok.event_data as Message).res as Message;
}

Deno.test("ssh ad hoc `sleep & echo started`: the job succeeds and leaves no process on the target (the reference too)", async () => {
  const sshd = await withDeadline(30_000, "startSshd", () => startSshd({ hosts: 1 }));
  const tmp = await tempDir();
  const [ours, reference] = [31, 32].map(taggedSleep);
  try {
    const src = join(tmp.path, "src");
    await writeSshdPdd(src, sshd);
    for (const [needle, runner] of [[ours, "tachyon"], [reference, "ansible-runner"]] as const) {
      const stream = await backgroundSleepJob(src, needle, "web", "71");
      const pdd = join(tmp.path, `w-${runner}`);
      const start = performance.now();
      const out = await withDeadline(120_000, runner, () => runWorker(runner, pdd, stream));
      const seconds = (performance.now() - start) / 1000;
      assert.equal(out.code, 0, `${runner}: ${new TextDecoder().decode(out.stdout).slice(-1500)}`);
      const res = okResult(out.stdout);
      assert.equal(res.stdout, "started");
      assert.equal(res.rc, 0);
      const left = await testUserProcesses(needle);
      console.log(
        `${runner}: rc ${out.code} in ${seconds.toFixed(1)} s, left on the target: ${left.length}`,
      );
      assert.deepEqual(left, [], `${runner} leaves no process behind`);
    }
    assert.deepEqual(await sshd.processes(LOOP_NEEDLE), [], "no loop is left either");
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
});

Deno.test("worker SIGKILLed mid-job: within seconds no process of the job remains on the target", async () => {
  const sshd = await withDeadline(30_000, "startSshd", () => startSshd({ hosts: 1 }));
  const tmp = await tempDir();
  const [background, later] = [33, 34].map(taggedSleep);
  const port = `Port=${sshd.hosts[0].port}`;
  let worker: Deno.ChildProcess | undefined;
  try {
    const src = join(tmp.path, "src");
    await writeSshdPdd(src, sshd);
    // Two tasks: the first leaves a process behind, the second is running
    // when the worker dies. Only the uncompiled entrypoint loads an
    // automation from disk, so this worker runs with the dev permissions.
    const automation = join(tmp.path, "two_tasks.ts");
    await Deno.writeTextFile(
      automation,
      `import { defineAutomation } from ${JSON.stringify(join(ROOT, "mod.ts"))};
export default defineAutomation({
  name: "two tasks",
  async run(ctx) {
    await ctx.play("p", "web", async (play) => {
      await play.shell(${JSON.stringify(`${background} & echo started`)});
      await play.shell(${JSON.stringify(later)});
    });
  },
});
`,
    );
    const stream = await transmit(src, ["-p", "main.yml", "-i", "72"]);
    worker = await startTachyon(["worker", `--private-data-dir=${join(tmp.path, "w")}`], stream, {
      automation,
    });
    // Read what it writes (so it never blocks on a full pipe) until it is killed.
    const output = worker.output();
    await eventually(
      "both sleeps run on the target",
      60_000,
      async () =>
        (await testUserProcesses(background)).length > 0 &&
        (await testUserProcesses(later)).length > 0,
      50,
    );
    worker.kill("SIGKILL");
    await output;
    const start = performance.now();
    await eventually(
      "no process of the job remains",
      15_000,
      async () =>
        (await testUserProcesses(background)).length === 0 &&
        (await testUserProcesses(later)).length === 0 &&
        (await sshd.processes(LOOP_NEEDLE)).length === 0 &&
        processesWith("/usr/bin/ssh", port, LOOP_NEEDLE).length === 0,
      50,
    );
    console.log(`target clean ${(performance.now() - start).toFixed(0)} ms after the SIGKILL`);
  } finally {
    try {
      worker?.kill("SIGKILL");
    } catch {
      // exited
    }
    await worker?.status;
    await tmp.remove();
    await sshd.stop();
  }
});

Deno.test("local ad hoc `sleep & echo started`: the job succeeds at once and leaves no process", async () => {
  const tmp = await tempDir();
  const needle = taggedSleep(35);
  try {
    const src = join(tmp.path, "src");
    await writeJobSource(src, { "inventory/hosts": "localhost ansible_connection=local\n" });
    const stream = await backgroundSleepJob(src, needle, "localhost", "73");
    const start = performance.now();
    const out = await withDeadline(
      60_000,
      "local job",
      () => runTachyon(["worker", `--private-data-dir=${join(tmp.path, "w")}`], { stdin: stream }),
    );
    const seconds = (performance.now() - start) / 1000;
    assert.equal(out.code, 0, new TextDecoder().decode(out.stdout).slice(-1500));
    assert.equal(okResult(out.stdout).stdout, "started");
    assert.ok(seconds < 25, `the job took ${seconds.toFixed(1)} s`);
    assert.deepEqual(processesWith(needle), [], "the background sleep is gone after the job");
  } finally {
    killProcessesWith(needle);
    await tmp.remove();
  }
});
