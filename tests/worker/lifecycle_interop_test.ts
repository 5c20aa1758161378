/**
 * Lifecycle and job options: keepalive, temp dirs and hygiene, exit codes,
 * event-data options, failing automations.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ANSIBLE_RUNNER,
  decisionOf,
  parseStream,
  ROOT,
  run,
  runTachyon,
  tempDir,
  transmit,
  withoutDecision,
} from "../_support/worker_process.ts";

const encoder = new TextEncoder();
type Message = Record<string, unknown>;

function job(kwargs: Record<string, unknown>): Uint8Array {
  return encoder.encode(JSON.stringify({ kwargs }) + "\n" + '{"eof": true}\n');
}

function tachyonEntries(): string[] {
  return [...Deno.readDirSync("/tmp")].map((e) => e.name).filter((n) =>
    n.startsWith("tachyon_") && !n.startsWith("tachyon_test_")
  );
}

Deno.test("keepalive: --keepalive-seconds and the env var emit the exact line between messages only", async () => {
  const tmp = await tempDir();
  try {
    const kwargs = {
      ident: "k",
      module: "shell",
      module_args: "sleep 2.2",
      host_pattern: "localhost",
    };
    for (
      const [args, env, expectSome] of [
        [["--keepalive-seconds", "1"], {}, true],
        [[], { ANSIBLE_RUNNER_KEEPALIVE_SECONDS: "1" }, true],
        [["--keepalive-seconds=0"], { ANSIBLE_RUNNER_KEEPALIVE_SECONDS: "1" }, false],
        [[], {}, false],
      ] as const
    ) {
      const out = await runTachyon(
        ["worker", `--private-data-dir=${join(tmp.path, "p")}`, ...args],
        { stdin: job(kwargs), env },
      );
      const text = new TextDecoder().decode(out.stdout);
      const keepalives = text.split("\n").filter((l) => l.includes('"keepalive"'));
      for (const line of keepalives) {
        assert.equal(line, '{"event": "keepalive", "counter": 0, "uuid": 0}');
      }
      if (expectSome) {
        assert.ok(keepalives.length >= 1 && keepalives.length < 5, `${keepalives.length}`);
      } else assert.equal(keepalives.length, 0);
      const messages = parseStream(out.stdout);
      assert.deepEqual(messages.at(-1), { eof: true });
    }
  } finally {
    await tmp.remove();
  }
});

Deno.test("no --private-data-dir: a temp dir is used and removed; nothing lands in cwd or HOME", async () => {
  const tmp = await tempDir();
  try {
    const cwd = join(tmp.path, "cwd");
    const home = join(tmp.path, "home");
    await Deno.mkdir(cwd);
    await Deno.mkdir(home);
    const before = tachyonEntries();
    const out = await runTachyon(["worker"], {
      stdin: job({ ident: 1, module: "ping", host_pattern: "localhost" }),
      cwd,
      env: { HOME: home },
    });
    assert.equal(out.code, 0, out.stderr);
    assert.ok(parseStream(out.stdout).some((m) => m.status === "successful"));
    assert.deepEqual([...Deno.readDirSync(cwd)], [], "nothing written to the current directory");
    assert.deepEqual([...Deno.readDirSync(home)], [], "nothing written to HOME");
    assert.deepEqual(tachyonEntries(), before, "the temp dir is gone");
  } finally {
    await tmp.remove();
  }
});

Deno.test("no temp file is left in the private data dir after a job", async () => {
  const tmp = await tempDir();
  try {
    const pdd = join(tmp.path, "pdd");
    await runTachyon(["worker", `--private-data-dir=${pdd}`], {
      stdin: job({ ident: 2, module: "ping", host_pattern: "localhost" }),
    });
    const top = [...Deno.readDirSync(pdd)].map((e) => e.name).sort();
    assert.deepEqual(top, ["artifacts"]);
  } finally {
    await tmp.remove();
  }
});

Deno.test("exit codes: failed host → 2 and status failed; a module tachyon lacks → Ansible's outcome", async () => {
  const tmp = await tempDir();
  try {
    const failed = await runTachyon(["worker", `--private-data-dir=${join(tmp.path, "a")}`], {
      stdin: job({ ident: 3, module: "command", module_args: "false", host_pattern: "localhost" }),
    });
    assert.equal(failed.code, 2);
    const fm = parseStream(failed.stdout);
    assert.ok(fm.some((m) => m.event === "runner_on_failed"));
    assert.ok(fm.some((m) => m.status === "failed"));
    const stats = fm.find((m) => m.event === "playbook_on_stats")!.event_data as Message;
    assert.deepEqual(stats.failures, { localhost: 1 });

    const unknown = await runTachyon(["worker", `--private-data-dir=${join(tmp.path, "b")}`], {
      stdin: job({ ident: 4, module: "frobnicate", host_pattern: "localhost" }),
    });
    // The planner hands it to the EE's Ansible, which fails it as the reference does.
    assert.equal(unknown.code, 2);
    const um = parseStream(unknown.stdout);
    assert.match(decisionOf(um), /the ad hoc frobnicate job runs under the EE's Ansible/);
    assert.ok(
      um.some((m) => typeof m.event === "string" && String(m.stdout).includes("frobnicate")),
      "Ansible names the module",
    );
    assert.ok(um.some((m) => m.status === "failed"));
    assert.deepEqual(um.at(-1), { eof: true });
  } finally {
    await tmp.remove();
  }
});

Deno.test("invalid module arguments → runner_on_failed with Ansible's message", async () => {
  const tmp = await tempDir();
  try {
    const out = await runTachyon(["worker", `--private-data-dir=${tmp.path}/p`], {
      stdin: job({ ident: 5, module: "ping", module_args: "bogus=1", host_pattern: "localhost" }),
    });
    assert.equal(out.code, 2);
    const failed = parseStream(out.stdout).find((m) => m.event === "runner_on_failed")!;
    const res = (failed.event_data as Record<string, Message>).res;
    assert.match(String(res.msg), /Unsupported parameters for \(ping\) module: bogus/);
  } finally {
    await tmp.remove();
  }
});

Deno.test("omit_event_data, only_failed_event_data and MAX_EVENT_RES", async () => {
  const tmp = await tempDir();
  try {
    const base = { module: "command", module_args: "echo hello", host_pattern: "localhost" };
    const omit = parseStream(
      (await runTachyon(["worker", `--private-data-dir=${tmp.path}/a`], {
        stdin: job({ ...base, ident: 6, omit_event_data: true }),
      })).stdout,
    );
    const events = withoutDecision(omit).filter((m) => typeof m.event === "string");
    assert.ok(events.length >= 4);
    assert.ok(events.every((e) => JSON.stringify(e.event_data) === "{}"));

    const onlyFailed = parseStream(
      (await runTachyon(["worker", `--private-data-dir=${tmp.path}/b`], {
        stdin: job({ ...base, module_args: "false", ident: 7, only_failed_event_data: true }),
      })).stdout,
    ).filter((m) => typeof m.event === "string" && m.event !== "verbose");
    const withData = onlyFailed.filter((e) => JSON.stringify(e.event_data) !== "{}");
    assert.deepEqual(withData.map((e) => e.event), ["runner_on_failed"]);

    const clipped = parseStream(
      (await runTachyon(["worker", `--private-data-dir=${tmp.path}/c`], {
        stdin: job({ ...base, ident: 8, envvars: { MAX_EVENT_RES: "10" } }),
      })).stdout,
    );
    const ok = clipped.find((m) => m.event === "runner_on_ok")!;
    assert.deepEqual((ok.event_data as Message).res, {});
  } finally {
    await tmp.remove();
  }
});

/** Runs the worker from source with `TACHYON_AUTOMATION=file` (dev permissions, as `deno task dev`). */
async function runFromDisk(
  file: string,
  pdd: string,
): Promise<{ code: number; messages: Message[] }> {
  const out = await runTachyon(["worker", `--private-data-dir=${pdd}`], {
    cwd: ROOT,
    automation: file,
    stdin: job({ ident: 9, playbook: "main.yml" }),
  });
  return { code: out.code, messages: withoutDecision(parseStream(out.stdout)) };
}

