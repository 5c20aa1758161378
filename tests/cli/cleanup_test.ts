/**
 * `worker cleanup` on real directories: AWX's argv, grace periods, live and
 * stale pids, registry auth dirs, symlinks, refused system paths and usage,
 * the last two against the real ansible-runner's recorded answers. The
 * command lines run in one {@linkcode CliSession}; podman's part is in
 * cleanup_interop_test.ts.
 */
import assert from "node:assert/strict";
import { runnerCli } from "../_oracles/runner_cli.ts";
import { exists, withTempDir } from "../_support/files.ts";
import { CliSession } from "./_cli_session.ts";

const TMP_PREFIX = "tachyon_cleanup_test_";

/** Makes a dir (with `files` inside) whose mtime is `ageMinutes` old. */
async function makeDir(
  path: string,
  ageMinutes = 0,
  files: Record<string, string> = {},
): Promise<void> {
  await Deno.mkdir(path, { recursive: true });
  for (const [name, text] of Object.entries({ inventory: "localhost\n", ...files })) {
    await Deno.writeTextFile(`${path}/${name}`, text);
  }
  const when = new Date(Date.now() - ageMinutes * 60_000);
  await Deno.utime(path, when, when);
}

Deno.test("worker cleanup", async (t) => {
  const cli = await CliSession.start();
  /** Runs `ansible-runner worker cleanup ARGS` in the session. */
  const cleanup = (args: string[]) => cli.run(["worker", "cleanup", ...args]);
  try {
    await t.step(
      "AWX's argv, space-joined excludes, files kept, changed True then False",
      async () => {
        await withTempDir(TMP_PREFIX, async (tmp) => {
          for (const name of ["awx_12_aaa", "awx_13_bbb", "awx_14_ccc", "awx_15_ddd"]) {
            await makeDir(`${tmp}/${name}`);
          }
          await Deno.writeTextFile(`${tmp}/awx_16_file`, "not a dir");
          await makeDir(`${tmp}/.awx_17_hidden`); // `*` does not match hidden names
          await makeDir(`${tmp}/other_18_x`);
          const pattern = `${tmp}/awx_*_*`;
          // What receptor's shlex split makes of `--exclude-strings="awx_12_ awx_13_"`.
          const argv = [
            "--exclude-strings=awx_12_ awx_13_",
            `--file-pattern=${pattern}`,
            "--grace-period=0",
          ];
          const run = await cleanup(argv);
          assert.equal(run.code, 0, run.stderr);
          assert.equal(run.stderr, "");
          assert.equal(
            run.stdout,
            `Removed 2 private data dir(s) in pattern ${pattern}\n(changed: True)\n`,
          );
          assert.deepEqual(
            await Promise.all(
              ["awx_12_aaa", "awx_13_bbb", "awx_14_ccc", "awx_15_ddd", "awx_16_file"].map((n) =>
                exists(`${tmp}/${n}`)
              ),
            ),
            [true, true, false, false, true],
          );
          assert.ok(await exists(`${tmp}/.awx_17_hidden`));
          assert.ok(await exists(`${tmp}/other_18_x`));

          const again = await cleanup(argv);
          assert.equal(again.code, 0);
          assert.equal(again.stdout, "(changed: False)\n");
        });
      },
    );

    await t.step(
      "grace period in minutes keeps new dirs (default 60)",
      async () => {
        await withTempDir(TMP_PREFIX, async (tmp) => {
          await makeDir(`${tmp}/awx_1_new`, 0);
          await makeDir(`${tmp}/awx_2_old`, 120);
          await makeDir(`${tmp}/awx_3_middle`, 30);
          const pattern = `${tmp}/awx_*`;
          const byDefault = await cleanup([`--file-pattern=${pattern}`]);
          assert.equal(byDefault.code, 0, byDefault.stderr);
          assert.equal(
            byDefault.stdout,
            `Removed 1 private data dir(s) in pattern ${pattern}\n(changed: True)\n`,
          );
          assert.ok(await exists(`${tmp}/awx_1_new`));
          assert.ok(!(await exists(`${tmp}/awx_2_old`)));
          assert.ok(await exists(`${tmp}/awx_3_middle`));

          const shorter = await cleanup(["--file-pattern", pattern, "--grace-period", "20"]);
          assert.equal(
            shorter.stdout,
            `Removed 1 private data dir(s) in pattern ${pattern}\n(changed: True)\n`,
          );
          assert.ok(await exists(`${tmp}/awx_1_new`));
          assert.ok(!(await exists(`${tmp}/awx_3_middle`)));
        });
      },
    );

    await t.step("a live pid keeps the dir, a stale pid does not", async () => {
      await withTempDir(TMP_PREFIX, async (tmp) => {
        const sleeper = new Deno.Command("/bin/sleep", { args: ["60"], stdin: "null" }).spawn();
        try {
          const finished = new Deno.Command("/bin/true").spawn();
          await finished.status;
          await makeDir(`${tmp}/awx_1_live`, 120, { pid: `${sleeper.pid}\n` });
          await makeDir(`${tmp}/awx_2_stale`, 120, { pid: `${finished.pid}\n` });
          await makeDir(`${tmp}/awx_3_garbage`, 120, { pid: "not a pid\n" });
          const pattern = `${tmp}/awx_*`;
          const run = await cleanup([`--file-pattern=${pattern}`]);
          assert.equal(run.code, 0, run.stderr);
          assert.equal(run.stderr, "");
          assert.equal(
            run.stdout,
            `Excluding running project ${tmp}/awx_1_live from cleanup\n` +
              `Removed 2 private data dir(s) in pattern ${pattern}\n(changed: True)\n`,
          );
          assert.ok(await exists(`${tmp}/awx_1_live/pid`));
          assert.ok(!(await exists(`${tmp}/awx_2_stale`)));
          assert.ok(!(await exists(`${tmp}/awx_3_garbage`)));
        } finally {
          sleeper.kill("SIGKILL");
          await sleeper.status;
        }
      });
    });

    await t.step(
      "removes the job's registry auth dirs, never follows symlinks",
      async () => {
        await withTempDir(TMP_PREFIX, async (tmp) => {
          const ident = `tachyontest${crypto.randomUUID().slice(0, 8)}`;
          const authDir = `/tmp/ansible_runner_registry_${ident}_x1y2`;
          const decoy = `/tmp/ansible_runner_registry_${ident}0_keep`;
          try {
            await makeDir(`${tmp}/awx_5_job/artifacts/${ident}`);
            await Deno.utime(`${tmp}/awx_5_job`, 0, 0);
            await makeDir(authDir);
            await makeDir(decoy);
            await makeDir(`${tmp}/target`);
            await Deno.symlink(`${tmp}/target`, `${tmp}/awx_6_link`);
            const pattern = `${tmp}/awx_*_*`;
            const run = await cleanup([`--file-pattern=${pattern}`, "--grace-period=0"]);
            assert.equal(run.code, 0, run.stderr);
            assert.equal(
              run.stdout,
              `Removed associated registry auth dir ${authDir}\n` +
                `Removed 1 private data dir(s) in pattern ${pattern}\n(changed: True)\n`,
            );
            assert.ok(!(await exists(authDir)));
            assert.ok(await exists(decoy));
            assert.ok(!(await exists(`${tmp}/awx_5_job`)));
            assert.ok(await exists(`${tmp}/awx_6_link`));
            assert.ok(await exists(`${tmp}/target/inventory`));
            // A trailing slash must not turn the symlink into its target either.
            const slash = await cleanup([`--file-pattern=${tmp}/awx_*_*/`, "--grace-period=0"]);
            assert.equal(slash.stdout, "(changed: False)\n");
            assert.ok(await exists(`${tmp}/target/inventory`));
          } finally {
            await Deno.remove(authDir, { recursive: true }).catch(() => {});
            await Deno.remove(decoy, { recursive: true });
          }
        });
      },
    );

    await t.step(
      "refuses system paths with the reference's message and exit 1",
      async (t) => {
        for (const pattern of ["/", "/hom*"]) {
          await t.step(`${pattern}, as the real ansible-runner`, async () => {
            const ours = await cleanup([`--file-pattern=${pattern}`]);
            const ref = await runnerCli({
              args: ["worker", "cleanup", `--file-pattern=${pattern}`],
            });
            assert.equal(ref.code, 1);
            assert.equal(ours.code, 1);
            assert.equal(ours.stdout, "");
            assert.equal(ours.stderr, ref.stderr);
            assert.match(
              ours.stderr,
              /Provided pattern could result in deleting system folders:\n/,
            );
          });
        }
        await withTempDir(TMP_PREFIX, async (tmp) => {
          await makeDir(`${tmp}/awx_1_x`, 120);
          await Deno.symlink("/etc", `${tmp}/awx_2_etc`);
          const patterns: [string, string][] = [
            ["a symlink to /etc", `${tmp}/awx_*`],
            ["/tm?/", "/tm?/"],
            ["../..", `${tmp}/awx_1_x/../..`],
          ];
          for (const [name, pattern] of patterns) {
            await t.step(name, async () => {
              const run = await cleanup([`--file-pattern=${pattern}`, "--grace-period=0"]);
              assert.equal(run.code, 1, pattern);
              assert.equal(run.stdout, "");
              assert.match(run.stderr, /^Provided pattern could result in deleting system/);
              assert.match(run.stderr, /Refusing to continue for user system safety\.\n$/);
            });
          }
          const symlink = await cleanup([`--file-pattern=${tmp}/awx_*`]);
          assert.match(symlink.stderr, new RegExp(`\n${tmp}/awx_2_etc\n`));
          assert.ok(await exists(`${tmp}/awx_1_x/inventory`)); // nothing was deleted
        });
      },
    );

    await t.step("usage", async (t) => {
      const help = await cleanup(["-h"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^usage: ansible-runner worker cleanup \[-h\] \[--file-pattern/);
      const nothing = await cleanup([]);
      assert.equal(nothing.code, 0);
      assert.equal(nothing.stdout, "(changed: False)\n");
      for (const bad of [["--grace-period=soon"], ["extra"], ["--bogus"], ["--file-pattern"]]) {
        await t.step(bad.join(" "), async () => {
          const run = await cleanup(bad);
          assert.equal(run.code, 2, bad.join(" "));
          assert.equal(run.stdout, "");
          // The parser at fault and argparse's message, as the real ansible-runner prints them.
          const ref = await runnerCli({ args: ["worker", "cleanup", ...bad] });
          assert.equal(ref.code, 2);
          assert.equal(lastLine(run.stderr), lastLine(ref.stderr));
        });
      }
    });
  } finally {
    await cli.close();
  }
});

function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}
