/**
 * `worker --worker-info`: the uuid file (created stable, 0600, no newline;
 * re-chmodded and stripped; an unusable one is an error entry), and YAML that
 * AWX's `yaml.safe_load` reads with the right types, laid out exactly as
 * PyYAML re-dumps it (recorded answers of the real PyYAML). The command lines
 * run in one {@linkcode CliSession}; the comparison with the real
 * ansible-runner is in worker_info_interop_test.ts.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { dumpFlowYaml, type FlowCollection } from "../../src/cli/flow_yaml.ts";
import { python } from "../_oracles/python.ts";
import { withTempDir } from "../_support/files.ts";
import { type CliRun, CliSession } from "./_cli_session.ts";
import { parseWithPyYaml, UUID_RE } from "./_awx_parse.ts";

/** What the machine and the test's temp dir make vary, as fixed stand-ins. */
const STAND_IN = {
  cpu_count: 2,
  mem_in_bytes: 25276518400,
  uuid: "c2c1d436-8520-4a80-918e-9444bfe8bb0b",
  home: "/tmp/tachyon_worker_info_test_HOME",
};

/**
 * Parses `stdout` and checks it the way AWX reads it: the text is exactly our
 * emitter's dump of its values plus print's newline, and PyYAML, given the
 * same text with the values of this machine and temp dir (`home`) replaced by
 * fixed stand-ins, reads the right types and re-dumps it byte for byte.
 * Returns the values of `stdout`.
 */
async function parseLikeAwx(stdout: string, home?: string): Promise<Record<string, unknown>> {
  const info = parse(stdout) as Record<string, unknown>;
  assert.equal(stdout, `${dumpFlowYaml(info as FlowCollection)}\n`);
  const standIn: Record<string, unknown> = {
    ...info,
    cpu_count: STAND_IN.cpu_count,
    errors: (info.errors as string[]).map((e) => home ? e.replaceAll(home, STAND_IN.home) : e),
  };
  if (typeof info.mem_in_bytes === "number") standIn.mem_in_bytes = STAND_IN.mem_in_bytes;
  if (UUID_RE.test(String(info.uuid))) standIn.uuid = STAND_IN.uuid;
  const text = `${dumpFlowYaml(standIn as FlowCollection)}\n`;
  const parsed = await parseWithPyYaml(text, python);
  assert.deepEqual(parsed.info, standIn);
  // The reference's exact shape: PyYAML's dump, then print's extra newline.
  assert.equal(text, `${parsed.redumped}\n`);
  assert.ok(stdout.endsWith("}\n\n"));
  return info;
}

/** Runs `fn` with a fresh home directory, removed afterwards. */
function withTempHome(fn: (home: string) => Promise<void>): Promise<void> {
  return withTempDir("tachyon_worker_info_test_", fn);
}

Deno.test("worker --worker-info", async (t) => {
  const cli = await CliSession.start();
  const workerInfo = (home: string | null) => cli.run(["worker", "--worker-info"], { HOME: home });
  try {
    await t.step("YAML AWX parses, created uuid file stable, 0600, no newline", async () => {
      await withTempHome(async (home) => {
        const first = await workerInfo(home);
        assert.equal(first.code, 0, first.stderr);
        assert.equal(first.stderr, "");
        const info = await parseLikeAwx(first.stdout, home);
        assert.deepEqual(info.errors, []);
        assert.equal(info.runner_version, "0.1.0");
        assert.ok(Number.isInteger(info.mem_in_bytes) && (info.mem_in_bytes as number) > 0);
        assert.ok(Number.isInteger(info.cpu_count) && (info.cpu_count as number) >= 1);
        assert.ok((info.cpu_count as number) <= navigator.hardwareConcurrency);
        assert.match(String(info.uuid), UUID_RE);

        const file = `${home}/.ansible_runner_uuid`;
        assert.equal(await Deno.readTextFile(file), info.uuid); // no newline
        assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);

        const second = await workerInfo(home);
        assert.equal(second.code, 0);
        assert.equal(second.stdout, first.stdout);
      });
    });

    await t.step("existing uuid file is re-chmodded to 0600 and stripped", async () => {
      await withTempHome(async (home) => {
        const file = `${home}/.ansible_runner_uuid`;
        await Deno.writeTextFile(file, "  node-7 id\n", { mode: 0o644 });
        await Deno.chmod(file, 0o644);
        const run = await workerInfo(`${home}/`);
        assert.equal(run.code, 0, run.stderr);
        const info = await parseLikeAwx(run.stdout, home);
        assert.equal(info.uuid, "node-7 id");
        assert.deepEqual(info.errors, []);
        assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
        assert.equal(await Deno.readTextFile(file), "  node-7 id\n");
      });
    });

    await t.step("an unusable uuid file is an error entry and uuid null, exit 0", async (t) => {
      const assertUuidError = async (run: CliRun, pattern: RegExp, home?: string) => {
        assert.equal(run.code, 0);
        assert.equal(run.stderr, "");
        const info = await parseLikeAwx(run.stdout, home);
        assert.equal(info.uuid, null);
        const errors = info.errors as string[];
        assert.equal(errors.length, 1);
        assert.match(errors[0], pattern);
        assert.ok(Number.isInteger(info.mem_in_bytes));
      };
      await withTempHome(async (home) => {
        await t.step("the uuid file is a directory", async () => {
          await Deno.mkdir(`${home}/.ansible_runner_uuid`);
          const run = await workerInfo(home);
          await assertUuidError(run, /uuid file .*\.ansible_runner_uuid/, home);
        });
        await t.step("the home does not exist: nothing is created", async () => {
          const missing = `${home}/no/such/home`;
          await assertUuidError(
            await workerInfo(missing),
            /uuid file .*no\/such\/home\/\.ansible_runner_uuid/,
            home,
          );
          await assert.rejects(Deno.stat(`${home}/no`), Deno.errors.NotFound);
        });
      });
      await t.step("no HOME at all", async () => {
        await assertUuidError(await workerInfo(null), /HOME/);
      });
    });
  } finally {
    await cli.close();
  }
});
