/**
 * fail and assert: the same results as Ansible's (recorded).
 */
import assert from "node:assert/strict";
import { ansibleResult, runModule, withTemp } from "./_support.ts";

Deno.test("fail: Ansible's results", async () => {
  await withTemp(async (dir) => {
    assert.deepEqual(
      await runModule(dir, "fail", undefined),
      await ansibleResult(dir, {}, "fail", ""),
    );
    assert.deepEqual(
      await runModule(dir, "fail", "msg=boom"),
      await ansibleResult(dir, {}, "fail", "msg=boom"),
    );
    const bad = await runModule(dir, "fail", { msg: "x", foo: 1 });
    assert.equal(bad.msg, "Invalid options for fail: foo");
  });
});

Deno.test("assert: booleans and functions of the host's vars, Ansible's result shapes", async () => {
  await withTemp(async (dir) => {
    const passed = await runModule(dir, "assert", {
      that: [true, (v: Record<string, unknown>) => v.env === "prod"],
    }, {
      extraVars: { env: "prod" },
    });
    assert.deepEqual(passed, await ansibleResult(dir, {}, "assert", { that: ["1 == 1"] }));
    const failed = await runModule(dir, "assert", {
      that: [true, (v: Record<string, unknown>) => v.env === "dev"],
      fail_msg: "nope",
    }, { extraVars: { env: "prod" } });
    const theirs = await ansibleResult(dir, {}, "assert", {
      that: ["1 == 1", "1 == 2"],
      fail_msg: "nope",
    });
    assert.deepEqual({ ...failed, assertion: "" }, { ...theirs, assertion: "" });
    assert.match(String(failed.assertion), /v\.env === "dev"/);
    const quiet = await runModule(dir, "assert", { that: true, success_msg: "yay", quiet: true });
    assert.deepEqual(
      quiet,
      await ansibleResult(dir, {}, "assert", { that: ["1 == 1"], success_msg: "yay", quiet: true }),
    );
    const msgList = await runModule(dir, "assert", { that: [false], msg: ["a", "b"] });
    assert.deepEqual(msgList.msg, ["a", "b"]);
    const throws = await runModule(dir, "assert", {
      that: () => {
        throw new Error("bad");
      },
    });
    assert.equal(throws.failed, true);
    assert.match(String(throws.msg), /The error was: bad$/);
    const jinja = await runModule(dir, "assert", { that: ["x == 1"] });
    assert.equal(jinja.failed, true);
    assert.match(String(jinja.msg), /no Jinja/);
    assert.equal(
      (await runModule(dir, "assert", { that: true, foo: 1 })).msg,
      "Invalid options for assert: foo",
    );
    assert.equal((await runModule(dir, "assert", {})).msg, 'conditional required in "that" string');
  });
});
