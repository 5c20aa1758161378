/**
 * unarchive of zip archives on twin lab hosts, as root through sudo: the
 * real Ansible 2.14 on one, tachyon on the other, the same steps in the same
 * order (see `unarchive_interop_test.ts` for tar). Each step's whole result
 * (the staged copy's random path aside), check mode with the handler's
 * itemized `diff`, idempotence and the unpacked trees must match: a zip with
 * a symlink, one with FAT attributes, symbolic modes, a group, excludes and
 * includes, then a tree changed behind Ansible's back (same size and time
 * but other bytes, a mode, an owner, a symlink become a directory, a file
 * gone) and `keep_newer`.
 */
import assert from "node:assert/strict";
import { startLabTwins } from "./_twin_lab.ts";
import { buildArchives, treeState, unarchiveTwins } from "./_unarchive_lab.ts";
import { SUDO_NOPASSWD_USER } from "../../_support/lab/mod.ts";
import { withDeadline } from "../../_support/deadline.ts";

Deno.test({
  name: "unarchive on lab hosts: zip archives, check mode, itemized diffs, attributes, as Ansible",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(420_000, "unarchive zip interop", async () => {
      const project = await buildArchives();
      await using twins = await startLabTwins("unzp", {
        project,
        files: { "/srv/remote.zip": project["files/app.zip"] },
      });
      await twins.shell("mkdir -p /srv/z1 /srv/z2 /srv/z3 /srv/z4");
      const { file: p, step, same, state } = unarchiveTwins(twins);

      await t.step(
        "zip: check mode and itemized diffs, FAT attributes, symbolic modes, includes, twice",
        async () => {
          const zip = { src: p("app.zip"), dest: "/srv/z1" };
          const remote = {
            src: "/srv/remote.zip",
            dest: "/srv/z3",
            remote_src: true,
            mode: "u=rwX,g=rX,o=",
            group: SUDO_NOPASSWD_USER.name,
            exclude: ["app/link"],
          };
          const include = {
            src: p("app.zip"),
            dest: "/srv/z4",
            include: ["app/sub/*", "*.txt"],
            list_files: true,
          };
          const ansible = await same([
            step(zip, { check: true, diff: true }),
            step(zip, { diff: true }),
            step({ ...zip, list_files: true }, { diff: true }),
            step({ src: p("fat.zip"), dest: "/srv/z2" }),
            step({ src: p("fat.zip"), dest: "/srv/z2" }),
            step(remote),
            step(remote),
            step(include),
            step(include),
          ]);
          assert.deepEqual(ansible.map((r) => r.changed), [
            true,
            true,
            false,
            true,
            false,
            true,
            false,
            true,
            false,
          ]);
          assert.match(
            String((ansible[0].diff as Record<string, unknown>).prepared),
            /^>d\+\+\+\+\+\+\.\?\? app\/\n/,
          );
          await state(treeState("/srv/z1 /srv/z2 /srv/z3 /srv/z4"));

          // Same size and time but other bytes, a mode, an owner, a symlink become a dir, a file gone.
          await twins.shell(
            "cd /srv/z1/app && printf 'HELLO\\n' > a.txt && touch -d '2023-01-02 03:04:06' a.txt && " +
              "chmod 600 sub/b.txt && chown lab-sudo bin && rm link && mkdir link && rm docs/readme.md",
          );
          await same([
            step(zip, { check: true, diff: true }),
            step(zip),
            step(zip),
          ]);
          await twins.shell("cd /srv/z1/app && echo newer > a.txt && touch -d '2030-01-01' a.txt");
          await same([step({ ...zip, keep_newer: true }), step({ ...zip, keep_newer: true })]);
          await state(treeState("/srv/z1") + "; cat /srv/z1/app/a.txt");
        },
      );
    });
  },
});
