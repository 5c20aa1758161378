/**
 * The Ansible path, ordinary playbooks (issue 10): a playbook that names no
 * tachyon automation runs under the EE's own ansible-runner. Real
 * `ansible-runner transmit` → tachyon's worker → real `ansible-runner process`
 * then ends like real `ansible-runner worker` on the same job: the same
 * statuses, exit code, artifacts, status and rc, the same (event, host, task)
 * sequence with the same counters and lines, the same per-host stats, and the
 * same files on the target (paths, modes, owners, contents). tachyon adds one
 * thing: a `verbose` event right after `running` that states its decision,
 * which shifts every later event's counter and lines. The playbooks are the
 * projects under `_ansible_projects/`: a debug play on the local connection
 * (one stream for both workers), a web tier (facts, loops, templates, a
 * handler, block/rescue) and a `community.general` module, the last two on
 * lab hosts over ssh with the job's `ssh_key`, one host per worker, both of
 * the same image (the two streams differ only in the host's address).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type LabHost,
  type LabHosts,
  startLabHosts,
  SUDO_NOPASSWD_USER,
} from "../_support/lab/mod.ts";
import { tempDir, transmit } from "../_support/worker_process.ts";
import { apiTransmit, awxPasswords } from "../_support/api_transmit.ts";
import { filesHolding } from "../_support/files.ts";
import { processesHolding } from "../_support/processes.ts";
import {
  eventKeys,
  hostStats,
  type Message,
  type ProcessedJob,
  processJob,
  runWorkerWithin,
  splitPlannerEvent,
  startingCommand,
  statuses,
  type WorkerRun,
  writeProjectSource,
} from "../_support/ansible_path.ts";

/** One playbook run by a loaded machine's ansible, with facts over ssh. */
const JOB_DEADLINE_MS = 150_000;
/** What the web tier and the settings playbooks write on a target. */
const TARGET_PATHS = ["/srv/www", "/etc/web-site.conf", "/etc/app"];

/** One worker's job and what real `process` made of it. */
interface Outcome extends ProcessedJob {
  run: WorkerRun;
  /** The worker's messages. */
  messages: Message[];
  /** The worker's private data dir. */
  pdd: string;
}

/**
 * Runs tachyon on `oursStream` and the reference on `refStream` at once, and
 * feeds each stdout to real `process`. While they run, no process's argv or
 * environment may hold one of `secrets`; afterwards neither tachyon's stream
 * nor the artifacts `process` extracted from it.
 */
async function runBoth(
  dir: string,
  ident: string,
  oursStream: Uint8Array,
  refStream: Uint8Array,
  secrets: string[] = [],
): Promise<{ ours: Outcome; reference: Outcome }> {
  const oursPdd = join(dir, "w-ours");
  const refPdd = join(dir, "w-ref");
  const running = Promise.all([
    runWorkerWithin("tachyon", oursPdd, oursStream, JOB_DEADLINE_MS),
    runWorkerWithin("ansible-runner", refPdd, refStream, JOB_DEADLINE_MS),
  ]);
  let done = false;
  running.catch(() => {}).finally(() => done = true);
  const leaks = new Set<string>();
  while (!done && secrets.length > 0) {
    for (const leak of processesHolding(secrets)) leaks.add(leak);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const [ours, reference] = await running;
  assert.deepEqual([...leaks], [], "no process's argv or environment holds a secret");
  const outcome = async (run: WorkerRun, pdd: string): Promise<Outcome> => {
    const processed = await processJob(run.stdout, join(dir, `p-${run.name}`), ident);
    return { run, messages: run.messages, pdd, ...processed };
  };
  const oursOutcome = await outcome(ours, oursPdd);
  const text = new TextDecoder().decode(ours.stdout);
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), "tachyon's stream holds no secret");
  }
  assert.deepEqual(
    await filesHolding(oursOutcome.artifacts, secrets),
    [],
    "no artifact holds a secret",
  );
  return { ours: oursOutcome, reference: await outcome(reference, refPdd) };
}

/**
 * Asserts that tachyon's job is the reference's: its planner event (naming
 * `playbook` and Ansible) first, then the child's stream, which must match
 * the reference's.
 */
