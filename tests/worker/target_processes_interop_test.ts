/**
 * Nothing a job starts outlives it on its targets: background processes of a
 * task are killed at the end of the job over ssh (also when the worker is
 * SIGKILLed mid-job) and under the local connection. The real ansible-runner
 * worker runs the same ad hoc job over the same sshd for comparison.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ANSIBLE_RUNNER,
  parseStream,
  ROOT,
  run,
  runTachyon,
  tempDir,
  transmit,
} from "../_support/worker_process.ts";
import { startSshd, testUserProcesses } from "../_support/sshd.ts";
import { inventoryLines, writeSshPdd } from "../_support/ssh_job.ts";
import { withDeadline } from "../_support/deadline.ts";

type Message = Record<string, unknown>;
/** Found in the command line of tachyon's remote loop (and of the ssh running it). */
const LOOP_NEEDLE = "%s ready";

function tagged(seconds: number): string {
  return `sleep ${seconds}.${crypto.getRandomValues(new Uint32Array(1))[0]}`;
}

/** `pid cmdline` of this machine's processes (any user) whose command line contains every needle. */
function processesWith(...needles: string[]): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).replaceAll("\0", " ");
      if (needles.every((n) => cmdline.includes(n))) found.push(`${entry.name} ${cmdline.trim()}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

function killAllWith(needle: string): void {
  for (const line of processesWith(needle)) {
    try {
      Deno.kill(Number(line.split(" ")[0]), "SIGKILL");
    } catch {
      // gone
    }
  }
}

async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: still not true after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
  const [ours, reference] = [31, 32].map(tagged);
  try {
    const src = join(tmp.path, "src");
    await writeSshPdd(src, {
      inventory: `[web]\n${inventoryLines(sshd.hosts).join("\n")}\n`,
      sshKey: await Deno.readTextFile(sshd.keyFile),
      cmdline: `-u ${sshd.user}`,
    });
    for (const [needle, runner] of [[ours, "tachyon"], [reference, "ansible-runner"]] as const) {
      const stream = await transmit(src, [
        "-m",
        "shell",
        "-a",
        `${needle} & echo started`,
        "--hosts",
        "web",
        "-i",
        "71",
      ]);
      const pdd = join(tmp.path, `w-${runner}`);
      const start = performance.now();
      const out = await withDeadline(
        120_000,
        runner,
        () =>
          runner === "tachyon"
            ? runTachyon(["worker", `--private-data-dir=${pdd}`], { stdin: stream })
            : run(ANSIBLE_RUNNER, ["worker", `--private-data-dir=${pdd}`], { stdin: stream }),
      );
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
  const [background, later] = [33, 34].map(tagged);
  const port = `Port=${sshd.hosts[0].port}`;
  let worker: Deno.ChildProcess | undefined;
  try {
    const src = join(tmp.path, "src");
    await writeSshPdd(src, {
      inventory: `[web]\n${inventoryLines(sshd.hosts).join("\n")}\n`,
      sshKey: await Deno.readTextFile(sshd.keyFile),
      cmdline: `-u ${sshd.user}`,
    });
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
    const stream = await transmit(src, ["-p", "site.yml", "-i", "72"]);
    worker = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-P=dev",
        "--no-prompt",
        "--quiet",
        join(ROOT, "main.ts"),
        "worker",
        `--private-data-dir=${join(tmp.path, "w")}`,
      ],
      cwd: "/tmp",
      env: { NO_COLOR: "1", TACHYON_AUTOMATION: automation },
      stdin: "piped",
      stdout: "null",
      stderr: "null",
    }).spawn();
    const writer = worker.stdin.getWriter();
    await writer.write(stream);
    await writer.close();
    await eventually(
      "both sleeps run on the target",
      async () =>
        (await testUserProcesses(background)).length > 0 &&
        (await testUserProcesses(later)).length > 0,
      60_000,
    );
    worker.kill("SIGKILL");
    await worker.status;
    const start = performance.now();
    await eventually(
      "no process of the job remains",
      async () =>
        (await testUserProcesses(background)).length === 0 &&
        (await testUserProcesses(later)).length === 0 &&
        (await sshd.processes(LOOP_NEEDLE)).length === 0 &&
        processesWith("/usr/bin/ssh", port, LOOP_NEEDLE).length === 0,
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
  const needle = tagged(35);
  try {
    const src = join(tmp.path, "src");
    await Deno.mkdir(join(src, "inventory"), { recursive: true });
    await Deno.writeTextFile(
      join(src, "inventory", "hosts"),
      "localhost ansible_connection=local\n",
    );
    const stream = await transmit(src, [
      "-m",
      "shell",
      "-a",
      `${needle} & echo started`,
      "--hosts",
      "localhost",
      "-i",
      "73",
    ]);
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
    killAllWith(needle);
    await tmp.remove();
  }
});
