/**
 * The library, as a TypeScript program uses it: `run()` and `runAsync()`
 * from `mod.ts` run an ad hoc job and an automation on localhost (the local
 * connection: only `/bin/sh`), and the `Runner` answers `status`, `rc`,
 * `stats`, `events`, `hostEvents`, `stdout`; handlers run in the
 * reference's order. Cancels and timeouts of a long job (within 1 s, no
 * process left behind) are in `run_cancel_interop_test.ts`; the comparison
 * with the real `ansible-runner run` is in `run_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  defineAutomation,
  run,
  runAsync,
  RunnerConfigError,
  type RunnerEvent,
  RunnerOutputError,
  type RunnerSink,
} from "../../mod.ts";
import { exists } from "../_support/files.ts";
import { withoutColours } from "../../src/runner/console.ts";
import { withDeadline } from "../_support/deadline.ts";
import { collect, eventFiles, localPdd } from "./_runner_pdd.ts";

const DEADLINE_MS = 60_000;

/** An automation: one play on every host, a shell task, and `setStats`. */
const hello = defineAutomation({
  name: "hello",
  async run(ctx) {
    await ctx.play("Hello", "all", async (play) => {
      await play.shell("echo hello from $(hostname)", { name: "Say hello" });
      ctx.setStats({ greeted: [...play.hosts] });
    });
  },
});

Deno.test("run(): an ad hoc job's status, rc, stats, events, hostEvents and stdout", async () => {
  const pdd = await localPdd();
  try {
    const printed: string[] = [];
    const statuses: string[] = [];
    const runner = await withDeadline(DEADLINE_MS, "run()", () =>
      run({
        privateDataDir: pdd.path,
        module: "command",
        moduleArgs: "echo hello",
        hostPattern: "localhost",
        ident: "adhoc",
        print: (text) => printed.push(text),
        statusHandler: (status) => statuses.push(status.status),
      }));
    assert.equal(runner.status, "successful");
    assert.equal(runner.rc, 0);
    assert.equal(runner.ident, "adhoc");
    assert.equal(runner.artifactDir, join(pdd.path, "artifacts", "adhoc"));
    assert.deepEqual(statuses, ["starting", "running", "successful"]);
    assert.deepEqual(runner.stats, {
      skipped: {},
      ok: { localhost: 1 },
      dark: {},
      failures: {},
      ignored: {},
      rescued: {},
      processed: { localhost: 1 },
      changed: { localhost: 1 },
    });

    const events = await collect(runner.events);
    assert.deepEqual(events.map((e) => e.event), [
      "verbose", // the planner's decision
      "playbook_on_start",
      "runner_on_start",
      "runner_on_ok",
      "playbook_on_stats",
    ]);
    assert.deepEqual(events.map((e) => e.counter), [1, 2, 3, 4, 5]);
    assert.deepEqual(events, await eventFiles(runner.artifactDir), "events are the files");
    assert.deepEqual(runner.hostEvents("localhost").map((e) => e.event), [
      "runner_on_start",
      "runner_on_ok",
    ]);
    assert.deepEqual(runner.hostEvents("nowhere"), []);

    // What was printed is what the stdout artifact holds: each non-empty text and a newline.
    const texts = events.map((e) => String(e.stdout)).filter((t) => t !== "");
    assert.deepEqual(printed, texts);
    assert.equal(runner.stdout, texts.map((t) => `${t}\n`).join(""));
    assert.match(withoutColours(runner.stdout), /localhost \| CHANGED \| rc=0 >>\r\nhello\n/);
    assert.equal(await Deno.readTextFile(join(runner.artifactDir, "status")), "successful");
    assert.equal(await Deno.readTextFile(join(runner.artifactDir, "rc")), "0");
    const command = JSON.parse(await Deno.readTextFile(join(runner.artifactDir, "command")));
    assert.deepEqual(Object.keys(command), ["command", "cwd", "env"]);
  } finally {
    await pdd.remove();
  }
});

