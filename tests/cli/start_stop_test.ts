/**
 * `start`, `is-alive` and `stop` command lines under the binary's permission
 * set, in one {@linkcode CliSession}, against the real ansible-runner's
 * recorded answers: usage errors, `-h`, `run`'s checks, no pid file. Real
 * background jobs (`start` → `is-alive` → the end, `start` → `stop`, pid
 * files) are in `start_stop_jobs_interop_test.ts`; what the reference does
 * with the same jobs, and a daemon that ignores SIGTERM, are in
 * `start_stop_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { runnerCli } from "../_oracles/runner_cli.ts";
import { exists } from "../_support/files.ts";
import { tempDir } from "../_support/worker_process.ts";
import { CliSession } from "./_cli_session.ts";

/** tachyon's one line in `start`'s usage (its `--ssh-key`). */
const SSH_KEY_USAGE = "                            [--ssh-key SSH_KEY]\n";

Deno.test("start, stop and is-alive: command lines as the real ansible-runner's", async (t) => {
  const cli = await CliSession.start();
  try {
    await t.step("no private data dir: the whole usage text and argparse's message", async () => {
      for (const command of ["start", "stop", "is-alive"]) {
        const ours = await cli.run([command]);
        const ref = await runnerCli({ args: [command] });
        assert.equal(ref.code, 2);
        assert.equal(ours.code, 2, command);
        assert.equal(ours.stdout, "");
        assert.equal(ours.stderr.replace(SSH_KEY_USAGE, ""), ref.stderr, command);
      }
    });

    await t.step("-h: the reference's usage, then run's (start) or transmit's help", async () => {
      const run = await cli.run(["run", "-h"]);
      for (const command of ["start", "stop", "is-alive"]) {
        const ours = await cli.run([command, "-h"]);
        assert.equal(ours.code, 0);
        const ref = await runnerCli({ args: [command] });
        const usage = ref.stderr.slice(0, ref.stderr.indexOf(`ansible-runner ${command}: error`));
        assert.ok(ours.stdout.replace(SSH_KEY_USAGE, "").startsWith(`${usage}\n`), command);
        assert.match(ours.stdout, /\nAnsible Container Options:\n/);
      }
      const start = (await cli.run(["start", "-h"])).stdout;
      assert.equal(
        start.slice(start.indexOf("\npositional")),
        run.stdout.slice(run.stdout.indexOf("\npositional")),
      );
      assert.doesNotMatch((await cli.run(["stop", "-h"])).stdout, /--ssh-key|--process-isolation/);
    });

    await t.step("run's checks before anything starts: its message, exit 1", async (t) => {
      for (
        const args of [
          ["start", "pdd", "--hosts", "web", "-p", "site.yml"],
          ["start", "pdd"],
          ["start", "pdd", "--hosts", "web"],
        ]
      ) {
        await t.step(args.join(" "), async () => {
          const ref = await runnerCli({ args });
          const ours = await cli.run(args);
          assert.equal(ref.code, 1);
          assert.equal(ours.code, 1);
          assert.equal(ours.stdout, "");
          assert.equal(ours.stderr, ref.stderr);
          assert.equal(await exists("/tmp/pdd"), false);
        });
      }
      const outside = await cli.run(["start", "/home/me/demo", "-p", "main.yml"]);
      assert.equal(outside.code, 1);
      assert.match(
        outside.stderr,
        /^ansible-runner start: cannot read and write \/home\/me\/demo: /,
      );
      const role = await cli.run(["start", "/tmp/x", "-r", "web"]);
      assert.equal(role.code, 1);
      assert.match(role.stderr, /^ansible-runner start: -r\/--role runs an Ansible role/);
    });

    await t.step("no pid file: stop and is-alive exit 1 and say nothing", async () => {
      const tmp = await tempDir("tachyon_start_");
      try {
        for (const command of ["stop", "is-alive"]) {
          const ref = await runnerCli({ args: [command, "pdd"] });
          const ours = await cli.run([command, tmp.path]);
          assert.deepEqual(ref, { code: 1, stdout: "", stderr: "" }, command);
          assert.deepEqual(ours, { code: 1, stdout: "", stderr: "" }, command);
        }
      } finally {
        await tmp.remove();
      }
    });
  } finally {
    await cli.close();
  }
});
