/**
 * The job's `ssh_key` on the ansible-core path: Ansible logs in over ssh
 * (a real sshd) with the key the job sent, through tachyon's job-scoped
 * agent; the run is the one the real `ansible-runner worker` makes (which
 * wraps the command in `ssh-agent sh -c 'ssh-add …'`, so ssh-add's prompt
 * and `Identity added` lines come first), with a plain key, a
 * passphrase-protected one unlocked from AWX's passwords, and a wrong
 * passphrase (failed, 1). The key and the passphrase are in no output.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withTempDir } from "../../_support/files.ts";
import { withDeadline } from "../../_support/deadline.ts";
import { inventoryLines } from "../../_support/ssh_job.ts";
import { keySecretLines, type SshdFixture, startSshd } from "../../_support/sshd.ts";
import { apiTransmit, awxPasswords } from "../../_support/api_transmit.ts";
import {
  events,
  eventSequence,
  runWorker,
  stats,
  statuses,
  stdoutText,
  type WorkerRun,
} from "./_support.ts";

const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - name: who logs in
      command: id -un
`;

/** A pdd for the sshd's host; returns the source dir. */
async function writeSource(root: string, sshd: SshdFixture): Promise<string> {
  const source = join(root, "source");
  await Deno.mkdir(join(source, "project"), { recursive: true });
  await Deno.mkdir(join(source, "inventory"), { recursive: true });
  const inventory = inventoryLines(sshd.hosts).map((line) =>
    `${line} ansible_python_interpreter=/usr/bin/python3`
  );
  await Deno.writeTextFile(join(source, "inventory", "hosts"), `${inventory.join("\n")}\n`);
  await Deno.writeTextFile(join(source, "project", "whoami.yml"), PLAYBOOK);
  return source;
}

/** The body lines of a private key (what must never be printed). */
function bodyLines(key: string): string[] {
  return key.split("\n").filter((line) => line.length >= 16 && !line.startsWith("-----"));
}

function assertSameRun(ours: WorkerRun, reference: WorkerRun, secrets: string[]): void {
  assert.deepEqual(statuses(ours), statuses(reference));
  assert.equal(ours.code, reference.code);
  // Past the opening lines, a bare `verbose` event is Ansible's own chatter (a slow login's notice
  // under load comes and goes from run to run): the sequences are compared without it.
  const settled = (run: WorkerRun) =>
    eventSequence(run).filter((e, i) => !(i >= 2 && e === "verbose"));
  assert.deepEqual(settled(ours), settled(reference));
  assert.deepEqual(stats(ours), stats(reference));
  const text = new TextDecoder().decode(ours.stdout);
  for (const secret of secrets) assert.ok(!text.includes(secret), "a secret in the stream");
}

Deno.test("a job's ssh_key logs Ansible in, as ansible-runner's ssh-add does", async (t) => {
  const sshd = await withDeadline(60_000, "startSshd", () => startSshd({ hosts: 1 }));
  try {
    const key = await Deno.readTextFile(sshd.keyFile);
    const kwargs = {
      playbook: "whoami.yml",
      cmdline: `-u ${sshd.user}`,
      // No shared ssh master between the two runs: each logs in with its own agent.
      envvars: { ANSIBLE_SSH_ARGS: "-o ControlMaster=no" },
    };

    await t.step("a plain key", async () => {
      await withTempDir("tachyon_core_ssh_", async (root) => {
        const stream = await apiTransmit(await writeSource(root, sshd), {
          ...kwargs,
          ident: 21,
          ssh_key: key,
        });
        const reference = await runWorker("ansible-runner", root, stream);
        const ours = await runWorker("tachyon", root, stream);
        assertSameRun(ours, reference, keySecretLines(key));
        assert.deepEqual(statuses(ours), ["starting", "running", "successful"], await sshd.logs());
        assert.equal(stdoutText(ours), stdoutText(reference));
        assert.match(
          stdoutText(ours),
          new RegExp(`"stdout": "${sshd.user}"|changed: \\[node01\\]`),
        );
      });
    });

    const passphrase = `pass-${crypto.randomUUID()}`;
    const encrypted = await withTempDir("tachyon_core_key_", async (dir) => {
      const path = join(dir, "key");
      await Deno.writeTextFile(path, key, { mode: 0o600 });
      const out = await new Deno.Command("/usr/bin/ssh-keygen", {
        args: ["-p", "-P", "", "-N", passphrase, "-f", path],
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      return await Deno.readTextFile(path);
    });

    await t.step("a passphrase-protected key unlocked from AWX's passwords", async () => {
      await withTempDir("tachyon_core_ssh_unlock_", async (root) => {
        const stream = await apiTransmit(await writeSource(root, sshd), {
          ...kwargs,
          ident: 22,
          ssh_key: encrypted,
          passwords: awxPasswords({ unlock: passphrase }),
        });
        const reference = await runWorker("ansible-runner", root, stream);
        const ours = await runWorker("tachyon", root, stream);
        assertSameRun(ours, reference, [...bodyLines(encrypted), passphrase]);
        assert.equal(ours.code, 0);
        const first = (run: WorkerRun) => events(run).slice(0, 2).map((e) => e.stdout);
        assert.deepEqual(first(ours), first(reference));
        assert.equal(stdoutText(ours), stdoutText(reference));
      });
    });

    await t.step("a wrong passphrase: failed, 1, before Ansible starts", async () => {
      await withTempDir("tachyon_core_ssh_wrong_", async (root) => {
        const stream = await apiTransmit(await writeSource(root, sshd), {
          ...kwargs,
          ident: 23,
          ssh_key: encrypted,
          passwords: awxPasswords({ unlock: "not-the-passphrase" }),
          // ansible-runner sometimes misses ssh-add's second prompt and waits on it.
          settings: { job_timeout: 20 },
        });
        const reference = await runWorker("ansible-runner", root, stream);
        const ours = await runWorker("tachyon", root, stream);
        const end = (run: WorkerRun) => `${statuses(run).at(-1)} ${run.code}`;
        assert.ok(["failed 1", "timeout 254"].includes(end(reference)), end(reference));
        assert.equal(end(ours), "failed 1");
        assert.deepEqual(eventSequence(ours).slice(0, 2), ["verbose", "verbose"]);
        assert.ok(events(ours).every((e) => e.event === "verbose"), "Ansible did not start");
        const text = new TextDecoder().decode(ours.stdout);
        for (const secret of [...bodyLines(encrypted), passphrase, "not-the-passphrase"]) {
          assert.ok(!text.includes(secret), "a secret in the stream");
        }
      });
    });
  } finally {
    await sshd.stop();
  }
});
