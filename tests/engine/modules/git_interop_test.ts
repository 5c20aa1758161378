/**
 * git on twin lab hosts, cloning and switching, as root through sudo: the
 * real Ansible 2.14 on one, tachyon on the other, the same steps in the same
 * order, against repositories made inside each host with the same commits
 * (`_git_lab.ts`). Each step's whole result (`before`, `after`, `changed`,
 * `remote_url_changed`, `diff`, warnings, failures with their `cmd`, `rc`,
 * `stdout`, `stderr`), check mode, idempotence (changes run twice) and the
 * repositories' final state (refs, HEAD, remotes, status, file modes,
 * archive bytes) must match. Covers clone (shallow, single branch, bare,
 * another remote, a refspec, a umask), versions (branch, annotated and
 * lightweight tags, sha), `update: false`, `clone: false`, `archive`, and
 * failures. `git_update_interop_test.ts` covers what follows a clone.
 */
import assert from "node:assert/strict";
import { becomeRoot, sameState, sameSteps, startLabTwins, type TwinStep } from "./_twin_lab.ts";
import { GIT_SETUP, repoState } from "./_git_lab.ts";
import { withDeadline } from "../../_support/deadline.ts";

const TWO = "58581dc08f2cd69d8c595bcedbc87d47a5423316";

Deno.test({
  name: "git on lab hosts: clone, versions, shallow, bare, archive, failures, as Ansible",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(420_000, "git interop", async () => {
      await using twins = await startLabTwins("gitx");
      const [theirSetup, ourSetup] = await twins.shell(GIT_SETUP);
      assert.equal(ourSetup, theirSetup);
      assert.match(ourSetup, new RegExp(`repo ${TWO} two`));

      const same = (steps: TwinStep[]) => sameSteps(twins, steps.map(becomeRoot));
      const state = (script: string) => sameState(twins, script);
      const git = (args: Record<string, unknown>, options: Partial<TwinStep> = {}): TwinStep => ({
        module: "git",
        args,
        ...options,
      });
      const repo = "/srv/repo.git";

      await t.step(
        "clone and switch: branches, tags, a sha, shallow, bare, remote, refspec, archive",
        async () => {
          const w1 = { repo, dest: "/srv/w1" };
          const archive = {
            repo,
            dest: "/srv/w9",
            archive: "/srv/w9.tar.gz",
            archive_prefix: "app/",
          };
          const results = await same([
            git(w1, { check: true, diff: true }),
            git(w1, { diff: true }),
            git(w1, { diff: true }),
            git({ ...w1, version: "dev" }, { check: true, diff: true }),
            git({ ...w1, version: "dev" }, { diff: true }),
            git({ ...w1, version: "r1" }, { diff: true }),
            git({ ...w1, version: "v1" }, { diff: true }),
            git({ ...w1, version: TWO }, { diff: true }),
            git({ ...w1, update: false, version: "dev" }),
            git({ repo, dest: "/srv/w2", clone: false }),
            git({ repo, clone: false, version: "dev" }),
            git({ repo }),
            git({ repo, dest: "/srv/w3", depth: 1, version: "dev", single_branch: true }),
            git({ repo, dest: "/srv/w3", depth: 1, version: "main" }),
            git({ repo, dest: "/srv/w4", bare: true }),
            git({ repo, dest: "/srv/w4", bare: true }),
            git({ repo, dest: "/srv/w5", remote: "upstream", version: "v1", umask: "0077" }),
            git({ repo, dest: "/srv/w6", refspec: "refs/heads/dev", version: "FETCH_HEAD" }),
            git({ repo, dest: "/srv/w7", version: "nope" }),
            git({ repo: "/srv/nope.git", dest: "/srv/w8" }),
            git(archive),
            git(archive),
            git({ repo, dest: "/srv/w9", umask: 18 }),
            git({ repo, dest: "/srv/w9", umask: "u+x" }),
            git({ repo, dest: "/srv/w10", depth: 1, version: TWO, executable: "/usr/bin/git" }),
          ]);
          assert.deepEqual(results.slice(0, 3).map((r) => r.changed), [true, true, false]);
          assert.equal(results[18].msg, "Failed to checkout nope");
          await state(
            repoState("/srv/w1 /srv/w2 /srv/w3 /srv/w4 /srv/w5 /srv/w6 /srv/w7 /srv/w9 /srv/w10"),
          );
          await state("md5sum /srv/w9.tar.gz; ls -l /srv/w5 | cut -c1-10");
        },
      );
    });
  },
});