/** The event names of a stream, in order. */
const eventNames = (messages: Message[]) =>
  messages.filter((m) => typeof m.event === "string").map((m) => m.event);

Deno.test("an automation that throws: ERROR! at its own file:line, no PLAY RECAP, failed (as a fatal error in the reference)", async () => {
  const tmp = await tempDir();
  try {
    const header = `import { defineAutomation } from "${ROOT}/mod.ts";\n`;
    const boom = join(tmp.path, "boom.ts");
    await Deno.writeTextFile(
      boom,
      header +
        `export default defineAutomation({ name: "boom", async run(ctx) {\n` +
        `  await ctx.play("p", "localhost", async (play) => { await play.ping(); });\n` +
        `  throw new Error("kaboom from the automation");\n} });\n`,
    );
    const shel = join(tmp.path, "shel.ts");
    await Deno.writeTextFile(
      shel,
      header +
        `export default defineAutomation({ name: "shel", async run(ctx) {\n` +
        `  await ctx.play("p", "localhost", async (play) => {\n` +
        `    await play.command("true");\n    await play.command("true");\n` +
        `    // a typo that deno task dev would refuse\n` +
        `    await play.shel("echo hi");\n  });\n} });\n`,
    );
    const broken = join(tmp.path, "broken.ts");
    await Deno.writeTextFile(broken, "export default 42;\n");
    const cases = [
      [boom, `Error: kaboom from the automation\n    at Object.run (${boom}:4:9)`],
      [
        shel,
        "AutomationApiError: play.shel is not part of the automation API (did you mean play.shell?). " +
        `play has: command, debug, hosts, name, ping, shell, task\n    at ${shel}:7:16`,
      ],
      [broken, "defineAutomation"],
    ] as const;
    for (const [file, text] of cases) {
      const { code, messages } = await runFromDisk(file, join(tmp.path, `p${file.length}`));
      assert.equal(code, 1);
      const error = messages.find((m) => m.event === "error");
      assert.ok(error);
      assert.ok(String(error!.stdout).includes(text), String(error!.stdout));
      assert.doesNotMatch(String(error!.stdout), /src\/engine|src\/worker|main\.ts|ext:/);
      assert.ok(!messages.some((m) => m.event === "playbook_on_stats"), "no recap after ERROR!");
      assert.ok(messages.some((m) => m.status === "failed"));
      assert.ok(!messages.some((m) => m.status === "successful"));
      assert.deepEqual(messages.at(-1), { eof: true });
      if (file === shel) {
        assert.equal(messages.filter((m) => m.event === "runner_on_ok").length, 2);
      }
    }

    // The reference, for a fatal error after a task ran (a play whose hosts cannot be
    // templated): the same events, ERROR! last, no playbook_on_stats, status failed.
    const src = join(tmp.path, "ref");
    await Deno.mkdir(join(src, "project"), { recursive: true });
    await Deno.mkdir(join(src, "inventory"));
    await Deno.writeTextFile(
      join(src, "inventory", "hosts"),
      "localhost ansible_connection=local\n",
    );
    await Deno.writeTextFile(
      join(src, "project", "main.yml"),
      "- hosts: localhost\n  gather_facts: false\n  tasks:\n    - ping:\n" +
        '- hosts: "{{ nope }}"\n  gather_facts: false\n  tasks:\n    - ping:\n',
    );
    const stream = await transmit(src, ["-p", "main.yml"]);
    const reference = await run(ANSIBLE_RUNNER, ["worker", `--private-data-dir=${tmp.path}/rw`], {
      stdin: stream,
    });
    const refMessages = parseStream(reference.stdout);
    const ours = await runFromDisk(boom, join(tmp.path, "again"));
    assert.deepEqual(eventNames(ours.messages), eventNames(refMessages));
    assert.deepEqual(eventNames(refMessages).slice(-2), ["runner_on_ok", "error"]);
    assert.ok(refMessages.some((m) => m.status === "failed"));
  } finally {
    await tmp.remove();
  }
});

