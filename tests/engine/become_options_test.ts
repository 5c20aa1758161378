/**
 * Become precedence: host `ansible_become*` vars, then the task, then the
 * play, then the job's command line, then sudo/root.
 */
import assert from "node:assert/strict";
import { resolveBecome } from "../../src/engine/become_options.ts";

Deno.test("resolveBecome applies Ansible's precedence", async (t) => {
  await t.step("off unless something turns it on", () => {
    assert.equal(resolveBecome({}, {}, {}, {}), undefined);
  });
  await t.step("the job's -b with defaults", () => {
    assert.deepEqual(resolveBecome({}, {}, {}, { become: true }), {
      method: "sudo",
      user: "root",
      flags: undefined,
      exe: undefined,
    });
  });
  await t.step("a task's become: false beats the play's and the job's true", () => {
    assert.equal(
      resolveBecome({}, { become: false }, { become: true }, { become: true }),
      undefined,
    );
  });
  await t.step("ansible_become=false beats the task", () => {
    assert.equal(resolveBecome({ ansible_become: "false" }, { become: true }, {}, {}), undefined);
  });
  await t.step("task user beats play user beats job user; host var beats all", () => {
    const job = { become: true, becomeUser: "job" };
    assert.equal(resolveBecome({}, {}, { becomeUser: "play" }, job)?.user, "play");
    assert.equal(
      resolveBecome({}, { becomeUser: "task" }, { becomeUser: "play" }, job)?.user,
      "task",
    );
    assert.equal(
      resolveBecome({ ansible_become_user: "host" }, { becomeUser: "task" }, {}, job)?.user,
      "host",
    );
  });
  await t.step("password: host var, else the job's -K; the problem only without one", () => {
    const job = { become: true, password: "job-pw" };
    assert.equal(resolveBecome({}, {}, {}, job)?.password, "job-pw");
    assert.equal(
      resolveBecome({ ansible_become_pass: "host-pw" }, {}, {}, job)?.password,
      "host-pw",
    );
    const missing = resolveBecome({}, {}, {}, { become: true, passwordProblem: "why" });
    assert.equal(missing?.password, undefined);
    assert.equal(missing?.passwordProblem, "why");
  });
  await t.step("method, flags and exe from host vars", () => {
    assert.deepEqual(
      resolveBecome(
        { ansible_become_method: "su", ansible_become_flags: "-l", ansible_become_exe: "/bin/su" },
        { become: true },
        {},
        {},
      ),
      { method: "su", user: "root", flags: "-l", exe: "/bin/su" },
    );
  });
});
