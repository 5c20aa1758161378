/**
 * Machine credentials exactly as AWX sends them (ansible-runner's Python API:
 * `ssh_key=`, `passwords=` with AWX's prompt regexes, `cmdline=`), through
 * tachyon's worker into the real `ansible-runner process`, on isolated lab
 * hosts: a key, a key with a passphrase, a password; become with sudo
 * NOPASSWD, sudo with a password, su with root's password. The same stream
 * through the real `ansible-runner worker` (ansible-core) gives the same
 * per-host outcome. Wrong and missing secrets end as a failed or unreachable
 * host within 5 s, and no secret appears in the stream, an artifact, or any
 * process's argv or environment while the job runs.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  KEY_PASSPHRASE,
  KEY_USER,
  type LabHosts,
  PASSWORD_USER,
  ROOT_USER,
  startLabHosts,
  SUDO_NOPASSWD_USER,
  SUDO_PASSWORD_USER,
} from "../_support/lab/mod.ts";
import {
  parseStream,
  processStream,
  runWorker,
  startTachyon,
  tempDir,
} from "../_support/worker_process.ts";
import { apiTransmit, awxPasswords } from "../_support/api_transmit.ts";
import { filesHolding } from "../_support/files.ts";
import { processesHolding } from "../_support/processes.ts";

type Message = Record<string, unknown>;

/** One job's outcome: per host `ok`/`failed`/`unreachable` and its message or stdout. */
interface JobOutcome {
  hosts: Record<string, { outcome: string; text: string }>;
  stdout: string;
  seconds: number;
  messages: Message[];
}

const OUTCOMES: Record<string, string> = {
  runner_on_ok: "ok",
  runner_on_failed: "failed",
  runner_on_unreachable: "unreachable",
};

function outcomeOf(messages: Message[], seconds: number, stdout: string): JobOutcome {
  const hosts: JobOutcome["hosts"] = {};
  for (const m of messages) {
    const outcome = OUTCOMES[String(m.event)];
    if (!outcome) continue;
    const data = m.event_data as Message;
    const res = data.res as Message;
    hosts[String(data.host)] = { outcome, text: String(res.stdout ?? res.msg ?? "") };
  }
  return { hosts, stdout, seconds, messages };
}

interface JobRequest {
  user: string;
  cmdline?: string;
  key?: "plain" | "passphrase";
  passwords: Record<string, string>;
  /** Secrets that must appear nowhere. */
  secrets: string[];
}

