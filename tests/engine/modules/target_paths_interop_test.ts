/**
 * Path arguments on twin lab hosts: `~`, `~user`, `$VAR` and `${VAR}` in
 * `file`, `copy`, `lineinfile`, `command`, `stat` and `slurp` mean what they
 * mean to the real Ansible 2.14 — the target's homes and environment, the
 * become user's under become — and an unset variable stays as written. The
 * same steps run on both hosts (Ansible's as one playbook, tachyon's ad hoc);
 * each step's paths, outcome and file facts, then the trees left on the
 * hosts, must be the same.
 */
import assert from "node:assert/strict";
import { becomeRoot, sameState, sameSteps, startLabTwins, type TwinStep } from "./_twin_lab.ts";
import { withDeadline } from "../../_support/deadline.ts";
import { SUDO_NOPASSWD_USER } from "../../_support/lab/mod.ts";

/** What each step's result is compared by (times and inodes differ between hosts). */
const COMPARED = [
  "changed",
  "failed",
  "skipped",
  "path",
  "dest",
  "state",
  "mode",
  "owner",
  "group",
  "size",
  "checksum",
  "md5sum",
  "msg",
  "rc",
  "stdout",
  "content",
  "cmd",
];
const STAT_COMPARED = ["exists", "path", "isdir", "checksum", "pw_name"];

function comparable(result: Record<string, unknown>): Record<string, unknown> {
  const kept = Object.fromEntries(
    COMPARED.filter((key) => key in result).map((k) => [k, result[k]]),
  );
  const stat = result.stat as Record<string, unknown> | undefined;
  if (stat !== undefined) {
    kept.stat = Object.fromEntries(STAT_COMPARED.map((key) => [key, stat[key]]));
  }
  return kept;
}

const step = (module: string, args: Record<string, unknown>, noBecome = false): TwinStep => ({
  module,
  args,
  noBecome,
});

Deno.test({
  name: "path arguments expand ~, ~user and $VAR on the target, as Ansible's modules do",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withDeadline(300_000, "target paths interop", async () => {
      await using twins = await startLabTwins("tpath");
      const user = SUDO_NOPASSWD_USER.name;
      const steps = [
        step("file", { path: "~/tp/dir", state: "directory" }),
        step("file", { path: "$HOME/tp/touched", state: "touch", mode: "0600" }),
        step("copy", { content: "hello\n", dest: "~/tp/copied.txt" }),
        step("lineinfile", { path: "${HOME}/tp/lines", create: true, line: "one" }),
        step("command", { cmd: "pwd", chdir: "~/tp", creates: "~/tp/absent" }),
        step("command", { cmd: "pwd", chdir: "~/tp", creates: "$HOME/tp/copied.txt" }),
        step("stat", { path: "~/tp/copied.txt" }),
        step("slurp", { src: "~/tp/lines" }),
        step("file", { path: `~${user}/tp-sudo`, state: "directory" }),
        step("file", { path: "/tmp/$TACHYON_UNSET_VARIABLE", state: "directory" }),
        step("file", { path: "~no-such-user-here", state: "absent" }),
        step("file", { path: "~/tp-user", state: "directory" }, true),
        step("copy", { content: "mine\n", dest: "$HOME/tp-user/$USER.txt" }, true),
        step("file", { path: "~/tp-link", src: "~/tp-user", state: "link" }, true),
      ].map(becomeRoot);
      const ansible = await sameSteps(twins, steps, comparable);
      assert.equal(ansible[0].path, "/root/tp/dir", "become: root's home");
      assert.equal(ansible[4].stdout, "/root/tp");
      assert.match(String(ansible[5].msg), /since '\/root\/tp\/copied\.txt' exists/);
      assert.equal(ansible[8].path, `/home/${user}/tp-sudo`);
      assert.equal(ansible[9].path, "/tmp/$TACHYON_UNSET_VARIABLE");
      assert.equal(ansible[12].dest, `/home/${user}/tp-user/${user}.txt`);
      await sameState(
        twins,
        `find /root/tp /home/${user}/tp-sudo /home/${user}/tp-user /home/${user}/tp-link ` +
          "'/tmp/$TACHYON_UNSET_VARIABLE' -printf '%p %u %m %l\\n' | sort; " +
          `cat /root/tp/lines /home/${user}/tp-user/${user}.txt`,
      );
    });
  },
});
