/**
 * The job's ssh_key is never at rest on disk: it reaches ssh through a
 * job-scoped ssh-agent, appears in no process's argv or environment, and
 * neither a normal end nor a SIGKILLed worker leaves a key file or an agent
 * behind. The transmitted `env/ssh_key` input stays, as in ansible-runner.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { parseStream, tachyonCommand, tempDir, transmit } from "../_support/worker_process.ts";
import { type SshdFixture, sshKeygen, startSshd } from "../_support/sshd.ts";
import { inventoryLines, writeSshPdd } from "../_support/ssh_job.ts";
import { withDeadline } from "../_support/deadline.ts";

type Message = Record<string, unknown>;
const decoder = new TextDecoder();

/** Lines of the key's base64 body that hold key material (past the fixed header). */
function secretLines(key: string): string[] {
  const lines = key.split("\n").filter((l) => l && !l.startsWith("-----")).slice(2);
  assert.ok(lines.length >= 2 && lines.every((l) => l.length >= 20), "a key with a body");
  return lines;
}

/** `pid: where` for every process whose argv or environment holds one of `needles`. */
function processesHolding(needles: string[]): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    for (const part of ["cmdline", "environ"]) {
      try {
        const text = Deno.readTextFileSync(`/proc/${entry.name}/${part}`);
        if (needles.some((n) => text.includes(n))) found.push(`${entry.name}: ${part}`);
      } catch {
        // exited meanwhile
      }
    }
  }
  return found;
}

/** Regular files under `root` (not following links) whose content holds one of `needles`. */
async function filesHolding(root: string, needles: string[], skip: string[] = []) {
  const found: string[] = [];
  const walk = async (dir: string) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch {
      return; // removed meanwhile
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (skip.includes(path)) continue;
      if (entry.isDirectory) await walk(path);
      if (!entry.isFile) continue; // sockets, fifos and links are never read
      try {
        const info = await Deno.lstat(path);
        if (!info.isFile || info.size > 64 << 20) continue;
        const text = decoder.decode(await Deno.readFile(path));
        if (needles.some((n) => text.includes(n))) found.push(path);
      } catch {
        // removed meanwhile
      }
    }
  };
  await walk(root);
  return found;
}

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

/** Processes (live, not zombies) whose argv mentions `text`. */
function processesMentioning(text: string): number[] {
  return [...processTable()].filter(([, p]) => p.cmdline.includes(text)).map(([pid]) => pid);
}

async function until(what: string, ms: number, test: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
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
  await writeSshPdd(src, {
    inventory: `[web]\n${inventoryLines(sshd.hosts).join("\n")}\n`,
    sshKey: key,
    cmdline: `-u ${sshd.user}`,
  });
  const marker = `${seconds}.${Math.floor(Math.random() * 1e6)}`;
  const stream = await transmit(src, ["-m", "shell", "-a", `sleep ${marker}`, "--hosts", "web"]);
  const child = tachyonCommand(["worker", `--private-data-dir=${pdd}`]).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(stream);
  await writer.close();
  const output = child.output();
  await until("the job's sleep starts on the host", 30_000, async () => {
    return (await sshd.processes(`sleep ${marker}`)).length > 0;
  });
  return { child, output, marker };
}

Deno.test("ssh_key: during the job the key is in no argv, environment or file but env/ssh_key; a normal end leaves no agent and no agent dir", async () => {
  const sshd = await startSshd({ hosts: 1 });
  const tmp = await tempDir();
  try {
    const key = await Deno.readTextFile(sshd.keyFile);
    const needles = secretLines(key);
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

    await until("the agent exits", 2_000, () => processesMentioning(agent.socket).length === 0);
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
    const needles = secretLines(key);
    const src = join(tmp.path, "src");
    const pdd = join(tmp.path, "w");
    const job = await startSleepJob(sshd, src, pdd, key, 6);
    const agents = agentsUnder(job.child.pid);

    job.child.kill("SIGKILL");
    const out = await withDeadline(10_000, "the killed worker", () => job.output);
    assert.equal(out.signal, "SIGKILL");
    await until(
      "every ssh-agent of the job exits",
      3_000,
      () => agents.every((a) => processesMentioning(a.socket).length === 0),
    );
    for (const agent of agents) {
      await until(
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
    assert.deepEqual(processesMentioning(agents[0].socket), [], "the agent is gone");
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
    await until("the agent exits", 2_000, () => processesMentioning(agents[0].socket).length === 0);
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
      const child = tachyonCommand(["worker", `--private-data-dir=${join(tmp.path, name)}`], {
        env: { SSH_AUTH_SOCK: "/nonexistent" }, // no agent of this machine's session
      }).spawn();
      const writer = child.stdin.getWriter();
      await writer.write(stream);
      await writer.close();
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
    await writeSshPdd(src, {
      inventory: `[web]\n${inventoryLines(sshd.hosts).join("\n")}\n`,
      sshKey:
        "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90LWEta2V5\n-----END OPENSSH PRIVATE KEY-----\n",
      cmdline: `-u ${sshd.user}`,
    });
    const stream = await transmit(src, ["-m", "ping", "--hosts", "web"]);
    const child = tachyonCommand(["worker", `--private-data-dir=${join(tmp.path, "w")}`], {
      env: { SSH_AUTH_SOCK: "/nonexistent" },
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(stream);
    await writer.close();
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
    const child = tachyonCommand(["worker", `--private-data-dir=${pdd}`]).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(stream);
    await writer.close();
    const output = child.output();
    await until(
      "the job's sleep starts",
      30_000,
      () => processesMentioning(`sleep ${marker}`).length > 0,
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
