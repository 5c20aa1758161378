/**
 * The job's ssh_key is never at rest on disk: it reaches ssh through a
 * job-scoped ssh-agent, appears in no process's argv or environment, and
 * neither a normal end nor a SIGKILLed worker leaves a key file or an agent
 * behind. The transmitted `env/ssh_key` input stays, as in ansible-runner.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { parseStream, startTachyon, tempDir, transmit } from "../_support/worker_process.ts";
import { keySecretLines, type SshdFixture, sshKeygen, startSshd } from "../_support/sshd.ts";
import { inventoryLines, writeSshdPdd, writeSshPdd } from "../_support/ssh_job.ts";
import { eventually, withDeadline } from "../_support/deadline.ts";
import { exists, filesHolding } from "../_support/files.ts";
import { processesHolding, processesWith } from "../_support/processes.ts";

type Message = Record<string, unknown>;
const decoder = new TextDecoder();

interface ProcessInfo {
  ppid: number;
  cmdline: string;
}

function processTable(): Map<number, ProcessInfo> {
  const table = new Map<number, ProcessInfo>();
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z") continue;
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`);
      table.set(Number(entry.name), { ppid: Number(fields[1]), cmdline });
    } catch {
      // exited meanwhile
    }
  }
  return table;
}

/** The ssh-agent processes descending from `ancestor`, with their socket paths. */
function agentsUnder(ancestor: number): { pid: number; socket: string }[] {
  const table = processTable();
  const agents: { pid: number; socket: string }[] = [];
  for (const [pid, { cmdline }] of table) {
    const argv = cmdline.split("\0");
    if (argv[0] !== "/usr/bin/ssh-agent") continue;
    let parent = table.get(pid)?.ppid;
    for (let hops = 0; parent !== undefined && hops < 16; hops++) {
      if (parent === ancestor) {
        agents.push({ pid, socket: argv[argv.indexOf("-a") + 1] });
        break;
      }
      parent = table.get(parent)?.ppid;
    }
  }
  return agents;
}

interface RunningJob {
  child: Deno.ChildProcess;
  output: Promise<Deno.CommandOutput>;
  marker: string;
}

/** Transmits an ad hoc `sleep` over ssh and starts the worker; resolves once the sleep runs. */
async function startSleepJob(
  sshd: SshdFixture,
  src: string,
  pdd: string,
  key: string,
  seconds: number,
): Promise<RunningJob> {
  await writeSshdPdd(src, sshd, { sshKey: key });
  const marker = `${seconds}.${Math.floor(Math.random() * 1e6)}`;
  const stream = await transmit(src, ["-m", "shell", "-a", `sleep ${marker}`, "--hosts", "web"]);
  const child = await startTachyon(["worker", `--private-data-dir=${pdd}`], stream);
  const output = child.output();
  await eventually("the job's sleep starts on the host", 30_000, async () => {
    return (await sshd.processes(`sleep ${marker}`)).length > 0;
  });
  return { child, output, marker };
}

