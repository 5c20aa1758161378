/**
 * What a command leaves running on an ssh host lives until the channel ends
 * (close, stdin EOF when the tachyon side dies, HUP), then the loop kills
 * every process of the sessions it created; only a process that leaves the
 * session on purpose (setsid) outlives it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ProcessRegistry } from "../../../src/engine/process_registry.ts";
import { sshKeygen, testUserProcesses } from "../../_support/sshd.ts";
import { eventually } from "../../_support/deadline.ts";
import { taggedSleep } from "../../_support/processes.ts";
import { openSshHost, withSshHost } from "./_ssh_host.ts";

async function running(needle: string): Promise<boolean> {
  return (await testUserProcesses(needle)).length > 0;
}

async function killLeftovers(needles: string[]): Promise<void> {
  for (const needle of needles) {
    for (const line of await testUserProcesses(needle)) {
      try {
        Deno.kill(Number(line.split(" ")[0]), "SIGKILL");
      } catch {
        // gone
      }
    }
  }
}

Deno.test("background processes run until close(); then all are killed, except a daemon that left the session", async () => {
  await withSshHost(async (sshd, registry) => {
    const [quiet, holding, timeout, nohup, daemon] = [67, 68, 69, 70, 71].map(taggedSleep);
    try {
      const ssh = await openSshHost(sshd, registry);
      try {
        assert.deepEqual(await ssh.exec(`${quiet} >/dev/null 2>&1 &`), {
          rc: 0,
          stdout: "",
          stderr: "",
        });
        const start = performance.now();
        assert.equal((await ssh.exec(`${holding} & echo started`)).stdout, "started\n");
        assert.ok(performance.now() - start < 10_000, "the command does not wait for its child");
        // A process group of its own (timeout calls setpgid) in the command's session.
        await ssh.exec(`timeout 300 ${timeout} >/dev/null 2>&1 &`);
        await ssh.exec(`nohup ${nohup} >/dev/null 2>&1 &`);
        await ssh.exec(`setsid ${daemon} >/dev/null 2>&1 < /dev/null &`);
        for (let i = 0; i < 70; i++) await ssh.exec("true"); // past a batch cleanup
        for (const needle of [quiet, holding, timeout, nohup, daemon]) {
          assert.ok(await running(needle), `${needle} runs while the channel is open`);
        }
        // A later command sees what an earlier one started.
        const seen = await ssh.exec(`ps -o args= -u "$(id -u)" | grep -c '^${quiet}$'`);
        assert.equal(seen.stdout, "1\n");
      } finally {
        await ssh.close();
      }
      for (const needle of [quiet, holding, timeout, nohup]) {
        assert.deepEqual(await testUserProcesses(needle), [], `${needle} is gone after close()`);
      }
      assert.ok(await running(daemon), "a process that called setsid outlives the channel");
    } finally {
      await killLeftovers([daemon]);
    }
  });
});

Deno.test("the loop kills what was left when its input ends (tachyon died) or on HUP", async () => {
  await withSshHost(async (sshd, registry) => {
    // ssh killed on this side, as when the worker is SIGKILLed: the loop sees EOF.
    const own = new ProcessRegistry();
    const dying = await openSshHost(sshd, own);
    const [left, runningNow] = [72, 73].map(taggedSleep);
    await dying.exec(`${left} >/dev/null 2>&1 &`);
    const pending = dying.exec(runningNow).catch((e) => e);
    await eventually(
      "both sleeps run",
      10_000,
      async () => await running(left) && await running(runningNow),
      50,
    );
    own.killAll();
    await pending;
    await eventually(
      "nothing left after EOF",
      10_000,
      async () => !(await running(left)) && !(await running(runningNow)),
      50,
    );
    await dying.close();

    // HUP to the loop itself.
    const hung = await openSshHost(sshd, registry);
    const afterHup = taggedSleep(74);
    await hung.exec(`${afterHup} >/dev/null 2>&1 &`);
    const loop = Number((await hung.exec("ps -o ppid= -p $PPID")).stdout.trim());
    assert.ok(loop > 1);
    Deno.kill(loop, "SIGHUP");
    await eventually("nothing left after HUP", 10_000, async () => !(await running(afterHup)), 50);
    await hung.close();
  });
});

Deno.test("an abort kills the command's whole session, also a process group it made", async () => {
  await withSshHost(async (sshd, registry) => {
    const ssh = await openSshHost(sshd, registry);
    const needle = taggedSleep(75);
    try {
      const controller = new AbortController();
      const pending = ssh.exec(`timeout 300 ${needle}`, { signal: controller.signal });
      await eventually("the sleep runs", 10_000, () => running(needle), 50);
      controller.abort(new Error("stop"));
      await assert.rejects(pending, /stop/);
      await eventually("the sleep is gone", 10_000, async () => !(await running(needle)), 50);
      assert.equal((await ssh.exec("echo alive")).stdout, "alive\n");
    } finally {
      await ssh.close();
    }
  });
});

Deno.test("a host without setsid: what a command left is killed at the end too", async () => {
  await withSshHost(async (sshd, registry) => {
    const bin = join(sshd.dir, "bin");
    await Deno.mkdir(bin);
    for (const tool of ["cat", "wc", "rm", "mkdir", "mktemp", "ps", "sleep", "head", "dd"]) {
      await Deno.symlink(`/usr/bin/${tool}`, join(bin, tool));
    }
    const key = join(sshd.dir, "nosetsid_ed25519");
    await sshKeygen(key);
    const pub = (await Deno.readTextFile(`${key}.pub`)).trim();
    await Deno.writeTextFile(
      join(sshd.dir, "authorized_keys"),
      `command="PATH=${bin}; export PATH; eval \\"$SSH_ORIGINAL_COMMAND\\"" ${pub}\n`,
      { append: true },
    );
    const ssh = await openSshHost(sshd, registry, { privateKeyFile: key });
    const [left, holding] = [76, 77].map(taggedSleep);
    try {
      assert.equal((await ssh.exec("command -v setsid || echo none")).stdout, "none\n");
      await ssh.exec(`${left} >/dev/null 2>&1 &`);
      assert.equal((await ssh.exec(`${holding} & echo started`)).stdout, "started\n");
      assert.ok(await running(left));
      assert.ok(await running(holding));
    } finally {
      await ssh.close();
    }
    await eventually(
      "nothing left after close()",
      10_000,
      async () => !(await running(left)) && !(await running(holding)),
      50,
    );
  });
});
