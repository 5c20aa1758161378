/**
 * Real ansible-runner transmit → our worker → real ansible-runner process.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  decisionOf,
  parseStream,
  processStream,
  ROOT,
  run,
  runTachyon,
  tempDir,
  transmit,
  withoutDecision,
} from "../_support/worker_process.ts";

type Message = Record<string, unknown>;

/** The events as ansible-runner would send them: all but the planner's decision. */
function events(messages: Message[]): Message[] {
  return withoutDecision(messages).filter((m) =>
    typeof m.event === "string" && m.event !== "keepalive"
  );
}

function assertWellFormed(messages: Message[], ident: string): void {
  assert.equal(messages[0].status, "starting");
  assert.equal(messages[0].runner_ident, ident);
  assert.ok(Array.isArray(messages[0].command));
  assert.equal(typeof messages[0].env, "object");
  assert.equal(messages[1].status, "running");
  const evs = messages.filter((m) => typeof m.event === "string" && m.event !== "keepalive");
  assert.ok(evs.length > 0);
  evs.forEach((e, i) => {
    assert.equal(e.counter, i + 1, "counters run 1..N");
    assert.match(String(e.uuid), /^[0-9a-f-]{36}$/);
    assert.match(String(e.created), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    if (i > 0) assert.equal(e.start_line, evs[i - 1].end_line, "lines chain");
    assert.equal(e.runner_ident, ident);
  });
  const statuses = messages.filter((m) => "status" in m).map((m) => m.status);
  assert.equal(statuses.length, 3, `exactly one terminal status: ${statuses}`);
  const zipIndex = messages.findIndex((m) => "zipfile" in m);
  assert.ok(zipIndex > 0, "artifacts zip sent");
  assert.deepEqual(messages.at(-1), { eof: true });
}

async function writeDemoPdd(dir: string): Promise<void> {
  await Deno.mkdir(join(dir, "project"), { recursive: true });
  await Deno.mkdir(join(dir, "inventory"), { recursive: true });
  await Deno.mkdir(join(dir, "env"), { recursive: true });
  for (const rel of ["project/main.yml", "inventory/hosts", "env/extravars"]) {
    await Deno.copyFile(join(ROOT, "demo", rel), join(dir, rel));
  }
}

Deno.test("CLI transmit → worker → process: successful, events 1..N, stats last", async () => {
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await writeDemoPdd(src);
    const stream = await transmit(src, ["-p", "main.yml", "-i", "42"]);
    const worker = await runTachyon(["worker", `--private-data-dir=${join(tmp.path, "w")}`], {
      stdin: stream,
    });
    assert.equal(worker.stderr, "", "nothing on stderr");
    assert.equal(worker.code, 0);
    const messages = parseStream(worker.stdout);
    assertWellFormed(messages, "42");
    assert.equal(
      decisionOf(messages),
      "tachyon: main.yml runs the automation main natively: the playbook names it " +
        '("# tachyon-automation: main") (playbook mode auto, from the build policy).',
    );
    const evs = events(messages);
    assert.equal(evs[0].event, "playbook_on_start");
    assert.equal(evs.at(-1)!.event, "playbook_on_stats");
    const stats = evs.at(-1)!.event_data as Record<string, Record<string, number>>;
    assert.deepEqual(stats.ok, { localhost: 2 });
    assert.deepEqual(stats.processed, { localhost: 1 });
    assert.ok(messages.some((m) => m.status === "successful"));

    const processed = await processStream(worker.stdout, join(tmp.path, "p"), "42");
    assert.equal(processed.code, 0, processed.stderr);
    const artifacts = join(tmp.path, "p", "artifacts", "42");
    assert.equal(await Deno.readTextFile(join(artifacts, "status")), "successful");
    assert.equal(await Deno.readTextFile(join(artifacts, "rc")), "0");
    const written = [...Deno.readDirSync(join(artifacts, "job_events"))].map((e) => e.name);
    assert.equal(written.length, evs.length + 1, "one job_events file per event, the decision too");
    assert.match(processed.stdout, /PLAY RECAP/);
  } finally {
    await tmp.remove();
  }
});

const AWX_TRANSMIT = `
import json, sys
from ansible_runner.interface import run
pdd, out = sys.argv[1], sys.argv[2]
with open(out, "wb") as f:
    run(streamer="transmit", _output=f, private_data_dir=pdd, ident=77,
        playbook="main.yml", inventory=pdd + "/inventory/hosts",
        envvars={"JOB_ID": "77", "AWX_PRIVATE_DATA_DIR": pdd, "MAX_EVENT_RES": "700000",
                 "INVENTORY_ID": "3", "ANSIBLE_SSH_CONTROL_PATH_DIR": "/runner/cp"},
        suppress_env_files=True, verbosity=2,
        settings={"job_timeout": 0, "suppress_ansible_output": True, "suppress_output_file": False},
        passwords={"SSH password:\\\\s*?$": "hunter2-secret"},
        ssh_key="-----BEGIN OPENSSH PRIVATE KEY-----\\nsecret-key-material\\n-----END OPENSSH PRIVATE KEY-----\\n",
        fact_cache_type="jsonfile")
`;

