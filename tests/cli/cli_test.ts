/**
 * The CLI surface: --version, --help, usage errors (checked against the real
 * ansible-runner's recorded answers), reserved commands, the many command
 * lines run in one {@linkcode CliSession}. The entrypoint itself, run as the
 * binary does (`deno run -P main.ts`), is in `cli_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { runnerCli } from "../_oracles/runner_cli.ts";
import { CliSession } from "./_cli_session.ts";

/** Usage errors compared with the real ansible-runner. */
const USAGE_ERRORS = [
  [],
  ["frobnicate"],
  ["--bogus", "worker"],
  ["worker", "--bogus"],
  ["worker", "--de"], // --delete or --debug
  ["worker", "--del=1"],
  ["worker", "--priv"],
  ["worker", "soon"],
  ["worker", "cleanup", "--grace-period", "x"],
  ["worker", "cleanup", "--file-pattern"],
  ["worker", "cleanup", "--bogus", "x"],
];

Deno.test("the CLI, command line by command line", async (t) => {
  const cli = await CliSession.start();
  try {
    await t.step("--version prints the version, also after worker", async () => {
      const out = await cli.run(["--version"]);
      assert.equal(out.code, 0);
      assert.match(out.stdout, /^\d+\.\d+\.\d+\n$/);
      assert.equal((await cli.run(["worker", "--version"])).stdout, out.stdout);
    });

    await t.step("--help prints the common usage and exits 0", async () => {
      const out = await cli.run(["--help"]);
      assert.equal(out.code, 0);
      assert.match(out.stdout, /These are common Ansible Runner commands/);
    });

    await t.step(
      "no command, unknown command and unknown worker option exit 2 with a message",
      async (t) => {
        for (
          const [args, pattern] of [
            [[], /the following arguments are required/],
            [["frobnicate"], /invalid choice: 'frobnicate'/],
            [["worker", "--bogus"], /unrecognized arguments: --bogus/],
            [["worker", "--keepalive-seconds", "soon"], /invalid int value: 'soon'/],
            [["worker", "--private-data-dir"], /expected one argument/],
          ] as const
        ) {
          await t.step(args.join(" ") || "(nothing)", async () => {
            const out = await cli.run([...args]);
            assert.equal(out.code, 2, `${args.join(" ")}`);
            assert.match(out.stderr, pattern);
            assert.equal(out.stdout.length, 0);
          });
        }
      },
    );

    await t.step("both --opt=value and --opt value forms are accepted", async () => {
      for (
        const args of [["--private-data-dir=/tmp/x", "--help"], [
          "--private-data-dir",
          "/tmp/x",
          "--help",
        ]]
      ) {
        const out = await cli.run(["worker", ...args]);
        assert.equal(out.code, 0, out.stderr);
      }
    });

    await t.step("every command of ansible-runner is available", async (t) => {
      for (const command of ["run", "start", "stop", "is-alive", "transmit", "worker", "process"]) {
        await t.step(command, async () => {
          const out = await cli.run([command, "--help"]);
          assert.equal(out.code, 0, out.stderr);
          assert.match(out.stdout, new RegExp(`^usage: ansible-runner ${command} `));
        });
      }
      for (const command of ["stop", "is-alive"]) {
        const out = await cli.run([command, "/tmp/tachyon_no_such_pdd"]);
        assert.deepEqual(out, { code: 1, stdout: "", stderr: "" }, `${command}: no job`);
      }
    });

    await t.step(
      "usage errors: the parser at fault and argparse's message, as the real ansible-runner",
      async (t) => {
        for (const args of USAGE_ERRORS) {
          await t.step(args.join(" ") || "(nothing)", async () => {
            const ours = await cli.run(args);
            const ref = await runnerCli({ args });
            assert.equal(ours.code, 2, args.join(" "));
            assert.equal(ref.code, 2, args.join(" "));
            assert.equal(ours.stdout.length, 0);
            assert.equal(lastLine(ours.stderr), lastLine(ref.stderr), args.join(" "));
          });
        }
      },
    );

    await t.step(
      "--help and --version stop parsing where they stand, as argparse's actions do",
      async () => {
        for (
          const args of [["worker", "--help", "--bogus"], [
            "worker",
            "--vers",
            "--keepalive-seconds",
          ]]
        ) {
          const out = await cli.run(args);
          assert.equal(out.code, 0, `${args.join(" ")}: ${out.stderr}`);
          assert.equal(out.stderr, "");
        }
        const late = await cli.run(["worker", "--keepalive-seconds", "x", "--help"]);
        assert.equal(late.code, 2);
        assert.match(
          late.stderr,
          /ansible-runner worker: error: argument --keepalive-seconds: invalid int/,
        );
      },
    );
  } finally {
    await cli.close();
  }
});

function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}
