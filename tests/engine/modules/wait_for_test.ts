/**
 * wait_for without waiting: a path present now and one that never existed
 * (state=absent) give Ansible's results (recorded); argument errors. What
 * takes real time (timeouts, content and ports that appear later, an abort)
 * is in `wait_for_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeTree } from "../../_oracles/ansible_cli.ts";
import { ansibleResult, facts, runModule, withTemp } from "./_support.ts";

Deno.test("wait_for path: present now, and absent when it never existed, like Ansible", async () => {
  await withTemp(async (dir) => {
    const files = { "f.txt": "hello\n" };
    await writeTree(dir, files);
    const ours = await facts(await runModule(dir, "wait_for", { path: join(dir, "f.txt") }));
    const theirs = await ansibleResult(dir, files, "wait_for", { path: "<DIR>/f.txt" });
    assert.deepEqual(ours, theirs);
    const gone = await runModule(dir, "wait_for", { path: join(dir, "never"), state: "absent" });
    assert.deepEqual(
      gone,
      await ansibleResult(dir, {}, "wait_for", { path: "<DIR>/never", state: "absent" }),
    );
  });
});

Deno.test("wait_for argument errors", async () => {
  await withTemp(async (dir) => {
    const both = await runModule(dir, "wait_for", { port: 1, path: "/x" });
    assert.equal(both.msg, "port and path parameter can not both be passed to wait_for");
    const bad = await runModule(dir, "wait_for", { port: 1, state: "gone" });
    assert.equal(
      bad.msg,
      "value of state must be one of: absent, present, started, stopped, got: gone",
    );
  });
});