const AWX_INVENTORY_SCRIPT = `#!/usr/bin/python3
import json, sys
if "--list" in sys.argv:
    print(json.dumps({"all": {"children": ["local"]},
                      "local": {"hosts": ["localhost"], "vars": {"greeting": "hi"}},
                      "_meta": {"hostvars": {"localhost": {"ansible_connection": "local",
                                                           "remote_tower_id": 1}}}}))
else:
    print("{}")
`;

Deno.test("AWX-shaped Python API transmit (script inventory, cmdline, settings, fact cache) → worker --delete → process", async () => {
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await writeDemoPdd(src);
    await Deno.remove(join(src, "inventory", "hosts"));
    await Deno.writeTextFile(join(src, "inventory", "hosts"), AWX_INVENTORY_SCRIPT, {
      mode: 0o700,
    });
    await Deno.chmod(join(src, "inventory", "hosts"), 0o700);
    await Deno.writeTextFile(join(src, "env", "cmdline"), "-u root --forks=5 -l localhost -vv");
    await Deno.writeTextFile(
      join(src, "env", "settings"),
      JSON.stringify({
        job_timeout: 60,
        suppress_ansible_output: true,
        suppress_output_file: true,
      }),
    );
    const factDir = join(src, "artifacts", "77", "fact_cache");
    await Deno.mkdir(factDir, { recursive: true });
    await Deno.writeTextFile(join(factDir, "localhost"), JSON.stringify({ ansible_fqdn: "x" }));
    await Deno.writeTextFile(join(factDir, "retired-host"), JSON.stringify({ ansible_fqdn: "y" }));
    const old = new Date(Date.now() - 86400_000);
    await Deno.utime(join(factDir, "localhost"), old, old);
    await Deno.utime(join(factDir, "retired-host"), old, old);

    const streamFile = join(tmp.path, "stream.bin");
    const tx = await run("/usr/bin/python3", ["-c", AWX_TRANSMIT, src, streamFile]);
    assert.equal(tx.code, 0, tx.stderr);
    const stream = await Deno.readFile(streamFile);
    const wpdd = join(tmp.path, "runner");
    const worker = await runTachyon(["worker", "--private-data-dir", wpdd, "--delete"], {
      stdin: stream,
    });
    assert.equal(worker.stderr, "");
    assert.equal(worker.code, 0);
    const text = new TextDecoder().decode(worker.stdout);
    assert.ok(!text.includes("hunter2-secret"), "password never in the stream");
    assert.ok(!text.includes("secret-key-material"), "ssh key never in the stream");
    const messages = parseStream(worker.stdout);
    assertWellFormed(messages, "77");
    const env = messages[0].env as Record<string, string>;
    assert.equal(env.AWX_PRIVATE_DATA_DIR, src, "AWX reads its pdd back from the env");
    const evs = events(messages);
    assert.ok(evs.every((e) => e.job_id === 77), "job_id from JOB_ID");
    assert.equal(evs.at(-1)!.event, "playbook_on_stats");
    await assert.rejects(Deno.stat(wpdd), "--delete removed the private data dir");

    const pdir = join(tmp.path, "awx");
    const processed = await processStream(worker.stdout, pdir, "77");
    assert.equal(processed.code, 0, processed.stderr);
    const artifacts = join(pdir, "artifacts", "77");
    assert.equal(await Deno.readTextFile(join(artifacts, "status")), "successful");
    const untouched = await Deno.stat(join(artifacts, "fact_cache", "retired-host"));
    assert.ok(Math.abs(untouched.mtime!.getTime() - old.getTime()) < 3000, "fact cache mtime kept");
    const gathered = await Deno.stat(join(artifacts, "fact_cache", "localhost"));
    assert.ok(
      gathered.mtime!.getTime() > Date.now() - 600_000,
      "facts gathered by this job are new",
    );
    const facts = JSON.parse(await Deno.readTextFile(join(artifacts, "fact_cache", "localhost")));
    assert.equal(typeof facts.ansible_hostname, "string", "the jsonfile cache holds the new facts");
    await assert.rejects(Deno.stat(join(artifacts, "stdout")), "suppress_output_file honoured");
  } finally {
    await tmp.remove();
  }
});

Deno.test("ad hoc ping through transmit → worker → process", async () => {
  const tmp = await tempDir();
  try {
    const src = join(tmp.path, "src");
    await writeDemoPdd(src);
    const stream = await transmit(src, ["-m", "ping", "--hosts", "localhost", "-i", "5"]);
    const worker = await runTachyon(["worker", `--private-data-dir=${join(tmp.path, "w")}`], {
      stdin: stream,
    });
    assert.equal(worker.stderr, "");
    assert.equal(worker.code, 0);
    const messages = parseStream(worker.stdout);
    assertWellFormed(messages, "5");
    const names = events(messages).map((e) => e.event);
    assert.deepEqual(names, [
      "playbook_on_start",
      "runner_on_start",
      "runner_on_ok",
      "playbook_on_stats",
    ]);
    const start = events(messages)[0].event_data as Record<string, unknown>;
    assert.equal(start.playbook, "__adhoc_playbook__");
    const processed = await processStream(worker.stdout, join(tmp.path, "p"), "5");
    assert.equal(processed.code, 0);
    assert.equal(
      await Deno.readTextFile(join(tmp.path, "p", "artifacts", "5", "status")),
      "successful",
    );
  } finally {
    await tmp.remove();
  }
});