Deno.test("the binary's permission set cannot load an automation from disk", async () => {
  const tmp = await tempDir();
  try {
    const out = await runTachyon(["worker", `--private-data-dir=${tmp.path}/p`], {
      stdin: job({ ident: 10, playbook: "main.yml", extravars: { target_hosts: "localhost" } }),
      env: { TACHYON_AUTOMATION: "/nonexistent/evil.ts" },
    });
    assert.equal(out.code, 0);
    const play = parseStream(out.stdout).find((m) => m.event === "playbook_on_play_start")!;
    assert.match(String(play.stdout), /reachability and host summary/);
  } finally {
    await tmp.remove();
  }
});

Deno.test("an internal fault (unusable private data dir) is reported in the protocol, not on stderr", async () => {
  const tmp = await tempDir();
  try {
    const file = join(tmp.path, "a-file");
    await Deno.writeTextFile(file, "x");
    const out = await runTachyon(["worker", `--private-data-dir=${file}/pdd`], {
      stdin: job({ ident: 11, module: "ping" }),
    });
    assert.equal(out.code, 1);
    assert.equal(out.stderr, "");
    const messages = parseStream(out.stdout);
    assert.equal(messages[0].status, "error");
    assert.match(String(messages[0].job_explanation), /tachyon internal error/);
    assert.deepEqual(messages.at(-1), { eof: true });
  } finally {
    await tmp.remove();
  }
});

