/**
 * A job's `ssh_key` with a passphrase, sent as AWX sends it (ansible-runner's
 * Python API: `ssh_key=`, `passwords=` with AWX's prompt regexes): the
 * passphrase is answered from the passwords, through the askpass broker, and
 * never appears in the stream or the artifacts. A wrong or missing answer
 * makes the hosts unreachable with a message naming the prompt, not the
 * secret (the reference fails the whole job without a host event: its
 * `ssh-add` fails before ansible-playbook starts).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseStream, processStream, run, runWorker, tempDir } from "../_support/worker_process.ts";
import { type SshdFixture, startSshd } from "../_support/sshd.ts";
import { inventoryLines } from "../_support/ssh_job.ts";
import { apiTransmit, awxPasswords, type RunnerKwargs } from "../_support/api_transmit.ts";
import { filesHolding } from "../_support/files.ts";
import { writeJobSource } from "./_inventory_jobs.ts";

type Message = Record<string, unknown>;

const PASSPHRASE = "correct horse 'battery' $staple";

/** The sshd fixture's key, re-encrypted with `passphrase` (same public key). */
async function lockedKey(sshd: SshdFixture, dir: string, passphrase: string): Promise<string> {
  const path = join(dir, "locked_key");
  await Deno.copyFile(sshd.keyFile, path);
  await Deno.chmod(path, 0o600);
  const out = await run("/usr/bin/ssh-keygen", ["-q", "-p", "-f", path, "-N", passphrase]);
  assert.equal(out.code, 0, out.stderr);
  return await Deno.readTextFile(path);
}

/** What a job of {@linkcode withLockedKeyJob} gets. */
interface LockedKeyJob {
  sshd: SshdFixture;
  /** The test's temp dir. */
  dir: string;
  /** The transmitted job. */
  stream: Uint8Array;
}

/**
 * Runs `body` with a fresh 2-host sshd and the stream AWX would send for
 * `kwargs` on its hosts (group `web`), logging in as the test user with the
 * sshd's key locked by {@linkcode PASSPHRASE}.
 */
async function withLockedKeyJob(
  kwargs: RunnerKwargs,
  body: (job: LockedKeyJob) => Promise<void>,
): Promise<void> {
  const sshd = await startSshd({ hosts: 2 });
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await writeJobSource(src, {
      "inventory/hosts": `[web]\n${inventoryLines(sshd.hosts).join("\n")}\n`,
    });
    const stream = await apiTransmit(src, {
      ssh_key: await lockedKey(sshd, tmp.path, PASSPHRASE),
      cmdline: `-u ${sshd.user}`,
      ...kwargs,
    });
    await body({ sshd, dir: tmp.path, stream });
  } finally {
    await tmp.remove();
    await sshd.stop();
  }
}

Deno.test("a passphrase-protected ssh_key is unlocked from the job's passwords, like the reference", async () => {
  const kwargs = {
    module: "command",
    module_args: "whoami",
    host_pattern: "all",
    ident: "pp1",
    passwords: awxPasswords({ unlock: PASSPHRASE }),
  };
  await withLockedKeyJob(kwargs, async ({ sshd, dir, stream }) => {
    const out = await runWorker("tachyon", join(dir, "w"), stream);
    assert.equal(out.code, 0, out.stderr);
    const text = new TextDecoder().decode(out.stdout);
    assert.ok(!text.includes(PASSPHRASE), "the passphrase never appears in the stream");
    const messages = parseStream(out.stdout);
    const oks = messages.filter((m) => m.event === "runner_on_ok");
    assert.deepEqual(
      oks.map((m) => ((m.event_data as Message).res as Message).stdout),
      sshd.hosts.map(() => sshd.user),
    );
    assert.ok(messages.some((m) => m.status === "successful"));
    const processed = await processStream(out.stdout, join(dir, "p"), "pp1");
    assert.equal(processed.code, 0);
    assert.deepEqual(await filesHolding(join(dir, "p"), [PASSPHRASE]), [], "no artifact holds it");

    // The reference, on the same stream and hosts: also successful.
    const reference = await runWorker("ansible-runner", join(dir, "ref"), stream);
    const refMessages = parseStream(reference.stdout);
    assert.ok(refMessages.some((m) => m.status === "successful"), reference.stderr);
    assert.equal(refMessages.filter((m) => m.event === "runner_on_ok").length, 2);
  });
});

for (
  const [label, passwords, reason] of [
    [
      "a wrong passphrase",
      awxPasswords({ unlock: "not it" }),
      /got an answer that ssh-add refused/,
    ],
    ["no answer for the passphrase", {} as Record<string, string>, /has no answer/],
  ] as const
) {
  Deno.test(`${label}: every host unreachable within 5 s, naming the prompt, not the secret`, async () => {
    const kwargs = { module: "ping", host_pattern: "all", ident: "pp2", passwords };
    await withLockedKeyJob(kwargs, async ({ dir, stream }) => {
      const started = performance.now();
      const out = await runWorker("tachyon", join(dir, "w"), stream);
      const seconds = (performance.now() - started) / 1000;
      assert.ok(seconds < 5 + 3, `the job took ${seconds.toFixed(1)} s`); // + deno start-up on a busy machine
      assert.equal(out.code, 4, out.stderr);
      const text = new TextDecoder().decode(out.stdout);
      assert.ok(!text.includes(PASSPHRASE) && !text.includes("not it"));
      const unreachable = parseStream(out.stdout).filter((m) =>
        m.event === "runner_on_unreachable"
      );
      assert.equal(unreachable.length, 2);
      for (const m of unreachable) {
        const msg = String(((m.event_data as Message).res as Message).msg);
        assert.match(msg, /Permission denied/);
        assert.match(msg, /Enter passphrase for .*artifacts\/pp2\/ssh_key_data: /);
        assert.match(msg, reason);
      }
    });
  });
}
