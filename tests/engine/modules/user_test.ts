/**
 * `user`'s pure parts: argument parsing with Ansible's messages and
 * warnings, the account database parser, and the `useradd`/`usermod`/
 * `userdel` plans Ansible 2.14 would run for the same snapshot.
 */
import assert from "node:assert/strict";
import { parseUserArgs, plausibleHash } from "../../../src/engine/modules/user_args.ts";
import {
  type AccountSnapshot,
  findGroup,
  readAccounts,
} from "../../../src/engine/modules/user_accounts.ts";
import {
  expiryDate,
  planCreate,
  planModify,
  planRemove,
} from "../../../src/engine/modules/user_plan.ts";
import { ShellOutput } from "../../../src/engine/modules/remote_sh.ts";
import { ModuleArgsError } from "../../../src/engine/modules/module.ts";

const HASH =
  "$6$tachyonsalt$l6c19RuYDktxXehqjmOMInB/TBSTCELIIJDsep9BslJEO4McBevvNU13B1/fm/Cs6R3QJRAGH6QO5sh3JBjy1/";

const SNAPSHOT_TEXT = [
  "PW alice:x:4001:4001:Alice A:/home/alice:/bin/bash",
  `SP alice:!${HASH}:19000:0:99999:7:::`,
  "GR root:x:0:",
  "GR adm:x:4:alice",
  "GR sudo:x:27:",
  "GR alice:x:4001:",
  "GQ 27 sudo:x:27:",
].join("\n") + "\n";

function snapshot(): AccountSnapshot {
  return readAccounts(ShellOutput.parse(SNAPSHOT_TEXT), "alice");
}

Deno.test("user arguments: aliases, defaults, Ansible's messages and warnings", () => {
  const args = parseUserArgs({ user: "alice", groups: "adm, sudo", createhome: "no" });
  assert.equal(args.name, "alice");
  assert.equal(args.groups, "adm,sudo");
  assert.equal(args.createHome, false);
  assert.equal(args.updatePassword, "always");
  assert.equal(args.passwordLock, undefined);
  assert.deepEqual(parseUserArgs("name=bob uid=1200").uid, 1200);
  assert.deepEqual(parseUserArgs({ name: "bob", groups: [] }).groups, "");
  assert.throws(() => parseUserArgs({}), /missing required arguments: name/);
  assert.throws(
    () => parseUserArgs({ name: "bob", uid: "12a" }),
    /argument 'uid' is of type <class 'str'> and we were unable to convert to int: <class 'str'> cannot be converted to an int/,
  );
  assert.throws(
    () => parseUserArgs({ name: "bob", expires: "soon" }),
    /unable to convert to float: <class 'str'> cannot be converted to a float/,
  );
  assert.throws(
    () => parseUserArgs({ name: "bob", state: "gone" }),
    /value of state must be one of: absent, present, got: gone/,
  );
  assert.throws(
    () => parseUserArgs({ name: "bob", nosuch: 1 }),
    /Unsupported parameters for \(user\) module: nosuch/,
  );
  assert.throws(
    () => parseUserArgs({ name: "bob", generate_ssh_key: true, ssh_key_passphrase: "x" }),
    /'ssh_key_passphrase'/,
  );
  assert.deepEqual(parseUserArgs({ name: "bob", generate_ssh_key: true }).sshKey, {
    type: "rsa",
    bits: 0,
    file: undefined,
    comment: undefined,
    force: false,
  });
  assert.equal(parseUserArgs({ name: "bob", ssh_key_type: "ed25519" }).sshKey, undefined);
  assert.throws(() => parseUserArgs({ name: "bob", local: true }), /'local'/);
  assert.throws(() => parseUserArgs({ name: "bob", seuser: "user_u" }), ModuleArgsError);
  assert.equal(parseUserArgs({ name: "bob", local: false, hidden: true }).name, "bob");
  assert.deepEqual(parseUserArgs({ name: "bob", append: true }).warnings, [
    "'append' is set, but no 'groups' are specified. Use 'groups' for appending new groups." +
    "This will change to an error in Ansible 2.14.",
  ]);
  assert.match(
    parseUserArgs({ name: "bob", password: "secret" }).warnings[0],
    /not to have been hashed/,
  );
  assert.deepEqual(parseUserArgs({ name: "bob", password: HASH }).warnings, []);
});

Deno.test("plausibleHash follows check_password_encrypted", () => {
  for (const ok of [HASH, "!", "*", "*************", "$y$j9T$abc$def", "$5$s$" + "a".repeat(43)]) {
    assert.equal(plausibleHash(ok), true, ok);
  }
  for (
    const bad of [
      "secret",
      "$6$s$short",
      "$1$s$" + "a".repeat(21),
      "a:b$c$d",
      "$6$s$" + "#".repeat(86),
    ]
  ) {
    assert.equal(plausibleHash(bad), false, bad);
  }
});

Deno.test("the account snapshot: passwd, shadow, groups, lookups by gid then name", () => {
  const snap = snapshot();
  assert.deepEqual(snap.user, {
    name: "alice",
    password: "x",
    uid: 4001,
    gid: 4001,
    comment: "Alice A",
    home: "/home/alice",
    shell: "/bin/bash",
  });
  assert.deepEqual(snap.shadow, { password: `!${HASH}`, min: 0, max: 99999, expire: -1 });
  assert.equal(findGroup(snap, "27")?.name, "sudo");
  assert.equal(findGroup(snap, "adm")?.gid, 4);
  assert.equal(findGroup(snap, "nosuch"), undefined);
  // getent matches a numeric name by uid: an entry for another user is not ours.
  const other = readAccounts(ShellOutput.parse("PW root:x:0:0:root:/root:/bin/sh\n"), "0");
  assert.equal(other.user, undefined);
});

