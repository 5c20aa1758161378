/**
 * `group`'s arguments: Ansible's names, types, `required_if` and messages;
 * `local` is refused by name.
 */
import assert from "node:assert/strict";
import { groupModule, parseGroupArgs } from "../../../src/engine/modules/group.ts";

Deno.test("group arguments: defaults, types, required_if and Ansible's messages", () => {
  assert.deepEqual(parseGroupArgs({ name: "ops" }), {
    name: "ops",
    state: "present",
    gid: undefined,
    system: false,
    nonUnique: false,
  });
  assert.deepEqual(parseGroupArgs("name=ops gid=2001 system=yes state=absent"), {
    name: "ops",
    state: "absent",
    gid: 2001,
    system: true,
    nonUnique: false,
  });
  assert.equal(parseGroupArgs({ name: "ops", gid: 7, non_unique: true }).nonUnique, true);
  assert.equal(parseGroupArgs({ name: "ops", local: false }).name, "ops");
  assert.throws(() => parseGroupArgs({}), /missing required arguments: name/);
  assert.throws(
    () => parseGroupArgs({ name: "ops", non_unique: true }),
    /non_unique is True but all of the following are missing: gid/,
  );
  assert.throws(
    () => parseGroupArgs({ name: "ops", gid: "x1" }),
    /argument 'gid' is of type <class 'str'> and we were unable to convert to int/,
  );
  assert.throws(() => parseGroupArgs({ name: "ops", local: true }), /'local'/);
  assert.throws(
    () => parseGroupArgs({ name: "ops", members: ["a"] }),
    /Unsupported parameters for \(group\) module: members\. Supported parameters include: gid, local, name, non_unique, state, system\./,
  );
  assert.equal(groupModule.fqcn, "ansible.builtin.group");
});
