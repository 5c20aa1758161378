/**
 * env/cmdline parsing: the flags AWX writes, the option tables of the real
 * ansible-playbook and ansible, and argparse's errors (shlex splitting is
 * tested with `src/python/` in tests/python/shlex_test.ts). ansible-core's
 * option tables are recorded (`tests/_oracles/worker_ansible_cli.ts`).
 */
import assert from "node:assert/strict";
import { ArgvError } from "../../src/worker/argparse.ts";
import { ANSIBLE_PARSERS, parseCmdline } from "../../src/worker/cmdline.ts";
import { ansibleOptionTables } from "../_oracles/worker_ansible_cli.ts";

Deno.test("AWX's ansible-playbook flags are understood", () => {
  const o = parseCmdline(
    `-u root --become --become-method sudo --become-user=admin --ask-pass -K --forks=5 ` +
      `-l 'web:&prod' -vvv -t a,b --skip-tags c --check --diff -e '{"x": 1}' -e y=2 ` +
      `--private-key /k -c ssh -T 30 --vault-id dev@prompt`,
  );
  assert.equal(o.remoteUser, "root");
  assert.equal(o.become, true);
  assert.equal(o.becomeMethod, "sudo");
  assert.equal(o.becomeUser, "admin");
  assert.equal(o.askPass, true);
  assert.equal(o.askBecomePass, true);
  assert.equal(o.forks, 5);
  assert.equal(o.limit, "web:&prod");
  assert.equal(o.verbosity, 3);
  assert.deepEqual(o.tags, ["a", "b"]);
  assert.deepEqual(o.skipTags, ["c"]);
  assert.equal(o.check, true);
  assert.equal(o.diff, true);
  assert.deepEqual(o.extraVars, ['{"x": 1}', "y=2"]);
  assert.equal(o.privateKey, "/k");
  assert.equal(o.connection, "ssh");
  assert.equal(o.timeout, 30);
  assert.equal(o.vault, true);
  assert.deepEqual(o.unknown, []);
});

Deno.test("unknown flags are collected, not fatal", () => {
  const o = parseCmdline("--frobnicate -f 3");
  assert.deepEqual(o.unknown, ["--frobnicate"]);
  assert.equal(o.forks, 3);
});

Deno.test("the option tables are ansible-core's: options, order, actions, int types, exclusive groups", async (t) => {
  const real = await ansibleOptionTables(["ansible-playbook", "ansible"]);
  for (const command of ["ansible-playbook", "ansible"] as const) {
    await t.step(command, () => {
      const spec = ANSIBLE_PARSERS[command];
      assert.equal(real[command].abbrev, true);
      assert.deepEqual(spec.options.flatMap((o) => o.flags), real[command].order, command);
      assert.deepEqual(
        spec.options.map((o) => [o.flags, o.dest, o.action ?? "store", o.type ?? null]),
        real[command].options,
        command,
      );
      assert.deepEqual(
        (spec.exclusive ?? []).map((group) => [...group].sort()).sort(),
        real[command].exclusive,
      );
    });
  }
});

Deno.test("each job reads its command line as its own command does", () => {
  // ansible-playbook: -t is --tags; ansible: -t is --tree (an option tachyon warns about).
  assert.deepEqual(parseCmdline("-t a,b", "ansible-playbook").tags, ["a", "b"]);
  const adhoc = parseCmdline("-t /tmp/tree -m ping -a 'data=x' web", "ansible");
  assert.deepEqual(adhoc.tags, []);
  assert.deepEqual(adhoc.unknown, ["-t"]);
  assert.equal(adhoc.module, "ping");
  assert.equal(adhoc.moduleArgs, "data=x");
  assert.deepEqual(adhoc.positionals, ["web"]);
  // -m is not an ansible-playbook option (and "ping" is then a playbook).
  const playbook = parseCmdline("-m ping");
  assert.deepEqual([playbook.unknown, playbook.positionals], [["-m"], ["ping"]]);
  // argparse stores the last -l (the old parser joined them with ':').
  assert.equal(parseCmdline("-l a -l b").limit, "b");
  // Unique prefixes and clusters, as argparse reads them.
  const o = parseCmdline("--us=root --che -bvvK --fork 3");
  assert.deepEqual([o.remoteUser, o.check, o.become, o.verbosity, o.askBecomePass, o.forks], [
    "root",
    true,
    true,
    2,
    true,
    3,
  ]);
});

Deno.test("what argparse rejects in a command line throws its message", async (t) => {
  const cases: [string, string][] = [
    ["-f 5x", "argument -f/--forks: invalid int value: '5x'"],
    ["-u", "argument -u/--user: expected one argument"],
    ["--fo 3", "ambiguous option: --fo could match --force-handlers, --forks"],
    [
      "-k --conn-pass-file /p",
      "argument --connection-password-file/--conn-pass-file: " +
      "not allowed with argument -k/--ask-pass",
    ],
    ["--check=yes", "argument -C/--check: ignored explicit argument 'yes'"],
  ];
  for (const [text, message] of cases) {
    await t.step(text, () => {
      assert.throws(
        () => parseCmdline(text),
        (error: unknown) =>
          error instanceof ArgvError && error.message === message &&
          error.prog === "ansible-playbook",
      );
    });
  }
});
