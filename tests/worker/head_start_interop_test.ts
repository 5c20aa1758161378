/**
 * The worker's head start (issue 10's overhead): a job whose kwargs line
 * already sends it to the EE's Ansible has its ansible-runner running before
 * the payload has even arrived, so the interpreter's start overlaps
 * everything else the worker does; a job for an automation starts no
 * interpreter at all. The stream here stops after its kwargs line, the test
 * looks at the worker's processes, then sends the rest: the job ends as usual.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pollUntil } from "../_support/deadline.ts";
import { processesWith } from "../_support/processes.ts";
import { parseStream, tachyonCommand, tempDir, transmit } from "../_support/worker_process.ts";
import { writeProjectSource } from "../_support/ansible_path.ts";

/** How long the interpreter may take to appear on a loaded machine. */
const APPEAR_WITHIN_MS = 30_000;
/** How long an automation's job is watched for an interpreter that must not start. */
const WATCH_MS = 1_500;
const LOCAL_INVENTORY =
  "localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n";

/** A worker that got the stream's first line only. */
async function workerWithKwargsOnly(stream: Uint8Array, pdd: string) {
  const newline = stream.indexOf(0x0a);
  const child = tachyonCommand(["worker", `--private-data-dir=${pdd}`]).spawn();
  const stdin = child.stdin.getWriter();
  await stdin.write(stream.subarray(0, newline + 1));
  const rest = async () => {
    await stdin.write(stream.subarray(newline + 1));
    await stdin.close();
    const out = await child.output();
    return { code: out.code, messages: parseStream(out.stdout) };
  };
  return { child, rest };
}

Deno.test("a playbook headed for Ansible has its ansible-runner started before the payload arrives", async () => {
  const dir = await tempDir("tachyon_head_start_");
  try {
    const src = await writeProjectSource(dir.path, "hello_debug", LOCAL_INVENTORY);
    const stream = await transmit(src, ["-p", "hello_debug.yml"]);
    const pdd = join(dir.path, "pdd");
    const worker = await workerWithKwargsOnly(stream, pdd);
    let interpreter: string[] = [];
    const appeared = await pollUntil(() => {
      interpreter = processesWith("ansible_runner", "worker", `--private-data-dir=${pdd}`);
      return interpreter.length > 0;
    }, APPEAR_WITHIN_MS);
    assert.ok(appeared, "the EE's ansible-runner starts on the kwargs line alone");
    assert.equal(interpreter.length, 1, interpreter.join("\n"));
    assert.equal(
      await Deno.stat(join(pdd, "project")).then(() => true, () => false),
      false,
      "the payload is not extracted yet",
    );
    const { code, messages } = await worker.rest();
    assert.equal(code, 0);
    assert.deepEqual(messages.at(-1), { eof: true });
    assert.equal(messages.findLast((m) => "status" in m)?.status, "successful");
  } finally {
    await dir.remove();
  }
});

Deno.test("a playbook an automation runs starts no interpreter", async () => {
  const dir = await tempDir("tachyon_head_start_");
  try {
    const src = join(dir.path, "src");
    await Deno.mkdir(join(src, "project"), { recursive: true });
    await Deno.mkdir(join(src, "inventory"));
    await Deno.writeTextFile(
      join(src, "project", "main.yml"),
      "# tachyon-automation: main\n- hosts: all\n",
    );
    await Deno.writeTextFile(
      join(src, "inventory", "hosts"),
      "localhost ansible_connection=local\n",
    );
    const stream = await transmit(src, ["-p", "main.yml"]);
    const pdd = join(dir.path, "pdd");
    const worker = await workerWithKwargsOnly(stream, pdd);
    const started = Date.now();
    let seen: string[] = [];
    while (Date.now() - started < WATCH_MS && seen.length === 0) {
      seen = processesWith("ansible_runner", `--private-data-dir=${pdd}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const { code, messages } = await worker.rest();
    assert.deepEqual(seen, [], "no interpreter for an automation's job");
    assert.equal(code, 0);
    assert.match(String(messages.find((m) => m.event === "verbose")?.stdout), /automation/);
    assert.equal(messages.findLast((m) => "status" in m)?.status, "successful");
  } finally {
    await dir.remove();
  }
});
