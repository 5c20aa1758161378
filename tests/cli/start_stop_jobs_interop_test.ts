/**
 * `start`, `is-alive` and `stop` with real background jobs on the `local`
 * connection, started by the real entrypoint (`deno run -P main.ts start`,
 * so the daemon is this program run again): `start` → `is-alive` 0 → the
 * job ends → `is-alive` 1; `start` → `stop` leaves no process behind and
 * records `canceled`; a second `start` is refused; stale, foreign and
 * garbage pid files. Their command lines are in `start_stop_test.ts`; the
 * same jobs next to the reference's in `start_stop_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { eventually, pollUntil, withDeadline } from "../_support/deadline.ts";
import { exists } from "../_support/files.ts";
import { sleepMarker } from "../_support/sleep_processes.ts";
import { runTachyon, tempDir } from "../_support/worker_process.ts";
import { shAlive, shProcessesWith, shStat } from "./_start_stop.ts";

/** How long one command may take on two noisy cores. */
const COMMAND_MS = 60_000;

const decoder = new TextDecoder();

/** Runs `main.ts ARGS` as the binary does; text out, with a deadline. */
async function tachyon(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await withDeadline(COMMAND_MS, args.join(" "), () => runTachyon(args));
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: out.stderr };
}

/** A private data dir whose inventory is `localhost` on the local connection. */
async function localPdd(): Promise<{ path: string; remove(): Promise<void> }> {
  const tmp = await tempDir("tachyon_start_");
  await Deno.mkdir(join(tmp.path, "inventory"));
  await Deno.writeTextFile(
    join(tmp.path, "inventory", "hosts"),
    "localhost ansible_connection=local\n",
  );
  return tmp;
}

/** The pid in `<pdd>/pid`, or undefined. */
async function pidIn(pdd: string): Promise<number | undefined> {
  try {
    return Number((await Deno.readTextFile(join(pdd, "pid"))).trim());
  } catch {
    return undefined;
  }
}

/** SIGKILLs what a failing test left: the daemon's process group and the marked sleeps. */
async function cleanUp(pid: number | undefined, marker: string): Promise<void> {
  const targets = await shProcessesWith(marker);
  if (pid !== undefined && await shAlive(pid)) targets.push(-pid);
  for (const target of targets) {
    try {
      Deno.kill(target, "SIGKILL");
    } catch {
      // gone
    }
  }
}

Deno.test("start → is-alive 0 → the job ends → is-alive 1, the pid file gone", async () => {
  const tmp = await localPdd();
  const marker = sleepMarker("2");
  let pid: number | undefined;
  try {
    const start = await tachyon(
      [
        "start",
        tmp.path,
        "-m",
        "command",
        "-a",
        `sleep ${marker}`,
        "--hosts",
        "localhost",
        "-i",
        "bg",
      ],
    );
    assert.deepEqual(start, { code: 0, stdout: "", stderr: "" });
    // The pid file is there when start returns, 0644, "<pid>\n", as python-daemon writes it.
    const text = await Deno.readTextFile(join(tmp.path, "pid"));
    assert.match(text, /^\d+\n$/);
    pid = Number(text);
    assert.equal((await Deno.stat(join(tmp.path, "pid"))).mode! & 0o777, 0o644);
    assert.equal((await Deno.stat(join(tmp.path, "daemon.log"))).mode! & 0o777, 0o600);
    assert.equal((await tachyon(["is-alive", tmp.path])).code, 0);
    // The daemon leads a session of its own: no terminal, start's group cannot touch it.
    const stat = await shStat(pid);
    assert.deepEqual([stat?.pgid, stat?.sid], [pid, pid]);

    await eventually(
      "the job ends",
      COMMAND_MS,
      async () => !(await exists(join(tmp.path, "pid"))),
      100,
    );
    assert.equal((await tachyon(["is-alive", tmp.path])).code, 1);
    const artifacts = join(tmp.path, "artifacts", "bg");
    assert.equal(await Deno.readTextFile(join(artifacts, "status")), "successful");
    assert.equal(await Deno.readTextFile(join(artifacts, "rc")), "0");
    const log = await Deno.readTextFile(join(tmp.path, "daemon.log"));
    assert.match(log, /tachyon: the ad hoc command job runs natively/);
    assert.match(log, /localhost \| CHANGED \| rc=0 >>/);
    assert.ok(await pollUntil(async () => !(await shAlive(pid!)), 10_000), "the daemon exits");
    assert.deepEqual(await shProcessesWith(marker), []);
  } finally {
    await cleanUp(pid, marker);
    await tmp.remove();
  }
});