Deno.test("run(): an automation, its plays and tasks as events, a failed host as rc 2", async () => {
  const pdd = await localPdd();
  try {
    const runner = await withDeadline(
      DEADLINE_MS,
      "run()",
      () => run({ privateDataDir: pdd.path, automation: hello, quiet: true }),
    );
    assert.equal(runner.status, "successful");
    assert.equal(runner.rc, 0);
    const events = await collect(runner.events);
    assert.deepEqual(events.map((e) => e.event), [
      "verbose",
      "playbook_on_start",
      "playbook_on_play_start",
      "playbook_on_task_start",
      "runner_on_start",
      "runner_on_ok",
      "playbook_on_stats",
    ]);
    assert.match(String(events[0].stdout), /the automation hello given to run\(\) runs natively/);
    const stats = events.at(-1)!.event_data as Record<string, unknown>;
    assert.deepEqual(stats.artifact_data, { greeted: ["localhost"] });
    assert.deepEqual(runner.stats?.changed, { localhost: 1 });
    assert.match(runner.stdout, /TASK \[Say hello\]/);

    const failing = defineAutomation({
      name: "failing",
      async run(ctx) {
        await ctx.play("Fail", "all", async (play) => {
          await play.command("false");
        });
      },
    });
    const failed = await run({ privateDataDir: pdd.path, automation: failing, quiet: true });
    assert.equal(failed.status, "failed");
    assert.equal(failed.rc, 2);
    assert.deepEqual(failed.stats?.failures, { localhost: 1 });
    assert.equal(failed.hostEvents("localhost").at(-1)?.event, "runner_on_failed");
  } finally {
    await pdd.remove();
  }
});

Deno.test("handlers: eventHandler's false skips the file; artifacts, sinks and finished come last, in order", async () => {
  const pdd = await localPdd();
  try {
    const order: string[] = [];
    const handled: RunnerEvent[] = [];
    const sink: RunnerSink = {
      status: (data) => order.push(`sink status ${data.status}`),
      event: (event) => order.push(`sink event ${event.counter}`),
      close: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push("sink closed");
      },
    };
    const runner = await run({
      privateDataDir: pdd.path,
      module: "ping",
      hostPattern: "localhost",
      quiet: true,
      sinks: [sink],
      statusHandler: (status) => order.push(`status ${status.status}`),
      eventHandler: (event) => {
        handled.push(event);
        order.push(`event ${event.counter}`);
        return event.event !== "verbose";
      },
      artifactsHandler: (dir) => {
        order.push("artifacts");
        assert.equal(Deno.readTextFileSync(join(dir, "status")), "successful");
      },
      finishedCallback: (finished) => order.push(`finished ${finished.status} ${finished.rc}`),
    });
    assert.equal(runner.status, "successful");
    const files = await eventFiles(runner.artifactDir);
    assert.deepEqual(files.map((e) => e.event), handled.slice(1).map((e) => e.event));
    assert.equal(handled[0].event, "verbose");
    assert.deepEqual((await collect(runner.events)).map((e) => e.counter), [2, 3, 4, 5]);
    assert.deepEqual(order.slice(0, 4), [
      "sink status starting",
      "status starting",
      "sink status running",
      "status running",
    ]);
    assert.deepEqual(order.slice(4, 6), ["event 1", "sink event 1"]);
    assert.deepEqual(order.slice(-5), [
      "sink status successful",
      "status successful",
      "artifacts",
      "sink closed",
      "finished successful 0",
    ]);
  } finally {
    await pdd.remove();
  }
});

Deno.test("options that make no job are a RunnerConfigError before anything runs", async () => {
  const pdd = await localPdd();
  try {
    for (
      const [options, pattern] of [
        [{ role: "web" }, /is Ansible content/],
        [{ playbook: "site.yml", module: "ping" }, /Only one of playbook and module/],
        [{ automation: hello, module: "ping" }, /Only one of automation and module/],
        [{ module: "ping", ident: "a/b" }, /not a plain name/],
        [{ module: "ping", inventory: "nowhere" }, /does not appear to be a valid path/],
      ] as const
    ) {
      assert.throws(
        () => runAsync({ privateDataDir: pdd.path, quiet: true, ...options }),
        (error: unknown) => error instanceof RunnerConfigError && pattern.test(error.message),
      );
    }
    await assert.rejects(
      () => run({ privateDataDir: pdd.path, playbook: "main.yml", quiet: true }),
      (error: unknown) =>
        error instanceof RunnerConfigError && /give it the automation to run/.test(error.message),
    );
    assert.equal(await exists(join(pdd.path, "artifacts")), false, "nothing ran");
  } finally {
    await pdd.remove();
  }
});

