/**
 * `worker --worker-info` against the real ansible-runner, on this machine:
 * with HOME=/root, ours creates the uuid file, the reference reads it and
 * prints the same layout (its cpu and memory are not cgroup-capped); both
 * parsed by the real PyYAML as AWX parses them. Interop tier: the real peer,
 * Python and /root/.ansible_runner_uuid. The rest is in worker_info_test.ts.
 */
import assert from "node:assert/strict";
import { runPython } from "../_oracles/python.ts";
import {
  ROOT,
  runTachyonText,
  type TextOutput,
  withoutDenoNotice,
} from "../_support/worker_process.ts";
import { parseWithPyYaml, type PyYamlParse, UUID_RE } from "./_awx_parse.ts";

/** Runs the real entrypoint like the compiled binary: `deno run -P main.ts worker …`. */
function tachyon(args: string[], env: Record<string, string>): Promise<TextOutput> {
  return runTachyonText(args, {
    cwd: ROOT,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", ...env },
  });
}

/** Asserts the reference's exact shape: PyYAML's dump, then print's extra newline. */
function assertReferenceLayout(stdout: string, parsed: PyYamlParse): void {
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
    assert.equal(withoutDenoNotice(ours.stderr), "");
    const parsed = await parseWithPyYaml(ours.stdout, runPython);
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
    const refParsed = await parseWithPyYaml(refOut, runPython);
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
