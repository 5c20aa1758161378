/**
 * `run`'s command line under the binary's permission set (one
 * {@linkcode CliSession}), against the real `ansible-runner run`'s recorded
 * answers: usage errors (the whole usage text, plus tachyon's `--ssh-key`),
 * the reference's own checks (exit 1), and what tachyon adds: a role
 * refused, the isolation options accepted with one warning, one paragraph
 * for a private data dir outside the binary's roots, and a job run on
 * localhost whose exit code is its rc. Jobs compared with the reference's
 * run are in `run_command_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runnerCli } from "../_oracles/runner_cli.ts";
import { tempDir } from "../_support/worker_process.ts";
import { exists } from "../_support/files.ts";
import { CliSession } from "./_cli_session.ts";

/** tachyon's one line in `run`'s usage (its `--ssh-key`). */
const SSH_KEY_USAGE = "                          [--ssh-key SSH_KEY]\n";

/** Usage errors of `run`'s own parser: the same text as the reference's. */
const PARSER_ERRORS = [
  ["run"],
  ["run", "x", "-p", "a", "-m", "b"],
  ["run", "x", "--rotate-artifacts", "q"],
  ["run", "x", "--pro"],
  ["run", "x", "--process-isolation-path"],
];

/** The reference's checks after parsing: exit 1 and its message, nothing created. */
const CHECKS = [
  ["run", "pdd", "--hosts", "web", "-p", "site.yml"],
  ["run", "pdd"],
  ["run", "pdd", "--hosts", "web"],
];

Deno.test("run's command line, case by case, as the real ansible-runner run", async (t) => {
  const cli = await CliSession.start();
  try {
    await t.step("usage errors: the whole usage text and argparse's message", async (t) => {
      for (const args of PARSER_ERRORS) {
        await t.step(args.join(" "), async () => {
          const ours = await cli.run(args);
          const ref = await runnerCli({ args });
          assert.equal(ref.code, 2);
          assert.equal(ours.code, 2);
          assert.equal(ours.stdout, "");
          assert.equal(ours.stderr.replace(SSH_KEY_USAGE, ""), ref.stderr);
        });
      }
      const ours = await cli.run(["run", "x", "--bogus"]);
      const ref = await runnerCli({ args: ["run", "x", "--bogus"] });
      assert.equal(ours.code, 2);
      assert.equal(lastLine(ours.stderr), lastLine(ref.stderr));
    });

    await t.step("the reference's checks: its message, exit 1, nothing created", async (t) => {
      for (const args of CHECKS) {
        await t.step(args.join(" "), async () => {
          const ref = await runnerCli({ args });
          const ours = await cli.run(args);
          assert.equal(ref.code, 1);
          assert.equal(ours.code, 1);
          assert.equal(ours.stdout, "");
          assert.equal(ours.stderr, ref.stderr);
          assert.equal(await exists("/tmp/pdd/artifacts"), false);
        });
      }
    });

    await t.step("-h: the reference's usage, then its help", async () => {
      const ours = await cli.run(["run", "-h"]);
      assert.equal(ours.code, 0);
      const ref = await runnerCli({ args: ["run"] });
      const usage = ref.stderr.slice(0, ref.stderr.indexOf("ansible-runner run: error"));
      assert.ok(ours.stdout.replace(SSH_KEY_USAGE, "").startsWith(`${usage}\n`));
      assert.match(ours.stdout, /\n {2}--process-isolation {3}Isolate execution\./);
      assert.match(ours.stdout, /\ntachyon Options:\n {2}--ssh-key SSH_KEY /);
    });

    await t.step(
      "a private data dir outside /runner and /tmp: one paragraph, no trace",
      async () => {
        for (const pdd of ["/home/me/demo", `/var/tmp/tachyon_outside_${crypto.randomUUID()}`]) {
          const out = await cli.run(["run", pdd, "-p", "main.yml"]);
          assert.equal(out.code, 1);
          assert.equal(out.stdout, "");
          assert.equal(out.stderr.trimEnd().split("\n").length, 1, out.stderr);
          assert.match(
            out.stderr,
            new RegExp(`^ansible-runner run: cannot read and write ${pdd}: `),
          );
          assert.match(out.stderr, /may use only \/runner and \/tmp/);
          assert.match(out.stderr, /"permissions\.default"/);
          assert.match(out.stderr, /deno compile -P=local -o dist\/tachyon-local main\.ts/);
          assert.match(out.stderr, /deno task dev/);
          assert.doesNotMatch(out.stderr, /NotCapable|at .*\.ts:\d+/);
          assert.equal(await exists(pdd), false);
        }
        const key = await cli.run(["run", "/tmp/x", "-m", "ping", "--ssh-key", "/etc/ssh/k"]);
        assert.equal(key.code, 1);
        assert.match(key.stderr, /^ansible-runner run: cannot read \/etc\/ssh\/k: /);
      },
    );

    await t.step(
      "-r is refused (roles are Ansible content); isolation flags: one warning",
      async () => {
        const tmp = await tempDir("tachyon_run_cli_");
        try {
          await Deno.mkdir(join(tmp.path, "inventory"));
          await Deno.writeTextFile(
            join(tmp.path, "inventory", "hosts"),
            "localhost ansible_connection=local\n",
          );
          const role = await cli.run(["run", tmp.path, "-r", "web", "--hosts", "all"]);
          assert.equal(role.code, 1);
          assert.match(role.stderr, /^ansible-runner run: -r\/--role runs an Ansible role/);

          const out = await cli.run([
            "run",
            tmp.path,
            "-m",
            "ping",
            "--hosts",
            "localhost",
            "-i",
            "iso",
            "--process-isolation",
            "--process-isolation-hide-paths",
            "/a",
            "/b",
            "--container-image",
            "quay.io/x:y",
          ]);
          assert.equal(out.code, 0, out.stderr);
          assert.equal(
            out.stderr,
            "ansible-runner run: warning: --process-isolation, --process-isolation-hide-paths, " +
              "--container-image do not apply: tachyon runs the job itself, without a container " +
              "or a sandbox.\n",
          );
          assert.match(out.stdout, /^tachyon: the ad hoc ping job runs natively/);
          assert.match(out.stdout, /\nlocalhost \| SUCCESS => \{/);
          assert.ok(!out.stdout.includes("\x1b["), "no colours when stdout is not a terminal");
          const status = await Deno.readTextFile(join(tmp.path, "artifacts", "iso", "status"));
          assert.equal(status, "successful");
        } finally {
          await tmp.remove();
        }
      },
    );

    await t.step(
      "the exit code is the job's rc; -q prints nothing; -j prints JSON lines",
      async () => {
        const tmp = await tempDir("tachyon_run_cli_");
        try {
          await Deno.mkdir(join(tmp.path, "inventory"));
          await Deno.writeTextFile(
            join(tmp.path, "inventory", "hosts"),
            "localhost ansible_connection=local\n",
          );
          const base = ["run", tmp.path, "-m", "command", "--hosts", "localhost"];
          const failed = await cli.run([...base, "-a", "false", "-q"]);
          assert.equal(failed.code, 2);
          assert.equal(failed.stdout, "");
          const json = await cli.run([...base, "-a", "echo hi", "-j", "-i", "j"]);
          assert.equal(json.code, 0);
          const events = json.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
          assert.deepEqual(events.map((e) => e.counter), [1, 2, 3, 4, 5]);
          assert.equal(
            await Deno.readTextFile(join(tmp.path, "artifacts", "j", "stdout")),
            json.stdout,
          );
        } finally {
          await tmp.remove();
        }
      },
    );
  } finally {
    await cli.close();
  }
});

function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}