Deno.test("a malformed inventory is an error event and a failed job, never a crash", async () => {
  const tmp = await tempDir();
  try {
    const pdd = join(tmp.path, "pdd");
    await Deno.mkdir(join(pdd, "inventory"), { recursive: true });
    await Deno.writeTextFile(join(pdd, "inventory", "hosts.yml"), "all:\n  hosts: [unclosed\n");
    const out = await runTachyon(["worker", `--private-data-dir=${pdd}`], {
      stdin: job({ ident: 15, module: "ping" }),
    });
    assert.equal(out.stderr, "");
    assert.equal(out.code, 1);
    const messages = parseStream(out.stdout);
    const error = messages.find((m) => m.event === "error");
    assert.ok(error, "an error event");
    assert.match(String(error!.stdout), /hosts\.yml/);
    assert.ok(messages.some((m) => m.status === "failed"));
    assert.deepEqual(messages.at(-1), { eof: true });
  } finally {
    await tmp.remove();
  }
});

Deno.test("--become in the job's cmdline applies: where it cannot (the local connection), the task fails saying so", async () => {
  const tmp = await tempDir();
  try {
    const out = await runTachyon(["worker", `--private-data-dir=${tmp.path}/p`], {
      stdin: job({ ident: 16, module: "ping", host_pattern: "localhost", cmdline: "--become -vv" }),
    });
    assert.equal(out.code, 2);
    const messages = parseStream(out.stdout);
    const failed = messages.find((m) => m.event === "runner_on_failed");
    assert.ok(failed, "a failed host, never a task run as the wrong user");
    const res = (failed!.event_data as Record<string, unknown>).res as Record<string, unknown>;
    assert.match(String(res.msg), /become on the local connection is not supported/);
    assert.ok(messages.some((m) => m.status === "failed"));
  } finally {
    await tmp.remove();
  }
});