Deno.test("start → stop: canceled, rc 254, the pid file gone, no process left behind", async () => {
  const tmp = await localPdd();
  const marker = sleepMarker();
  let pid: number | undefined;
  try {
    // The task leaves a second sleep in the background, in its own process group.
    const start = await tachyon([
      "start",
      tmp.path,
      "-m",
      "shell",
      "-a",
      `sleep ${marker} & sleep ${marker}`,
      "--hosts",
      "localhost",
      "-i",
      "bg",
    ]);
    assert.equal(start.code, 0, start.stderr);
    pid = await pidIn(tmp.path);
    await eventually(
      "both sleeps run",
      COMMAND_MS,
      async () => (await shProcessesWith(marker)).length === 2,
      100,
    );

    const again = await tachyon(["start", tmp.path, "-m", "ping", "--hosts", "localhost"]);
    assert.equal(again.code, 1);
    assert.equal(
      again.stderr,
      `ansible-runner start: a job of ${tmp.path} is running already (pid ${pid}): ` +
        `\`ansible-runner stop ${tmp.path}\` stops it.`,
    );
    assert.equal(await pidIn(tmp.path), pid, "the running job's pid file is kept");

    const began = performance.now();
    const stop = await tachyon(["stop", tmp.path]);
    assert.deepEqual(stop, { code: 0, stdout: "", stderr: "" });
    assert.ok(performance.now() - began < 8_000, "stopped without waiting for the grace period");
    assert.equal(await exists(join(tmp.path, "pid")), false);
    assert.deepEqual(await shProcessesWith(marker), [], "every process of the job is gone");
    assert.ok(await pollUntil(async () => !(await shAlive(pid!)), 5_000), "the daemon is gone");
    const artifacts = join(tmp.path, "artifacts", "bg");
    assert.equal(await Deno.readTextFile(join(artifacts, "status")), "canceled");
    assert.equal(await Deno.readTextFile(join(artifacts, "rc")), "254");
    assert.equal((await tachyon(["is-alive", tmp.path])).code, 1);
    assert.equal((await tachyon(["stop", tmp.path])).code, 1, "nothing left to stop");
  } finally {
    await cleanUp(pid, marker);
    await tmp.remove();
  }
});

Deno.test("stale, foreign and garbage pid files: nothing signalled, the stale file replaced", async () => {
  const tmp = await localPdd();
  const other = new Deno.Command("sleep", { args: ["60"], stdout: "null", stderr: "null" }).spawn();
  try {
    const pidFile = join(tmp.path, "pid");
    // A process that is not a job of this dir (the reference's is-alive says 0, its stop kills it).
    await Deno.writeTextFile(pidFile, `${other.pid}\n`);
    assert.equal((await tachyon(["is-alive", tmp.path])).code, 1);
    assert.deepEqual(await tachyon(["stop", tmp.path]), { code: 0, stdout: "", stderr: "" });
    assert.equal(await shAlive(other.pid), true, "the foreign process lives on");
    assert.equal(await exists(pidFile), false, "the stale pid file is removed");

    await Deno.writeTextFile(pidFile, "garbage\n");
    for (const command of ["is-alive", "stop"]) {
      const out = await tachyon([command, tmp.path]);
      assert.equal(out.code, 1);
      assert.equal(
        out.stderr,
        `ansible-runner ${command}: ${pidFile} does not hold a process id: "garbage"`,
      );
    }

    // A stale pid file does not block start (the reference's daemon gives up silently).
    await Deno.writeTextFile(pidFile, `${other.pid}\n`);
    const start = await tachyon([
      "start",
      tmp.path,
      "-m",
      "ping",
      "--hosts",
      "localhost",
      "-i",
      "p",
    ]);
    assert.equal(start.code, 0, start.stderr);
    assert.notEqual(await pidIn(tmp.path), other.pid);
    await eventually("the job ends", COMMAND_MS, async () => !(await exists(pidFile)), 100);
    assert.equal(
      await Deno.readTextFile(join(tmp.path, "artifacts", "p", "status")),
      "successful",
    );
  } finally {
    other.kill("SIGKILL");
    await other.status;
    await tmp.remove();
  }
});
