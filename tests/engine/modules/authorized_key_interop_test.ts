/**
 * `authorized_key` against the real ansible.posix module (Ansible 2.14): the
 * same steps on two identical lab hosts, comparing results (with check mode
 * and diffs), idempotence, failures, and the key files, their directories'
 * modes and owners at the end.
 */
import assert from "node:assert/strict";
import {
  startLabTwins,
  type TwinResult,
  type TwinStep,
  type TwinStepOptions,
} from "./_twin_lab.ts";

/** Whether a step must change something (checked on Ansible's host). */
type StepOptions = TwinStepOptions & { changes?: boolean };

/** A step with its name and whether it must change something. */
type NamedStep = TwinStep & StepOptions & { name: string };

const K1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBfJ1tachyonTestKeyOne000000000000000000000 one@ci";
const K2 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQtachyonTestKeyTwo0000000000000000000000 two@ci";
const K3 = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYtachyonKeyThree00000000";

const SETUP = `
useradd -m -s /bin/sh kim
useradd -M -d /home/nohome lee
mkdir -p /etc/ssh/keys /srv/real
printf '# managed elsewhere\\n%s\\n' '${K3}' > /srv/real/kim_keys
ln -s /srv/real/kim_keys /etc/ssh/keys/linked
`;

const STATE_SCRIPT = `
for f in /home/kim/.ssh /home/kim/.ssh/authorized_keys /etc/ssh/keys /etc/ssh/keys/kim \\
  /etc/ssh/keys/linked /srv/real/kim_keys /home/nohome /home/nohome/.ssh/authorized_keys; do
  if [ -e "$f" ] || [ -L "$f" ]; then stat -c '%n %F %a %U %G' "$f"; [ -f "$f" ] && cat "$f"; else echo "no $f"; fi
done
`;

/** Nothing differs by nature between the two hosts' results. */
function normalize(_ansible: TwinResult, _tachyon: TwinResult): void {}

Deno.test("authorized_key on lab hosts: the same results and key files as Ansible", async (t) => {
  await using pair = await startLabTwins("akey");
  await pair.shell(SETUP);
  const steps: NamedStep[] = [];
  const once = (name: string, args: Record<string, unknown>, options: StepOptions = {}) =>
    steps.push({ name, module: "authorized_key", args, ...options });
  const twice = (name: string, args: Record<string, unknown>) => {
    once(`${name} (check mode, diff)`, args, { check: true, diff: true });
    once(name, args, { diff: true, changes: true });
    once(`${name} again`, args, { changes: false });
  };

  twice("a key, .ssh made", { user: "kim", key: K1 });
  twice("two keys at once", { user: "kim", key: `${K1}\n# a comment\n\n${K2}\n` });
  twice("options on a key", {
    user: "kim",
    key: K2,
    key_options: 'no-pty,from="10.0.0.0/8"',
  });
  twice("a comment replaced", { user: "kim", key: K1, comment: "renamed" });
  twice("a key with its own options", { user: "kim", key: `command="echo hi",no-pty ${K3}` });
  twice("a key absent", { user: "kim", key: K2, state: "absent" });
  twice("exclusive", { user: "kim", key: K3, exclusive: true });
  twice("another path, no dir management", {
    user: "kim",
    key: K1,
    path: "/etc/ssh/keys/kim",
    manage_dir: false,
  });
  twice("through a symlink (follow)", {
    user: "kim",
    key: K1,
    path: "/etc/ssh/keys/linked",
    follow: true,
    manage_dir: false,
  });
  once("a user whose home is missing: no .ssh is made", { user: "lee", key: K2 });
  once("a user whose home is missing (check mode)", { user: "lee", key: K2 }, { check: true });
  once("an invalid key", { user: "kim", key: "not a key" });
  once("a missing user", { user: "nobody-here", key: K1 });
  once("a missing user in check mode", { user: "nobody-here", key: K1 }, { check: true });
  once(
    "a missing user in check mode with a path",
    { user: "nobody-here", key: K1, path: "/tmp/nobody_keys" },
    { check: true, diff: true },
  );

  const results = await pair.runSteps(steps);
  for (const [i, s] of steps.entries()) {
    await t.step(s.name, () => {
      const [ansible, tachyon] = [results.ansible[i], results.tachyon[i]];
      normalize(ansible, tachyon);
      assert.deepEqual(tachyon, ansible, JSON.stringify(s.args));
      if (s.changes !== undefined) assert.equal(ansible.changed, s.changes, "Ansible's change");
    });
  }

  await t.step("the same key files, modes and owners", async () => {
    const [ansible, tachyon] = await pair.shell(STATE_SCRIPT);
    assert.equal(tachyon, ansible);
  });

  await t.step("a key URL fails naming it (tachyon fetches nothing)", async () => {
    const result = await pair.tachyon("authorized_key", {
      user: "kim",
      key: "https://example.invalid/k.pub",
    });
    assert.equal(result.failed, true);
    assert.match(String(result.msg), /does not fetch keys from URLs/);
  });
});
