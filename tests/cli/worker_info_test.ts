import assert from "node:assert/strict";

import { ROOT, run, tachyonCommand } from "../_support/worker_process.ts";

const WARNING = "Permissions in the config file is an experimental feature";
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real entrypoint like the compiled binary: `deno run -P main.ts worker …`. */
async function tachyon(
  args: string[],
  env: Record<string, string>,
  clearHome = false,
): Promise<Run> {
  const out = await tachyonCommand(args, {
    cwd: ROOT,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", ...env },
    clearEnv: clearHome,
  }, "null").output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}

/** stderr without Deno's one "permissions in the config file" warning line. */
function extraStderr(stderr: string): string {
  return stderr.split("\n").filter((line) => !line.includes(WARNING)).join("\n");
}

interface Parsed {
  info: Record<string, unknown>;
  /** PyYAML's own `safe_dump(info, default_flow_style=True)` of what it parsed. */
  redumped: string;
}

/** Parses `stdout` the way AWX does (`yaml.safe_load(stdout.strip())`) and re-dumps it. */
async function parseLikeAwx(stdout: string): Promise<Parsed> {
  const script = "import json, sys, yaml\n" +
    "d = yaml.safe_load(sys.stdin.read().strip())\n" +
    "assert isinstance(d, dict), type(d)\n" +
    "types = {k: type(v).__name__ for k, v in d.items()}\n" +
    "print(json.dumps({'info': d, 'types': types, " +
    "'redumped': yaml.safe_dump(d, default_flow_style=True)}))\n";
  const out = await run("/usr/bin/python3", ["-c", script], {
    stdin: new TextEncoder().encode(stdout),
  });
  assert.equal(out.code, 0, out.stderr);
  const parsed = JSON.parse(new TextDecoder().decode(out.stdout));
  assert.deepEqual(Object.keys(parsed.types).sort(), [
    "cpu_count",
    "errors",
    "mem_in_bytes",
    "runner_version",
    "uuid",
  ]);
  assert.equal(parsed.types.cpu_count, "int");
  assert.equal(parsed.types.runner_version, "str");
  assert.equal(parsed.types.errors, "list");
  return { info: parsed.info, redumped: parsed.redumped };
}

/** Asserts the reference's exact shape: PyYAML's dump, then print's extra newline. */
function assertReferenceLayout(stdout: string, parsed: Parsed): void {
  assert.equal(stdout, `${parsed.redumped}\n`);
  assert.ok(stdout.endsWith("}\n\n"));
}