Deno.test("json, quiet and the settings: JSON lines, suppress_ansible_output", async () => {
  const pdd = await localPdd({ "env/settings": "suppress_ansible_output: true\n" });
  try {
    const printed: string[] = [];
    const json = await run({
      privateDataDir: pdd.path,
      module: "ping",
      hostPattern: "localhost",
      json: true,
      print: (text) => printed.push(text),
    });
    assert.equal(printed.length, 0, "env/settings' suppress_ansible_output wins over quiet: false");
    const lines = json.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(lines.map((e) => e.counter), [1, 2, 3, 4, 5]);
    assert.deepEqual(
      lines.map((e) => e.uuid),
      (await eventFiles(json.artifactDir)).map((e) => e.uuid),
    );

    const shown = await run({
      privateDataDir: pdd.path,
      module: "ping",
      hostPattern: "localhost",
      json: true,
      settings: { suppress_ansible_output: false }, // the file's value wins
      print: (text) => printed.push(text),
    });
    assert.equal(shown.status, "successful");
    assert.equal(printed.length, 0);
  } finally {
    await pdd.remove();
  }
});

Deno.test("artifactDir outside the pdd and rotateArtifacts; no stdout artifact with suppress_output_file", async () => {
  const pdd = await localPdd();
  const elsewhere = await localPdd();
  try {
    const idents = ["one", "two", "three"];
    for (const ident of idents) {
      const runner = await run({
        privateDataDir: pdd.path,
        module: "ping",
        hostPattern: "localhost",
        quiet: true,
        ident,
        artifactDir: join(elsewhere.path, "runs"),
        rotateArtifacts: 2,
      });
      assert.equal(runner.artifactDir, join(elsewhere.path, "runs", ident));
      assert.equal(runner.status, "successful");
      await new Promise((resolve) => setTimeout(resolve, 20)); // distinct mtimes
    }
    const kept = [...Deno.readDirSync(join(elsewhere.path, "runs"))].map((e) => e.name).sort();
    assert.deepEqual(kept, ["three", "two"]);
    assert.equal(await exists(join(pdd.path, "artifacts")), false);

    const silent = await run({
      privateDataDir: pdd.path,
      module: "ping",
      hostPattern: "localhost",
      quiet: true,
      settings: { suppress_output_file: true },
    });
    assert.equal(silent.status, "successful");
    assert.throws(() => silent.stdout, RunnerOutputError);
  } finally {
    await pdd.remove();
    await elsewhere.remove();
  }
});

Deno.test("a job no route may run: status error with the planner's reason, rc 1, no artifacts", async () => {
  const pdd = await localPdd();
  const saved = Deno.env.get("TACHYON_PLAYBOOK_MODE");
  Deno.env.set("TACHYON_PLAYBOOK_MODE", "automation");
  try {
    const statuses: Record<string, unknown>[] = [];
    let artifacts = 0;
    const runner = await run({
      privateDataDir: pdd.path,
      playbook: "site.yml",
      quiet: true,
      statusHandler: (status) => statuses.push(status),
      artifactsHandler: () => artifacts++,
    });
    assert.equal(runner.status, "error");
    assert.equal(runner.errored, true);
    assert.equal(runner.rc, 1);
    assert.match(runner.explanation ?? "", /site\.yml cannot run in this image/);
    assert.deepEqual(statuses, [{ status: "error", job_explanation: runner.explanation }]);
    assert.equal(artifacts, 0);
    assert.deepEqual(await collect(runner.events), []);
  } finally {
    if (saved === undefined) Deno.env.delete("TACHYON_PLAYBOOK_MODE");
    else Deno.env.set("TACHYON_PLAYBOOK_MODE", saved);
    await pdd.remove();
  }
});
