/**
 * Lifecycle and job options: keepalive, temp dirs and hygiene, exit codes,
 * event-data options, failing automations.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseStream, ROOT, run, runTachyon, tempDir } from "../_support/worker_process.ts";

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

Deno.test("exit codes: failed host → 2 and status failed; unknown module → error event, failed, 1", async () => {
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
    assert.equal(unknown.code, 1);
    const um = parseStream(unknown.stdout);
    const error = um.find((m) => m.event === "error");
    assert.ok(error, "an error event");
    assert.match(String(error!.stdout), /frobnicate/);
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
    const events = omit.filter((m) => typeof m.event === "string");
    assert.ok(events.length >= 4);
    assert.ok(events.every((e) => JSON.stringify(e.event_data) === "{}"));

    const onlyFailed = parseStream(
      (await runTachyon(["worker", `--private-data-dir=${tmp.path}/b`], {
        stdin: job({ ...base, module_args: "false", ident: 7, only_failed_event_data: true }),
      })).stdout,
    ).filter((m) => typeof m.event === "string");
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

Deno.test("an automation that throws is a failed job with an error event (authoring loop)", async () => {
  const tmp = await tempDir();
  try {
    const file = join(tmp.path, "boom.ts");
    await Deno.writeTextFile(
      file,
      `import { defineAutomation } from "${ROOT}/mod.ts";\n` +
        `export default defineAutomation({ name: "boom", async run(ctx) {\n` +
        `  await ctx.play("p", "localhost", async (play) => { await play.ping(); });\n` +
        `  throw new Error("kaboom from the automation");\n} });\n`,
    );
    const broken = join(tmp.path, "broken.ts");
    await Deno.writeTextFile(broken, "export default 42;\n");
    for (
      const [path, pattern] of [[file, /kaboom from the automation/], [
        broken,
        /defineAutomation/,
      ]] as const
    ) {
      const out = await run(Deno.execPath(), [
        "run",
        "-P=dev",
        "--no-prompt",
        "--quiet",
        join(ROOT, "main.ts"),
        "worker",
        `--private-data-dir=${tmp.path}/p${path.length}`,
      ], {
        cwd: ROOT,
        env: { TACHYON_AUTOMATION: path },
        stdin: job({ ident: 9, playbook: "site.yml" }),
      });
      assert.equal(out.code, 1);
      const messages = parseStream(out.stdout);
      const error = messages.find((m) => m.event === "error");
      assert.ok(error);
      assert.match(String(error!.stdout), pattern);
      assert.ok(messages.some((m) => m.status === "failed"));
      assert.ok(!messages.some((m) => m.status === "successful"));
      assert.deepEqual(messages.at(-1), { eof: true });
    }
  } finally {
    await tmp.remove();
  }
});

Deno.test("the binary's permission set cannot load an automation from disk", async () => {
  const tmp = await tempDir();
  try {
    const out = await runTachyon(["worker", `--private-data-dir=${tmp.path}/p`], {
      stdin: job({ ident: 10, playbook: "site.yml", extravars: { target_hosts: "localhost" } }),
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

Deno.test("--become in the job's cmdline is reported as unsupported, not silently dropped", async () => {
  const tmp = await tempDir();
  try {
    const out = await runTachyon(["worker", `--private-data-dir=${tmp.path}/p`], {
      stdin: job({ ident: 16, module: "ping", host_pattern: "localhost", cmdline: "--become -vv" }),
    });
    assert.equal(out.code, 0);
    const warning = parseStream(out.stdout).find((m) => m.event === "warning");
    assert.ok(warning, "a warning event");
    assert.match(String(warning!.stdout).replace(/\s+/g, " "), /--become\) is not supported/);
  } finally {
    await tmp.remove();
  }
});