function assertSameJob(ours: Outcome, reference: Outcome, playbook: string): void {
  const text = new TextDecoder().decode(ours.run.stdout);
  assert.equal(ours.run.stderr, "", `tachyon wrote on stderr: ${ours.run.stderr}`);
  const name = playbook.replaceAll(".", "\\.");
  const decision = new RegExp(`ansible[^]*${name}|${name}[^]*ansible`, "i");
  const messages = splitPlannerEvent(ours.messages, decision).messages;
  assert.deepEqual(statuses(messages), statuses(reference.messages), text);
  assert.equal(ours.run.code, reference.run.code, "the worker's exit code");
  assert.equal(ours.status, reference.status, "artifacts status");
  assert.equal(ours.rc, reference.rc, "artifacts rc");
  assert.deepEqual(eventKeys(messages), eventKeys(reference.messages), text);
  assert.deepEqual(hostStats(messages), hostStats(reference.messages));
  assert.equal(ours.eventFiles, reference.eventFiles + 1, "process wrote the planner event too");
  assert.deepEqual(ours.files, reference.files, "the same artifacts");
  assert.deepEqual(
    startingCommand(messages, ours.pdd),
    startingCommand(reference.messages, reference.pdd),
    "the same command, in the worker's own private data dir",
  );
  assert.deepEqual(messages.at(-1), { eof: true });
  assert.deepEqual(reference.messages.at(-1), { eof: true });
}

/**
 * Every path under `TARGET_PATHS` on `host`, sorted, each as `path type
 * mode owner:group`, followed by its content when it is a regular file.
 */
async function targetState(host: LabHost): Promise<string> {
  const out = await host.run(
    `for root in "$@"; do if [ -e "$root" ]; then find "$root"; fi; done | LC_ALL=C sort |
     while read -r f; do
       stat -c '%n %F %a %U:%G' "$f"
       if [ -f "$f" ]; then cat "$f"; fi
     done`,
    { args: TARGET_PATHS },
  );
  return out.stdout;
}

/** The inventory of one lab host, named `web` in the group `web` whatever its address. */
function labInventory(host: LabHost): string {
  return "[web]\n" +
    `web ansible_host=${host.address} ansible_port=${host.port} ` +
    `ansible_user=${SUDO_NOPASSWD_USER.name} ansible_python_interpreter=/usr/bin/python3\n`;
}

/** The stream AWX would send for `playbook` of `project` against `host` (Python API, as AWX calls it). */
async function awxStream(
  lab: LabHosts,
  dir: string,
  host: LabHost,
  project: string,
  playbook: string,
  ident: number,
): Promise<Uint8Array> {
  const src = await writeProjectSource(dir, project, labInventory(host));
  return await apiTransmit(src, {
    ident,
    playbook,
    inventory: join(src, "inventory", "hosts"),
    ssh_key: await Deno.readTextFile(lab.keys.plain),
    passwords: awxPasswords({}),
    suppress_env_files: true,
    envvars: {
      JOB_ID: String(ident),
      ANSIBLE_HOST_KEY_CHECKING: "False",
      // A fresh EE shares no ControlPersist master with an earlier job.
      ANSIBLE_SSH_CONTROL_PATH_DIR: join(dir, "cp"),
    },
    settings: { job_timeout: 0, suppress_ansible_output: true, suppress_output_file: false },
    fact_cache_type: "",
  });
}

/** Runs `playbook` of `project` through tachyon against `ours`, through the reference against `theirs`. */
async function labJob(
  lab: LabHosts,
  project: string,
  playbook: string,
  ident: number,
): Promise<{ ours: Outcome; reference: Outcome }> {
  const tmp = await tempDir();
  try {
    const [oursHost, refHost] = lab.hosts;
    const oursStream = await awxStream(
      lab,
      join(tmp.path, "ours"),
      oursHost,
      project,
      playbook,
      ident,
    );
    const refStream = await awxStream(
      lab,
      join(tmp.path, "ref"),
      refHost,
      project,
      playbook,
      ident,
    );
    // A line of the key's private part (the first lines are the same in every
    // ed25519 key): in no process, event or artifact of tachyon's.
    const secret = (await Deno.readTextFile(lab.keys.plain)).split("\n")[3];
    assert.ok(secret.length > 40);
    return await runBoth(tmp.path, String(ident), oursStream, refStream, [secret]);
  } finally {
    await tmp.remove();
  }
}