Deno.test("ssh_key: during the job the key is in no argv, environment or file but env/ssh_key; a normal end leaves no agent and no agent dir", async () => {
  const sshd = await startSshd({ hosts: 1 });
  const tmp = await tempDir();
  try {
    const key = await Deno.readTextFile(sshd.keyFile);
    const needles = keySecretLines(key);
    const pdd = join(tmp.path, "w");
    const job = await startSleepJob(sshd, join(tmp.path, "src"), pdd, key, 3);

    assert.deepEqual(processesHolding(needles), [], "no argv or environment holds the key");
    assert.deepEqual(
      await filesHolding(pdd, needles),
      [join(pdd, "env", "ssh_key")],
      "the transmitted env/ssh_key is the only file in the pdd with the key",
    );
    const agents = agentsUnder(job.child.pid);
    assert.equal(agents.length, 1, "one ssh-agent for the job");
    const [agent] = agents;
    assert.match(agent.socket, /\/\.tachyon-agent-[0-9a-f]{8}\/agent$/);
    assert.equal(dirname(dirname(agent.socket)), pdd);
    assert.equal((await Deno.stat(dirname(agent.socket))).mode! & 0o777, 0o700);

    const out = await withDeadline(60_000, "the worker", () => job.output);
    assert.equal(out.code, 0, decoder.decode(out.stdout).slice(-1500));
    const messages = parseStream(out.stdout);
    assert.equal(messages.filter((m) => m.event === "runner_on_ok").length, 1);
    assert.ok(!decoder.decode(out.stdout).includes(needles[0]), "the key is not in the stream");

    await eventually("the agent exits", 2_000, () => processesWith(agent.socket).length === 0);
    assert.equal(await exists(dirname(agent.socket)), false, "the agent dir is removed");
    const hidden = [...Deno.readDirSync(pdd)].filter((e) => e.name.startsWith(".tachyon-"));
    assert.deepEqual(hidden, []);
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
});

Deno.test("ssh_key: a worker killed by SIGKILL mid-job leaves no key file (pdd, temp dir) and no agent", async () => {
  const sshd = await startSshd({ hosts: 1 });
  const tmp = await tempDir();
  try {
    const key = await Deno.readTextFile(sshd.keyFile);
    const needles = keySecretLines(key);
    const src = join(tmp.path, "src");
    const pdd = join(tmp.path, "w");
    const job = await startSleepJob(sshd, src, pdd, key, 6);
    const agents = agentsUnder(job.child.pid);

    job.child.kill("SIGKILL");
    const out = await withDeadline(10_000, "the killed worker", () => job.output);
    assert.equal(out.signal, "SIGKILL");
    await eventually(
      "every ssh-agent of the job exits",
      3_000,
      () => agents.every((a) => processesWith(a.socket).length === 0),
    );
    for (const agent of agents) {
      await eventually(
        "the agent dir is removed",
        2_000,
        async () => !(await exists(dirname(agent.socket))),
      );
    }
    // The test's own copies (the fixture's key file, the transmitted source) are not the worker's.
    const skip = [sshd.dir, src];
    assert.deepEqual(await filesHolding(pdd, needles), [join(pdd, "env", "ssh_key")]);
    assert.deepEqual(
      (await filesHolding("/tmp", needles, skip)).filter((p) => p !== join(pdd, "env", "ssh_key")),
      [],
      "no file in the temp dir holds the key",
    );
    assert.equal(agents.length, 1, "the job had its agent when it was killed");
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
});

Deno.test("ssh_key: a canceled job (SIGTERM) stops its agent and removes the agent dir", async () => {
  const sshd = await startSshd({ hosts: 1 });
  const tmp = await tempDir();
  try {
    const key = await Deno.readTextFile(sshd.keyFile);
    const pdd = join(tmp.path, "w");
    const job = await startSleepJob(sshd, join(tmp.path, "src"), pdd, key, 6);
    const agents = agentsUnder(job.child.pid);
    assert.equal(agents.length, 1);
    job.child.kill("SIGTERM");
    const out = await withDeadline(30_000, "the canceled worker", () => job.output);
    assert.equal(out.code, 254);
    assert.ok(parseStream(out.stdout).some((m) => m.status === "canceled"));
    assert.deepEqual(processesWith(agents[0].socket), [], "the agent is gone");
    assert.equal(await exists(dirname(agents[0].socket)), false, "the agent dir is removed");
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
});

Deno.test("ssh_key: a private data dir too long for a socket path puts the agent in the temp dir", async () => {
  const sshd = await startSshd({ hosts: 1 });
  const tmp = await tempDir();
  try {
    const key = await Deno.readTextFile(sshd.keyFile);
    const pdd = join(tmp.path, "p".repeat(100 - tmp.path.length));
    const job = await startSleepJob(sshd, join(tmp.path, "src"), pdd, key, 2);
    const agents = agentsUnder(job.child.pid);
    assert.equal(agents.length, 1);
    assert.equal(dirname(dirname(agents[0].socket)), "/tmp");
    const out = await withDeadline(60_000, "the worker", () => job.output);
    assert.equal(out.code, 0, decoder.decode(out.stdout).slice(-1500));
    await eventually("the agent exits", 2_000, () => processesWith(agents[0].socket).length === 0);
    assert.equal(await exists(dirname(agents[0].socket)), false);
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
});

Deno.test("ssh_key: an explicit key file takes precedence over the job's agent; --private-key works alone", async () => {
  const sshd = await startSshd({ hosts: 2 });
  const tmp = await tempDir();
  try {
    const key = await Deno.readTextFile(sshd.keyFile);
    const wrongKey = join(tmp.path, "wrong_ed25519");
    await sshKeygen(wrongKey);
    const [good, explicit] = inventoryLines(sshd.hosts);
    const run = async (name: string, sshKey: string, cmdline: string) => {
      const src = join(tmp.path, `src-${name}`);
      await writeSshPdd(src, {
        inventory: `[web]\n${good}\n${explicit} ansible_ssh_private_key_file=${wrongKey}\n`,
        sshKey,
        cmdline,
      });
      const stream = await transmit(src, ["-m", "command", "-a", "id -un", "--hosts", "web"]);
      const child = await startTachyon(
        ["worker", `--private-data-dir=${join(tmp.path, name)}`],
        stream,
        { env: { SSH_AUTH_SOCK: "/nonexistent" } }, // no agent of this machine's session
      );
      const out = await withDeadline(60_000, name, () => child.output());
      const messages = parseStream(out.stdout);
      const byHost = (event: string) =>
        messages.filter((m) => m.event === event).map((m) => (m.event_data as Message).host);
      return { code: out.code, ok: byHost("runner_on_ok"), dark: byHost("runner_on_unreachable") };
    };

    // The job's key logs node01 in; node02's own (unauthorized) key file wins over the agent.
    const withAgent = await run("agent", key, `-u ${sshd.user}`);
    assert.deepEqual(withAgent.ok, [sshd.hosts[0].name]);
    assert.deepEqual(withAgent.dark, [sshd.hosts[1].name]);
    assert.equal(withAgent.code, 4);

    // --private-key logs node01 in although the job's key is not authorized.
    const unauthorized = await Deno.readTextFile(wrongKey);
    const flag = await run("flag", unauthorized, `-u ${sshd.user} --private-key ${sshd.keyFile}`);
    assert.deepEqual(flag.ok, [sshd.hosts[0].name]);
    assert.deepEqual(flag.dark, [sshd.hosts[1].name]);
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
});

Deno.test("ssh_key: a key ssh-add refuses is a warning, and ssh hosts are then unreachable", async () => {
  const sshd = await startSshd({ hosts: 1 });
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await writeSshdPdd(src, sshd, {
      sshKey:
        "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90LWEta2V5\n-----END OPENSSH PRIVATE KEY-----\n",
    });
    const stream = await transmit(src, ["-m", "ping", "--hosts", "web"]);
    const child = await startTachyon(
      ["worker", `--private-data-dir=${join(tmp.path, "w")}`],
      stream,
      {
        env: { SSH_AUTH_SOCK: "/nonexistent" },
      },
    );
    const out = await withDeadline(60_000, "the worker", () => child.output());
    assert.equal(out.code, 4);
    const text = decoder.decode(out.stdout);
    assert.ok(!text.includes("bm90LWEta2V5"), "the key is not in the stream");
    const messages = parseStream(out.stdout);
    const warnings = messages.filter((m) => m.event === "warning").map((m) =>
      // deno-lint-ignore no-control-regex
      String(m.stdout).replace(/\u001b\[[0-9;]*m/g, "").replace(/\s+/g, " ")
    );
    assert.ok(
      warnings.some((w) => /ssh-add could not load the job's ssh_key: Error loading key/.test(w)),
      warnings.join("\n"),
    );
    assert.equal(messages.filter((m) => m.event === "runner_on_unreachable").length, 1);
    const hidden = [...Deno.readDirSync(join(tmp.path, "w"))].filter((e) => e.name.startsWith("."));
    assert.deepEqual(hidden, []);
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
});

Deno.test("ssh_key: a job that reaches no host over ssh starts no agent", async () => {
  const tmp = await tempDir();
  try {
    const keyFile = join(tmp.path, "id");
    await sshKeygen(keyFile);
    const src = join(tmp.path, "src");
    await writeSshPdd(src, {
      inventory: "localhost ansible_connection=local\n",
      sshKey: await Deno.readTextFile(keyFile),
      cmdline: "",
    });
    const marker = `1.${Math.floor(Math.random() * 1e6)}`;
    const stream = await transmit(src, ["-m", "shell", "-a", `sleep ${marker}`, "--hosts", "all"]);
    const pdd = join(tmp.path, "w");
    const child = await startTachyon(["worker", `--private-data-dir=${pdd}`], stream);
    const output = child.output();
    await eventually(
      "the job's sleep starts",
      30_000,
      () => processesWith(`sleep ${marker}`).length > 0,
    );
    assert.deepEqual(agentsUnder(child.pid), [], "no ssh-agent while the local task runs");
    const out = await withDeadline(60_000, "the worker", () => output);
    assert.equal(out.code, 0, decoder.decode(out.stdout).slice(-1500));
    const warnings = parseStream(out.stdout).filter((m) =>
      String(m.stdout ?? "").includes("ssh_key")
    );
    assert.deepEqual(warnings, []);
  } finally {
    await tmp.remove();
  }
});
