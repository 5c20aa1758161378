/**
 * `group` and `user` against the real Ansible 2.14: the same steps on two
 * identical lab hosts (Ansible's `ansible -m` on one, tachyon on the other,
 * both under become), one after the other, comparing each result (changed,
 * failed, msg, uid, group, home, …), check mode, idempotence (every change
 * is run twice), failures, and the account database and homes at the end.
 */
import assert from "node:assert/strict";
import { startLabTwins, type TwinStep, type TwinStepOptions } from "./_twin_lab.ts";

/** Whether a step must change something (checked on Ansible's host). */
type StepOptions = TwinStepOptions & { changes?: boolean };

/** A step with its name and whether it must change something. */
type NamedStep = TwinStep & StepOptions & { name: string };

/** A SHA-512 crypt hash of a throwaway test password (`openssl passwd -6`). */
const HASH =
  "$6$tachyonsalt$l6c19RuYDktxXehqjmOMInB/TBSTCELIIJDsep9BslJEO4McBevvNU13B1/fm/Cs6R3QJRAGH6QO5sh3JBjy1/";

/** What to compare about the accounts on a host (days since epoch of the last change masked). */
const STATE_SCRIPT = `
for u in alice bob carol dave; do getent passwd "$u" || echo "no user $u"; done
for u in alice bob carol dave; do getent shadow "$u" | awk -F: 'BEGIN{OFS=":"} {$3="<lastchg>"; print}'; done
for g in tgrp tsys tdup tgrp2 alice bob carol dave; do getent group "$g" || echo "no group $g"; done
for d in /home/alice /home/alice2 /home/bob /srv/people /srv/people/carol /srv/people/carol/.ssh /srv/people/keys /home/dave; do
  if [ -e "$d" ]; then stat -c '%n %A %U %G' "$d"; ls -A "$d"; else echo "no $d"; fi
done
`;

/**
 * The two hosts generate different keys under their own host names: the
 * fingerprint and public key keep their shape, with those parts as tokens.
 */
function randomKeys(result: Record<string, unknown>): Record<string, unknown> {
  const out = { ...result };
  for (const key of ["ssh_fingerprint", "ssh_public_key"]) {
    if (typeof out[key] !== "string") continue;
    out[key] = (out[key] as string).replace(/SHA256:\S+/, "SHA256:<fp>")
      .replace(/ AAAA\S+/, " <key>").replace(/usr0[12]/, "<host>");
  }
  return out;
}

Deno.test("group and user on lab hosts: the same results and accounts as Ansible", async (t) => {
  await using pair = await startLabTwins("usr");
  const steps: NamedStep[] = [];
  const once = (
    name: string,
    module: string,
    args: Record<string, unknown>,
    options: StepOptions = {},
  ) => steps.push({ name, module, args, ...options });
  const twice = (name: string, module: string, args: Record<string, unknown>) => {
    once(`${name} (check mode)`, module, args, { check: true });
    once(name, module, args, { changes: true });
    once(`${name} again`, module, args, { changes: false });
  };

  twice("group with a gid", "group", { name: "tgrp", gid: 3001 });
  twice("group gid changed", "group", { name: "tgrp", gid: 3002 });
  twice("system group", "group", { name: "tsys", system: true });
  twice("non-unique gid", "group", { name: "tdup", gid: 3002, non_unique: true });
  once("a taken gid fails with groupadd's message", "group", { name: "tgrp2", gid: 3002 });
  once("an absent group stays absent", "group", { name: "tgrp2", state: "absent" }, {
    changes: false,
  });
  twice("group removed", "group", { name: "tdup", state: "absent" });
  once("group recreated", "group", { name: "tdup", gid: 3003 });

  twice("user created", "user", {
    name: "alice",
    uid: 4001,
    comment: "Alice A",
    shell: "/bin/bash",
    groups: ["tsys"],
  });
  twice("groups appended", "user", { name: "alice", groups: "tdup", append: true });
  twice("groups replaced", "user", { name: "alice", groups: ["tdup"] });
  twice("groups emptied", "user", { name: "alice", groups: [] });
  twice("primary group", "user", { name: "alice", group: "tgrp" });
  twice("password", "user", { name: "alice", password: HASH });
  twice("password locked", "user", { name: "alice", password_lock: true });
  twice("password unlocked", "user", { name: "alice", password_lock: false });
  once("password on_create leaves it", "user", {
    name: "alice",
    password: "$6$other$" + "x".repeat(86),
    update_password: "on_create",
  });
  twice("expiry", "user", { name: "alice", expires: 1893456000 });
  twice("no expiry", "user", { name: "alice", expires: -1 });
  twice("password ageing", "user", {
    name: "alice",
    password_expire_max: 90,
    password_expire_min: 1,
  });
  twice("home moved", "user", { name: "alice", home: "/home/alice2", move_home: true });
  once("a missing group fails", "user", { name: "alice", group: "nosuch" });
  once("a missing supplementary group fails", "user", { name: "alice", groups: "nosuch" });
  twice("system user without home", "user", {
    name: "bob",
    system: true,
    create_home: false,
  });
  twice("its missing home is made", "user", { name: "bob" });
  twice("home under a missing parent", "user", { name: "carol", home: "/srv/people/carol" });
  twice("an ssh key", "user", { name: "carol", generate_ssh_key: true, ssh_key_type: "ed25519" });
  once("an ssh key overwritten (force)", "user", {
    name: "carol",
    generate_ssh_key: true,
    ssh_key_type: "ed25519",
    force: true,
  }, { changes: true });
  twice("an ssh key file, bits and comment", "user", {
    name: "carol",
    generate_ssh_key: true,
    ssh_key_type: "rsa",
    ssh_key_bits: 1024,
    ssh_key_file: "/srv/people/keys/carol",
    ssh_key_comment: "ci key",
  });
  twice("a group named like the user", "group", { name: "dave" });
  twice("a user whose group exists", "user", { name: "dave", password: "plain-text" });
  twice("user removed with its home", "user", {
    name: "alice",
    state: "absent",
    remove: true,
  });
  twice("user removed", "user", { name: "bob", state: "absent", force: true });

  const results = await pair.runSteps(steps);
  for (const [i, s] of steps.entries()) {
    await t.step(s.name, () => {
      const [ansible, tachyon] = [results.ansible[i], results.tachyon[i]].map(randomKeys);
      assert.deepEqual(tachyon, ansible, `${s.module} ${JSON.stringify(s.args)}`);
      if (s.changes !== undefined) assert.equal(ansible.changed, s.changes, "Ansible's change");
    });
  }

  await t.step("the same accounts, groups and homes", async () => {
    const [ansible, tachyon] = await pair.shell(STATE_SCRIPT);
    assert.equal(tachyon, ansible);
  });

  await t.step("without become: useradd's own refusal", async () => {
    const args = { name: "erin" };
    const [ansible, tachyon] = await pair.both("user", args, { noBecome: true });
    assert.equal(tachyon.failed, true);
    assert.deepEqual(tachyon, ansible);
  });

  await t.step("the hash is never in a result", async () => {
    const result = await pair.tachyon("user", { name: "carol", password: HASH });
    assert.equal(result.password, "NOT_LOGGING_PASSWORD");
    assert.ok(!JSON.stringify(result).includes(HASH));
  });
});
