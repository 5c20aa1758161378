/**
 * raw: the command line as is, the same results as Ansible's (recorded).
 */
import assert from "node:assert/strict";
import { ansibleResult, runModule, withTemp } from "./_support.ts";

Deno.test("raw runs the command line as is: same result as Ansible", async (t) => {
  await withTemp(async (dir) => {
    const commands = [
      "echo hi; echo err >&2",
      "printf 'a\\nb'",
      "exit 3",
      // stdout_lines cut as Python's str.splitlines(): at \r, \f and \x1c too.
      "printf 'a\\fb\\034c\\r\\nd\\re\\n\\n'",
    ];
    for (const cmd of commands) {
      await t.step(cmd, async () => {
        const ours = await runModule(dir, "raw", cmd);
        const theirs = await ansibleResult(dir, {}, "raw", cmd);
        assert.deepEqual(ours, theirs, cmd);
      });
    }
  });
});

Deno.test("raw executable= and check mode", async () => {
  await withTemp(async (dir) => {
    const r = await runModule(dir, "raw", "echo $0 executable=/bin/bash");
    assert.equal(r.stdout, "/bin/bash\n");
    const o = await runModule(dir, "raw", { _raw_params: "echo ok", executable: "/bin/sh" });
    assert.equal(o.stdout, "ok\n");
    const check = await runModule(dir, "raw", "touch should-not-exist", { check: true });
    const theirs = await ansibleResult(dir, {}, "raw", "touch should-not-exist", { check: true });
    assert.deepEqual(check, theirs);
    await assert.rejects(Deno.stat(`${dir}/should-not-exist`));
    const empty = await runModule(dir, "raw", "");
    assert.equal(empty.failed, true);
  });
});
