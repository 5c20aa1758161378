/**
 * `worker --worker-info` against the real ansible-runner, on this machine:
 * with HOME=/root, ours creates the uuid file, the reference reads it and
 * prints the same layout (its cpu and memory are not cgroup-capped); both
 * parsed by the real PyYAML as AWX parses them. Interop tier: the real peer,
 * Python and /root/.ansible_runner_uuid. The rest is in worker_info_test.ts.
 */
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