Deno.test("useradd's argv, as create_user_useradd builds it", () => {
  const empty: AccountSnapshot = {
    groups: [{ name: "adm", gid: 4, members: [] }],
    lookups: new Map(),
  };
  assert.deepEqual(
    planCreate(
      parseUserArgs({
        name: "bob",
        uid: 1200,
        non_unique: true,
        group: "adm",
        groups: "adm",
        comment: "Bob",
        home: "/srv/bob",
        shell: "/bin/sh",
        expires: 1893456000.5,
        password: HASH,
        password_lock: true,
        skeleton: "/etc/skel2",
        umask: "077",
        system: true,
      }),
      empty,
    ).command,
    {
      argv: [
        "useradd",
        "-u",
        "1200",
        "-o",
        "-g",
        "adm",
        "-G",
        "adm",
        "-c",
        "Bob",
        "-d",
        "/srv/bob",
        "-s",
        "/bin/sh",
        "-e",
        "2030-01-01",
        "-m",
        "-k",
        "/etc/skel2",
        "-K",
        "UMASK=077",
        "-r",
        "bob",
      ],
      password: `!${HASH}`,
    },
  );
  const sameName: AccountSnapshot = {
    groups: [{ name: "bob", gid: 9, members: [] }],
    lookups: new Map(),
  };
  assert.deepEqual(
    planCreate(parseUserArgs({ name: "bob", create_home: false, expires: -5 }), sameName).command
      ?.argv,
    ["useradd", "-N", "-e", "", "-M", "bob"],
  );
  assert.deepEqual(planCreate(parseUserArgs({ name: "bob", group: "nope" }), empty), {
    failure: "Group nope does not exist",
  });
  assert.deepEqual(planCreate(parseUserArgs({ name: "bob", groups: ["adm", "nope"] }), empty), {
    failure: "Group nope does not exist",
  });
});

Deno.test("usermod's argv, as modify_user_usermod decides it", () => {
  const snap = snapshot();
  const plan = (args: Record<string, unknown>) =>
    planModify(parseUserArgs({ name: "alice", ...args }), snap);
  assert.deepEqual(
    plan({ uid: 4001, comment: "Alice A", shell: "/bin/bash", home: "/home/alice" }),
    {},
  );
  assert.deepEqual(plan({ groups: "adm" }), {});
  assert.deepEqual(plan({ groups: "adm", append: true }), {});
  assert.deepEqual(plan({ groups: "sudo", append: true }).command?.argv, [
    "usermod",
    "-a",
    "-G",
    "sudo",
    "alice",
  ]);
  assert.deepEqual(plan({ groups: "sudo" }).command?.argv, ["usermod", "-G", "sudo", "alice"]);
  assert.deepEqual(plan({ groups: "" }).command?.argv, ["usermod", "-G", "", "alice"]);
  assert.deepEqual(plan({ groups: "", append: true }), {});
  assert.deepEqual(plan({ group: "27" }).command?.argv, ["usermod", "-g", "27", "alice"]);
  assert.deepEqual(plan({ home: "/srv/a", move_home: true }).command?.argv, [
    "usermod",
    "-d",
    "/srv/a",
    "-m",
    "alice",
  ]);
  // The hash is the same once the lock's "!" is set aside: nothing to do, even unlocked.
  assert.deepEqual(plan({ password: HASH, password_lock: true }), {});
  assert.deepEqual(plan({ password_lock: false }).command?.argv, ["usermod", "-U", "alice"]);
  // A new hash drops -U/-L: the hash carries the lock.
  const changed = plan({
    password: "$6$x$" + "y".repeat(86),
    password_lock: false,
    shell: "/bin/sh",
  });
  assert.deepEqual(changed.command, {
    argv: ["usermod", "-s", "/bin/sh", "alice"],
    password: "$6$x$" + "y".repeat(86),
  });
  assert.deepEqual(plan({ password: "$6$x$" + "y".repeat(86), update_password: "on_create" }), {});
  assert.deepEqual(plan({ expires: 1893456000 }).command?.argv, [
    "usermod",
    "-e",
    "2030-01-01",
    "alice",
  ]);
  assert.deepEqual(plan({ expires: -1 }), {});
  assert.deepEqual(plan({ group: "nope" }), { failure: "Group nope does not exist" });
});

Deno.test("expiry dates and userdel", () => {
  assert.equal(expiryDate(0), "1970-01-01");
  assert.equal(expiryDate(86399.9), "1970-01-01");
  assert.equal(expiryDate(1893456000), "2030-01-01");
  assert.deepEqual(planRemove(parseUserArgs({ name: "a", state: "absent" })).command?.argv, [
    "userdel",
    "a",
  ]);
  assert.deepEqual(
    planRemove(parseUserArgs({ name: "a", state: "absent", force: true, remove: true })).command
      ?.argv,
    ["userdel", "-f", "-r", "a"],
  );
});