async function withTempHome(fn: (home: string) => Promise<void>): Promise<void> {
  const home = await Deno.makeTempDir({ dir: "/tmp", prefix: "tachyon_worker_info_test_" });
  try {
    await fn(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("worker --worker-info: YAML AWX parses, created uuid file stable, 0600, no newline", async () => {
  await withTempHome(async (home) => {
    const first = await tachyon(["worker", "--worker-info"], { HOME: home });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(extraStderr(first.stderr), "");
    const parsed = await parseLikeAwx(first.stdout);
    assertReferenceLayout(first.stdout, parsed);
    const { info } = parsed;
    assert.deepEqual(info.errors, []);
    assert.equal(info.runner_version, "0.1.0");
    assert.ok(Number.isInteger(info.mem_in_bytes) && (info.mem_in_bytes as number) > 0);
    assert.ok(Number.isInteger(info.cpu_count) && (info.cpu_count as number) >= 1);
    assert.ok((info.cpu_count as number) <= navigator.hardwareConcurrency);
    assert.match(String(info.uuid), UUID_RE);

    const file = `${home}/.ansible_runner_uuid`;
    assert.equal(await Deno.readTextFile(file), info.uuid); // no newline
    assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);

    const second = await tachyon(["worker", "--worker-info"], { HOME: home });
    assert.equal(second.code, 0);
    assert.equal(second.stdout, first.stdout);
  });
});

Deno.test("worker --worker-info: existing uuid file is re-chmodded to 0600 and stripped", async () => {
  await withTempHome(async (home) => {
    const file = `${home}/.ansible_runner_uuid`;
    await Deno.writeTextFile(file, "  node-7 id\n", { mode: 0o644 });
    await Deno.chmod(file, 0o644);
    const run = await tachyon(["worker", "--worker-info"], { HOME: `${home}/` });
    assert.equal(run.code, 0, run.stderr);
    const parsed = await parseLikeAwx(run.stdout);
    assertReferenceLayout(run.stdout, parsed);
    assert.equal(parsed.info.uuid, "node-7 id");
    assert.deepEqual(parsed.info.errors, []);
    assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
    assert.equal(await Deno.readTextFile(file), "  node-7 id\n");
  });
});

Deno.test("worker --worker-info: an unusable uuid file is an error entry and uuid null, exit 0", async () => {
  const assertUuidError = async (run: Run, pattern: RegExp) => {
    assert.equal(run.code, 0);
    assert.equal(extraStderr(run.stderr), "");
    const parsed = await parseLikeAwx(run.stdout);
    assertReferenceLayout(run.stdout, parsed);
    assert.equal(parsed.info.uuid, null);
    const errors = parsed.info.errors as string[];
    assert.equal(errors.length, 1);
    assert.match(errors[0], pattern);
    assert.ok(Number.isInteger(parsed.info.mem_in_bytes));
  };
  await withTempHome(async (home) => {
    // The uuid "file" is a directory: unreadable.
    await Deno.mkdir(`${home}/.ansible_runner_uuid`);
    const run = await tachyon(["worker", "--worker-info"], { HOME: home });
    await assertUuidError(run, /uuid file .*\.ansible_runner_uuid/);
    // The home does not exist: the file cannot be created, and nothing is created.
    const missing = `${home}/no/such/home`;
    await assertUuidError(
      await tachyon(["worker", "--worker-info"], { HOME: missing }),
      /uuid file .*no\/such\/home\/\.ansible_runner_uuid/,
    );
    await assert.rejects(Deno.stat(`${home}/no`), Deno.errors.NotFound);
  });
  // No HOME at all.
  await assertUuidError(await tachyon(["worker", "--worker-info"], {}, true), /HOME/);
});

Deno.test("worker --worker-info with HOME=/root matches the real ansible-runner line for line", async () => {
  const file = "/root/.ansible_runner_uuid";
  let saved: { text: string; mode: number } | undefined;
  try {
    saved = { text: await Deno.readTextFile(file), mode: (await Deno.stat(file)).mode! & 0o7777 };
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  try {
    await Deno.remove(file).catch(() => {});
    const ours = await tachyon(["worker", "--worker-info"], { HOME: "/root" });
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(extraStderr(ours.stderr), "");
    const parsed = await parseLikeAwx(ours.stdout);
    assertReferenceLayout(ours.stdout, parsed);
    assert.match(String(parsed.info.uuid), UUID_RE);
    assert.equal(await Deno.readTextFile(file), parsed.info.uuid);
    assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);

    // The reference reads the uuid file we created and prints the same layout.
    const ref = await new Deno.Command("/usr/bin/ansible-runner", {
      args: ["worker", "--worker-info"],
      env: { HOME: "/root", PATH: "/usr/bin:/bin" },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const refOut = new TextDecoder().decode(ref.stdout);
    assert.equal(ref.code, 0, new TextDecoder().decode(ref.stderr));
    const refParsed = await parseLikeAwx(refOut);
    assert.equal(refParsed.info.uuid, parsed.info.uuid);
    // Ours is capped by cgroup limits, the reference's is not.
    assert.ok((parsed.info.mem_in_bytes as number) <= (refParsed.info.mem_in_bytes as number));
    const expected = refOut
      .replace(/runner_version: [^,}]+/, `runner_version: ${parsed.info.runner_version}`)
      .replace(/cpu_count: \d+/, `cpu_count: ${parsed.info.cpu_count}`)
      .replace(/mem_in_bytes: \d+/, `mem_in_bytes: ${parsed.info.mem_in_bytes}`);
    assert.equal(ours.stdout, expected);
  } finally {
    if (saved) {
      await Deno.writeTextFile(file, saved.text);
      await Deno.chmod(file, saved.mode);
    } else {
      await Deno.remove(file).catch(() => {});
    }
  }
});
