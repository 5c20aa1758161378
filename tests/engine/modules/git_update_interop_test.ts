/**
 * git on twin lab hosts, updating a working copy, as root through sudo: the
 * real Ansible 2.14 on one, tachyon on the other, the same steps in the same
 * order, against repositories made inside each host with the same commits
 * (`_git_lab.ts`); whole results, check mode, idempotence and the final
 * state must match (see `git_interop_test.ts`). Covers local modifications
 * with and without `force`, a new upstream commit (diff), another remote
 * URL, ssh URLs (`key_file`, `accept_hostkey`, `accept_newhostkey`,
 * `ssh_opts`) to the host's own sshd, and submodules.
 *
 * One deliberate difference is checked on tachyon's side only: check mode
 * leaves the repository's refs alone (Ansible's check-mode diff fetches).
 */
import assert from "node:assert/strict";
import { becomeRoot, sameState, sameSteps, startLabTwins, type TwinStep } from "./_twin_lab.ts";
import { GIT_SETUP, PUSH_LIB, PUSH_THREE, repoState } from "./_git_lab.ts";
import { withDeadline } from "../../_support/deadline.ts";

Deno.test({
  name:
    "git on lab hosts: local changes, upstream commits, remote URLs, ssh, submodules, as Ansible",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(420_000, "git update interop", async () => {
      await using twins = await startLabTwins("gitu");
      const [theirSetup, ourSetup] = await twins.shell(GIT_SETUP);
      assert.equal(ourSetup, theirSetup);

      const same = (steps: TwinStep[]) => sameSteps(twins, steps.map(becomeRoot));
      const state = (script: string) => sameState(twins, script);
      const git = (args: Record<string, unknown>, options: Partial<TwinStep> = {}): TwinStep => ({
        module: "git",
        args,
        ...options,
      });
      const repo = "/srv/repo.git";
      await same([git({ repo, dest: "/srv/w1" })]);

      await t.step(
        "local modifications, force, a new upstream commit, another remote URL",
        async () => {
          const w1 = { repo, dest: "/srv/w1" };
          await twins.shell("echo local >> /srv/w1/README && echo untracked > /srv/w1/NEW");
          await same([
            git(w1, { diff: true }),
            git({ ...w1, force: true }, { check: true, diff: true }),
            git({ ...w1, force: true }, { diff: true }),
            git(w1, { diff: true }),
          ]);
          await twins.shell(PUSH_THREE);
          const refs = "git -C /srv/w1 show-ref --head; git -C /srv/w1 count-objects -v | head -1";
          const before = (await twins.tachyonHost.run(refs)).stdout;
          const [check] = await same([git(w1, { check: true, diff: true })]);
          assert.match(String((check.diff as Record<string, unknown>).prepared), /\+three/);
          const after = (await twins.tachyonHost.run(refs)).stdout;
          assert.equal(
            after.split("\n").filter((l) => !l.startsWith("count")).join("\n"),
            before.split("\n").filter((l) => !l.startsWith("count")).join("\n"),
            "check mode leaves tachyon's refs alone",
          );
          const mirror = { repo: "/srv/mirror.git", dest: "/srv/w1" };
          await same([
            git(w1, { diff: true }),
            git(w1, { diff: true }),
            git({ repo: "file:///srv/../srv/repo.git", dest: "/srv/w1" }),
            git(mirror, { check: true }),
            git(mirror),
            git(mirror),
          ]);
          await state(repoState("/srv/w1"));
        },
      );

      await t.step("ssh URLs to the host's own sshd: host keys, key_file, ssh_opts", async () => {
        const key = await Deno.readTextFile(twins.lab.keys.plain);
        for (const host of [twins.ansibleHost, twins.tachyonHost]) {
          await host.run(
            "umask 077 && mkdir -p /root/.ssh && cat > /root/.ssh/lab_key && rm -f /root/.ssh/known_hosts",
            { stdin: key },
          );
        }
        const url = "ssh://lab-sudo@127.0.0.1/srv/repo.git";
        const keyed = { repo: url, key_file: "/root/.ssh/lab_key" };
        await same([
          git({ ...keyed, dest: "/srv/s1" }),
          git({ ...keyed, dest: "/srv/s1", accept_newhostkey: true }),
          git({ ...keyed, dest: "/srv/s1", accept_newhostkey: true }),
          git({
            ...keyed,
            dest: "/srv/s2",
            accept_hostkey: true,
            ssh_opts: "-o UserKnownHostsFile=/dev/null",
          }),
          git({
            ...keyed,
            dest: "/srv/s2",
            accept_hostkey: true,
            ssh_opts: "-o UserKnownHostsFile=/dev/null",
          }),
          git({
            repo: url,
            dest: "/srv/s3",
            accept_hostkey: true,
            ssh_opts: "-o PasswordAuthentication=no",
          }),
        ]);
        await state(
          repoState("/srv/s1 /srv/s2 /srv/s3") + "; cut -d' ' -f2 /root/.ssh/known_hosts",
        );
      });

      await t.step("submodules: recursive clone, not recursive, an upstream change", async () => {
        const sup = { repo: "/srv/super.git", dest: "/srv/m1" };
        await same([
          git(sup, { diff: true }),
          git(sup),
          git({ repo: "/srv/super.git", dest: "/srv/m2", recursive: false }),
        ]);
        await twins.shell(PUSH_LIB);
        await same([git({ ...sup, track_submodules: true }), git(sup)]);
        await state(repoState("/srv/m1 /srv/m2") + "; git -C /srv/m1/lib log --format=%s -1");
      });
    });
  },
});