async function sourcePdd(lab: LabHosts, dir: string): Promise<string> {
  const src = join(dir, "src");
  await Deno.mkdir(join(src, "inventory"), { recursive: true });
  const lines = lab.hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}`);
  await Deno.writeTextFile(join(src, "inventory", "hosts"), `${lines.join("\n")}\n`);
  return src;
}

/** The stream AWX would send for `request`: `whoami` on every lab host. */
async function streamFor(lab: LabHosts, dir: string, request: JobRequest): Promise<Uint8Array> {
  const src = await sourcePdd(lab, dir);
  const key = request.key ? await Deno.readTextFile(lab.keys[request.key]) : undefined;
  return await apiTransmit(src, {
    module: "command",
    module_args: "whoami",
    host_pattern: "all",
    ident: "cred",
    ...(key ? { ssh_key: key } : {}),
    passwords: request.passwords,
    cmdline: `-u ${request.user} ${request.cmdline ?? ""}`.trim(),
    envvars: {
      ANSIBLE_HOST_KEY_CHECKING: "False",
      // The reference's ControlPersist masters outlive a job: a later job would log in
      // through an earlier one's connection without asking. As in a fresh EE, none is shared.
      ANSIBLE_SSH_CONTROL_PATH_DIR: join(dir, "cp"),
    },
  });
}

/** tachyon's worker on `stream`, watching every process for the secrets while it runs. */
async function tachyonJob(stream: Uint8Array, dir: string, secrets: string[]) {
  const started = performance.now();
  const child = await startTachyon(["worker", `--private-data-dir=${join(dir, "w")}`], stream);
  const leaks: string[] = [];
  let done = false;
  const output = child.output().finally(() => done = true);
  while (!done) {
    if (secrets.length > 0) leaks.push(...processesHolding(secrets));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const out = await output;
  const seconds = (performance.now() - started) / 1000;
  const text = new TextDecoder().decode(out.stdout);
  return { out, text, seconds, leaks };
}

async function referenceJob(stream: Uint8Array, dir: string): Promise<JobOutcome> {
  const started = performance.now();
  const out = await runWorker("ansible-runner", join(dir, "r"), stream);
  const seconds = (performance.now() - started) / 1000;
  return outcomeOf(parseStream(out.stdout), seconds, new TextDecoder().decode(out.stdout));
}

/**
 * Runs `request` through tachyon (checking secrecy on the way) and, unless
 * `reference` is false, through the real worker; returns both outcomes.
 */
async function both(lab: LabHosts, request: JobRequest, reference = true) {
  const tmp = await tempDir();
  try {
    const stream = await streamFor(lab, tmp.path, request);
    const ours = await tachyonJob(stream, tmp.path, request.secrets);
    assert.deepEqual(ours.leaks, [], "no process's argv or environment holds a secret");
    for (const secret of request.secrets) {
      assert.ok(!ours.text.includes(secret), "the stream holds no secret");
    }
    const processed = await processStream(ours.out.stdout, join(tmp.path, "p"), "cred");
    assert.equal(processed.code, 0, processed.stdout);
    assert.deepEqual(
      await filesHolding(join(tmp.path, "p"), request.secrets),
      [],
      "no artifact holds a secret",
    );
    const tachyon = outcomeOf(parseStream(ours.out.stdout), ours.seconds, ours.text);
    return { tachyon, reference: reference ? await referenceJob(stream, tmp.path) : undefined };
  } finally {
    await tmp.remove();
  }
}

function outcomes(job: JobOutcome): Record<string, string> {
  return Object.fromEntries(Object.entries(job.hosts).map(([h, r]) => [h, r.outcome]));
}

Deno.test("machine credentials on lab hosts: the shapes AWX sends, like the reference", async (t) => {
  await using lab = await startLabHosts({ count: 2, namePrefix: "cred" });
  const all = (outcome: string) => Object.fromEntries(lab.hosts.map((h) => [h.name, outcome]));
  const whoami = (job: JobOutcome) => [...new Set(Object.values(job.hosts).map((h) => h.text))];

  const cases: [string, JobRequest, string][] = [
    [
      "an ssh key",
      { user: KEY_USER.name, key: "plain", passwords: awxPasswords({}), secrets: [] },
      KEY_USER.name,
    ],
    [
      "an ssh key with a passphrase",
      {
        user: KEY_USER.name,
        key: "passphrase",
        passwords: awxPasswords({ unlock: KEY_PASSPHRASE }),
        secrets: [KEY_PASSPHRASE],
      },
      KEY_USER.name,
    ],
    [
      "a password (--ask-pass)",
      {
        user: PASSWORD_USER.name,
        cmdline: "--ask-pass",
        passwords: awxPasswords({ ssh: PASSWORD_USER.password }),
        secrets: [PASSWORD_USER.password!],
      },
      PASSWORD_USER.name,
    ],
    [
      "become: sudo NOPASSWD",
      {
        user: SUDO_NOPASSWD_USER.name,
        key: "plain",
        cmdline: "--become",
        passwords: awxPasswords({}),
        secrets: [],
      },
      "root",
    ],
    [
      "become: sudo with a password (--ask-become-pass)",
      {
        user: SUDO_PASSWORD_USER.name,
        key: "plain",
        cmdline: "--become --ask-become-pass",
        passwords: awxPasswords({ become: SUDO_PASSWORD_USER.password }),
        secrets: [SUDO_PASSWORD_USER.password!],
      },
      "root",
    ],
    [
      "become: su with root's password",
      {
        user: KEY_USER.name,
        key: "plain",
        cmdline: "--become --become-method su --ask-become-pass",
        passwords: awxPasswords({ become: ROOT_USER.password }),
        secrets: [ROOT_USER.password!],
      },
      "root",
    ],
  ];
  for (const [name, request, expectedUser] of cases) {
    await t.step(name, async () => {
      const { tachyon, reference } = await both(lab, request);
      assert.deepEqual(outcomes(tachyon), all("ok"), tachyon.stdout);
      assert.deepEqual(whoami(tachyon), [expectedUser]);
      assert.deepEqual(outcomes(reference!), outcomes(tachyon), reference!.stdout);
      assert.deepEqual(whoami(reference!), [expectedUser]);
    });
  }

  const failures: [string, JobRequest, string, RegExp, boolean][] = [
    [
      "a wrong ssh password",
      {
        user: PASSWORD_USER.name,
        cmdline: "--ask-pass",
        passwords: awxPasswords({ ssh: "not-the-Password-1" }),
        secrets: ["not-the-Password-1"],
      },
      "unreachable",
      /Permission denied/,
      true,
    ],
    [
      "no answer for the ssh password prompt",
      { user: PASSWORD_USER.name, cmdline: "--ask-pass", passwords: {}, secrets: [] },
      "unreachable",
      /no answer for the prompt "SSH password: "/,
      // The reference's pexpect waits for an answer until the job times out.
      false,
    ],
    [
      "a wrong passphrase",
      {
        user: KEY_USER.name,
        key: "passphrase",
        passwords: awxPasswords({ unlock: "not-the-Passphrase-2" }),
        secrets: ["not-the-Passphrase-2", KEY_PASSPHRASE],
      },
      "unreachable",
      /passphrase prompt "Enter passphrase for .*ssh_key_data: " got an answer that ssh-add refused/,
      // The reference's ssh-add fails and ansible-playbook never starts: no host event at all.
      false,
    ],
    [
      "a wrong sudo password",
      {
        user: SUDO_PASSWORD_USER.name,
        key: "plain",
        cmdline: "--become --ask-become-pass",
        passwords: awxPasswords({ become: "not-the-Sudo-3" }),
        secrets: ["not-the-Sudo-3"],
      },
      "failed",
      /^Incorrect sudo password$/,
      true,
    ],
    [
      "sudo needs a password and the job has none",
      {
        user: SUDO_PASSWORD_USER.name,
        key: "plain",
        cmdline: "--become",
        passwords: {},
        secrets: [],
      },
      "failed",
      /^Missing sudo password$/,
      true,
    ],
    [
      "a wrong su password",
      {
        user: KEY_USER.name,
        key: "plain",
        cmdline: "--become --become-method su --ask-become-pass",
        passwords: awxPasswords({ become: "not-the-Root-4" }),
        secrets: ["not-the-Root-4"],
      },
      "failed",
      /^Incorrect su password$/,
      true,
    ],
  ];
  for (const [name, request, outcome, message, reference] of failures) {
    await t.step(`${name}: every host ${outcome} within 5 s, no secret anywhere`, async () => {
      const result = await both(lab, request, reference);
      assert.deepEqual(outcomes(result.tachyon), all(outcome), result.tachyon.stdout);
      for (const host of Object.values(result.tachyon.hosts)) assert.match(host.text, message);
      // 5 s for the job, plus the worker's own start on a busy machine.
      assert.ok(result.tachyon.seconds < 8, `the job took ${result.tachyon.seconds.toFixed(1)} s`);
      if (result.reference) {
        assert.deepEqual(outcomes(result.reference), all(outcome), result.reference.stdout);
      }
    });
  }
});
