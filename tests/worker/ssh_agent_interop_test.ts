/**
 * The job's ssh-agent with the real ssh-agent and ssh-add: the key gets in
 * through a pipe only, a refused key is a named error, and stopping (or the
 * owner dying by SIGKILL) leaves no agent and no socket dir.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { JobSshAgent, SshAgentError } from "../../src/worker/ssh_agent.ts";
import { ProcessRegistry } from "../../src/engine/process_registry.ts";
import { keySecretLines, sshKeygen } from "../_support/sshd.ts";
import { ROOT, tempDir } from "../_support/worker_process.ts";
import { eventually, withDeadline } from "../_support/deadline.ts";
import { exists } from "../_support/files.ts";
import { processAlive } from "../_support/processes.ts";

const decoder = new TextDecoder();

async function listedKeys(socket: string): Promise<string> {
  const out = await new Deno.Command("/usr/bin/ssh-add", {
    args: ["-l"],
    env: { SSH_AUTH_SOCK: socket },
    stdout: "piped",
  }).output();
  return decoder.decode(out.stdout);
}

Deno.test("ssh agent: the key is added from a pipe, ssh-add -l lists it, stop removes agent and dir", async () => {
  const tmp = await tempDir();
  const registry = new ProcessRegistry();
  try {
    await sshKeygen(join(tmp.path, "id"));
    const key = await Deno.readTextFile(join(tmp.path, "id"));
    const fingerprint = decoder.decode(
      (await new Deno.Command("/usr/bin/ssh-keygen", {
        args: ["-l", "-f", join(tmp.path, "id.pub")],
        stdout: "piped",
      }).output()).stdout,
    ).split(" ")[1];
    const pdd = join(tmp.path, "pdd");
    await Deno.mkdir(pdd);

    const agent = await withDeadline(
      30_000,
      "start",
      () => JobSshAgent.start({ privateDataDir: pdd, registry }),
    );
    await withDeadline(30_000, "addKey", () => agent.addKey(key.trimEnd()));
    try {
      assert.equal(dirname(agent.dir), pdd);
      assert.equal(dirname(agent.socket), agent.dir);
      assert.equal((await Deno.stat(agent.dir)).mode! & 0o777, 0o700);
      assert.ok((await Deno.lstat(agent.socket)).isSocket);
      assert.ok(processAlive(agent.pid));
      assert.match(await listedKeys(agent.socket), new RegExp(fingerprint.replace(/\+/g, "\\+")));
      const cmdline = await Deno.readTextFile(`/proc/${agent.pid}/cmdline`);
      assert.match(cmdline, /^\/usr\/bin\/ssh-agent\0-D\0-a\0/);
      for (const line of keySecretLines(key)) {
        assert.ok(!cmdline.includes(line));
        assert.ok(!(await Deno.readTextFile(`/proc/${agent.pid}/environ`)).includes(line));
      }
      const inDir = [...Deno.readDirSync(agent.dir)].map((e) => e.name);
      assert.deepEqual(inDir, ["agent"], "only the socket is in the dir");
    } finally {
      await agent.stop();
    }
    assert.equal(processAlive(agent.pid), false, "the agent is gone");
    assert.equal(await exists(agent.dir), false, "the socket dir is gone");
    assert.equal(registry.size, 0);
    await agent.stop(); // idempotent
  } finally {
    registry.killAll();
    await tmp.remove();
  }
});

Deno.test("ssh agent: a key ssh-add refuses is an SshAgentError with ssh-add's reason, not the key", async () => {
  const tmp = await tempDir();
  const registry = new ProcessRegistry();
  try {
    const agent = await JobSshAgent.start({ privateDataDir: tmp.path, registry });
    try {
      const bogus = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n" +
        "-----END OPENSSH PRIVATE KEY-----\n";
      await assert.rejects(
        withDeadline(30_000, "addKey", () => agent.addKey(bogus)),
        (error: Error) =>
          error instanceof SshAgentError && /^ssh-add could not load/.test(error.message) &&
          /invalid format|error in libcrypto/.test(error.message) &&
          !error.message.includes("c2VjcmV0"),
      );
      assert.match(await listedKeys(agent.socket), /The agent has no identities/);
    } finally {
      await agent.stop();
    }
    assert.deepEqual([...Deno.readDirSync(tmp.path)], []);
  } finally {
    registry.killAll();
    await tmp.remove();
  }
});

Deno.test("ssh agent: a start aborted by the job's signal rejects with its reason and leaves nothing", async () => {
  const tmp = await tempDir();
  const registry = new ProcessRegistry();
  try {
    const stop = new AbortController();
    const starting = JobSshAgent.start({
      privateDataDir: tmp.path,
      registry,
      signal: stop.signal,
    });
    stop.abort(new Error("canceled"));
    await assert.rejects(starting, /canceled/);
    await eventually("the wrapper is reaped", 5_000, () => registry.size === 0);
    assert.deepEqual([...Deno.readDirSync(tmp.path)], []);
  } finally {
    registry.killAll();
    await tmp.remove();
  }
});

Deno.test("ssh agent: its owner killed by SIGKILL → agent gone and socket dir removed within 2 s", async () => {
  const tmp = await tempDir();
  try {
    await sshKeygen(join(tmp.path, "id"));
    const owner = join(tmp.path, "owner.ts");
    await Deno.writeTextFile(
      owner,
      `import { JobSshAgent } from ${JSON.stringify(join(ROOT, "src/worker/ssh_agent.ts"))};
import { ProcessRegistry } from ${JSON.stringify(join(ROOT, "src/engine/process_registry.ts"))};
const agent = await JobSshAgent.start({ privateDataDir: Deno.args[0], registry: new ProcessRegistry() });
await agent.addKey(await Deno.readTextFile(Deno.args[1]));
console.log(JSON.stringify({ pid: agent.pid, dir: agent.dir }));
await new Promise(() => setInterval(() => {}, 1000));
`,
    );
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", owner, tmp.path, join(tmp.path, "id")],
      stdin: "null",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = child.stdout.getReader();
    const first = await withDeadline(30_000, "owner start", () => reader.read());
    const { pid, dir } = JSON.parse(decoder.decode(first.value)) as { pid: number; dir: string };
    assert.ok(processAlive(pid) && await exists(dir));
    child.kill("SIGKILL");
    reader.releaseLock();
    await child.output();
    await eventually("the agent exits", 2_000, () => !processAlive(pid));
    await eventually("the socket dir is removed", 2_000, async () => !(await exists(dir)));
  } finally {
    await tmp.remove();
  }
});