/**
 * Runs the project `project` (its playbook `<project>.yml`) on localhost's
 * local connection, one stream for both workers, then asserts it is the
 * reference's job and hands both outcomes to `check`.
 */
async function localJob(
  project: string,
  check: (ours: Outcome, reference: Outcome) => void,
): Promise<void> {
  const tmp = await tempDir();
  try {
    const src = await writeProjectSource(
      tmp.path,
      project,
      "localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n",
    );
    const stream = await transmit(src, ["-p", `${project}.yml`, "-i", project]);
    const { ours, reference } = await runBoth(tmp.path, project, stream, stream);
    check(ours, reference);
    assertSameJob(ours, reference, `${project}.yml`);
  } finally {
    await tmp.remove();
  }
}

Deno.test("Ansible path: a debug play on the local connection, like the reference", async () => {
  await localJob("hello_debug", (ours, reference) => {
    assert.deepEqual(statuses(reference.messages), ["starting", "running", "successful"]);
    assert.deepEqual(hostStats(reference.messages).ok, { localhost: 2 });
    assert.deepEqual(hostStats(reference.messages).skipped, { localhost: 1 });
    const greeting = ours.messages.find((m) => m.event === "runner_on_ok");
    assert.match(String(greeting?.stdout), /hello from localhost/, "the playbook's own output");
  });
});

Deno.test("Ansible path: a failing play ends failed, with the reference's rc and exit code", async () => {
  await localJob("failing_play", (_ours, reference) => {
    assert.deepEqual(statuses(reference.messages), ["starting", "running", "failed"]);
    assert.equal(reference.rc, "2");
    assert.equal(reference.run.code, 2);
  });
});

Deno.test("Ansible path: playbooks that change lab hosts leave the reference's files", async (t) => {
  await using lab = await startLabHosts({ count: 2, namePrefix: "apb" });
  const [oursHost, refHost] = lab.hosts;

  await t.step("a web tier: facts, loops, templates, a handler, block/rescue", async () => {
    const { ours, reference } = await labJob(lab, "web_tier", "web_tier.yml", 4101);
    const refText = new TextDecoder().decode(reference.run.stdout);
    assert.deepEqual(statuses(reference.messages), ["starting", "running", "successful"], refText);
    const stats = hostStats(reference.messages);
    assert.deepEqual(stats.rescued, { web: 1 }, "the block failed and its rescue ran");
    assert.deepEqual(stats.failures, {});
    assert.ok(
      reference.messages.some((m) =>
        m.event === "runner_on_ok" &&
        (m.event_data as Message).task === "Reload web server"
      ),
      "the handler ran",
    );
    const refFiles = await targetState(refHost);
    for (
      const line of [
        "/srv/www directory 755 root:root",
        "/srv/www/css directory 750 lab-key:lab-key",
        "/srv/www/index.html regular file 644 root:root",
        "/srv/www/reloaded regular file 600 root:root",
        "/srv/www/fallback.txt regular file 644 root:root\nfallback after Health check",
        "/etc/web-site.conf regular file 640 root:lab-key",
        "Served by web on Debian 12 (Debian).",
      ]
    ) assert.ok(refFiles.includes(line), `the reference's target has ${line}:\n${refFiles}`);
    assert.ok(!refFiles.includes("/srv/www/healthy"), "the block stopped at its failed task");

    assertSameJob(ours, reference, "web_tier.yml");
    assert.equal(await targetState(oursHost), refFiles, "the same files on the target");
  });

  await t.step("a collection module: community.general.ini_file", async () => {
    const { ours, reference } = await labJob(lab, "app_settings", "app_settings.yml", 4102);
    const refText = new TextDecoder().decode(reference.run.stdout);
    assert.deepEqual(statuses(reference.messages), ["starting", "running", "successful"], refText);
    assert.deepEqual(hostStats(reference.messages).changed, { web: 2 });
    const refFiles = await targetState(refHost);
    assert.ok(
      refFiles.includes(
        "/etc/app/settings.ini regular file 640 root:lab-key\n" +
          "\n[database]\nhost = db.internal\nport = 5432\n[cache]\nttl = 300\n",
      ),
      refFiles,
    );

    assertSameJob(ours, reference, "app_settings.yml");
    assert.equal(await targetState(oursHost), refFiles, "the same files on the target");
  });
});
