/**
 * unarchive on twin lab hosts, as root through sudo: the real Ansible 2.14
 * on one, tachyon on the other, the same steps in the same order. Each
 * step's whole result (the staged copy's random path aside), check mode,
 * the zip handler's itemized `diff`, idempotence (every change is run
 * twice) and the unpacked trees (paths, types, modes, owners, sizes, times)
 * must match. Archives: gzip, bzip2, xz and plain tar (zip archives are in
 * `unarchive_zip_interop_test.ts`), and a file that is no archive, from the
 * controller's project (or copied onto the hosts for `remote_src`); the
 * failures Ansible reports. Last, an ad hoc job through tachyon's worker
 * unpacks a zip with tachyon's module, as Ansible does.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startLabTwins, twinClean } from "./_twin_lab.ts";
import { buildArchives, comparable, treeState, unarchiveTwins } from "./_unarchive_lab.ts";
import { SUDO_NOPASSWD_USER } from "../../_support/lab/mod.ts";
import { withDeadline } from "../../_support/deadline.ts";
import {
  decisionOf,
  parseStream,
  runWorker,
  tempDir,
  transmit,
} from "../../_support/worker_process.ts";

Deno.test({
  name:
    "unarchive on lab hosts: tar archives, check mode, attributes, failures, the worker, as Ansible",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(420_000, "unarchive interop", async () => {
      const project = await buildArchives();
      await using twins = await startLabTwins("unar", {
        project,
        files: {
          "/srv/remote.tgz": project["files/app.tar.gz"],
          "/srv/empty.tgz": "",
        },
      });
      await twins.shell(
        "mkdir -p /srv/t1 /srv/t2 /srv/t3 /srv/t4 /srv/t5 /srv/t6 /srv/e1 /tmp/tu && " +
          `chown ${SUDO_NOPASSWD_USER.name} /tmp/tu && touch /srv/file`,
      );

      const { file: p, step, same, state } = unarchiveTwins(twins);

      await t.step(
        "tar: gzip, bzip2, xz, plain; check mode skips; attributes, excludes, includes, twice",
        async () => {
          const tgz = { src: p("app.tar.gz"), dest: "/srv/t1" };
          const remote = {
            src: "/srv/remote.tgz",
            dest: "/srv/t4",
            remote_src: true,
            mode: "0750",
            owner: SUDO_NOPASSWD_USER.name,
            group: "adm",
          };
          const strip = {
            src: p("app.tar.gz"),
            dest: "/srv/t5",
            exclude: ["app/docs", "*.md"],
            extra_opts: ["--strip-components=1"],
            list_files: true,
          };
          const include = {
            src: p("app.tar.xz"),
            dest: "/srv/t3",
            include: ["app/bin"],
            list_files: true,
          };
          const ansible = await same([
            step(tgz, { check: true }),
            step(tgz),
            step({ ...tgz, list_files: true }),
            step({ src: p("app.tar.bz2"), dest: "/srv/t2" }),
            step(remote),
            step(remote),
            step(strip),
            step(strip),
            step(include),
            step(include),
            step({ src: p("app.tar"), dest: "/srv/t6" }),
            step({ ...tgz, creates: "/srv/t1/app/a.txt" }),
          ]);
          // Without become, as the login user.
          for (let i = 0; i < 2; i++) {
            const [theirs, ours] = await twins.both("unarchive", {
              src: p("app.tar.gz"),
              dest: "/tmp/tu",
            }, {
              noBecome: true,
            });
            assert.deepEqual(comparable(ours), comparable(theirs));
            assert.equal(theirs.changed, i === 0);
          }
          assert.equal(ansible[0].skipped, true);
          assert.deepEqual(
            ansible.map((r) => r.changed),
            [false, true, false, true, true, false, true, false, true, false, true, false],
          );
          assert.deepEqual(ansible.slice(1, 4).map((r) => r.handler), [
            "TgzArchive",
            "TgzArchive",
            "TarArchive",
          ]);
          assert.equal(ansible[8].handler, "TarArchive");
          await state(treeState("/srv/t1 /srv/t2 /srv/t3 /srv/t4 /srv/t5 /srv/t6 /tmp/tu/app"));

          // Newer, older and missing files: keep_newer keeps the newer one only.
          await twins.shell(
            "cd /srv/t1/app && echo newer > a.txt && touch -d '2030-01-01' a.txt && " +
              "echo older > sub/b.txt && touch -d '2020-01-01' sub/b.txt && rm bin/run.sh && chmod 700 sub",
          );
          await same([
            step({ ...tgz, keep_newer: true }),
            step({ ...tgz, keep_newer: true }),
            step(tgz),
            step(tgz),
          ]);
          await state(treeState("/srv/t1") + "; cat /srv/t1/app/a.txt /srv/t1/app/sub/b.txt");
        },
      );

      await t.step("failures: dest, sources, archives that no handler takes, owners", async () => {
        await same([
          step({ src: p("app.tar"), dest: "/srv/nope" }),
          step({ src: p("app.tar"), dest: "/srv/file" }),
          step({ src: "/srv/nope.tgz", dest: "/srv/e1", remote_src: true }),
          step({ src: "/srv/empty.tgz", dest: "/srv/e1", remote_src: true }),
          step({ src: p("bad.tgz"), dest: "/srv/e1" }),
          step({ src: p("app.tar.gz"), dest: "/srv/e1", owner: "nobodyx" }),
          step({ src: "file:///srv/remote.tgz", dest: "/srv/e1", remote_src: true }),
          step({ src: p("app.zip"), dest: "/srv/e1", include: ["a"], exclude: ["b"] }),
          step({ src: p("app.tar"), copy: false, remote_src: true, dest: "/srv/e1" }),
        ]);
        const [theirs, ours] = await twins.both("unarchive", { src: "nope.tgz", dest: "/srv/e1" });
        assert.deepEqual(comparable(ours), comparable(theirs));
        assert.equal(comparable(ours).msg, "Could not find or access 'nope.tgz'");
        await state(treeState("/srv/e1"));
        // Every staged copy is gone again, whatever the outcome.
        const left = await twins.tachyonHost.run(
          "ls -d /tmp/.tachyon-unarchive.* 2>/dev/null | wc -l",
        );
        assert.equal(left.stdout.trim(), "0");
      });

      await t.step(
        "an ad hoc job through tachyon's worker unpacks with tachyon's module",
        async () => {
          const tmp = await tempDir("tachyon_unarchive_worker_");
          try {
            const pdd = join(tmp.path, "pdd");
            // An ad hoc job's controller files are under the pdd (its cwd), as for ansible-runner.
            await Deno.mkdir(join(pdd, "files"), { recursive: true });
            await Deno.mkdir(join(pdd, "inventory"));
            await Deno.writeFile(
              join(pdd, "files", "app.zip"),
              project["files/app.zip"],
            );
            const host = twins.tachyonHost;
            await Deno.writeTextFile(
              join(pdd, "inventory", "hosts"),
              `${host.name} ansible_host=${host.address} ansible_user=${SUDO_NOPASSWD_USER.name} ` +
                `ansible_ssh_private_key_file=${twins.lab.keys.plain} ` +
                `ansible_host_key_checking=false ansible_become=true\n`,
            );
            await host.run("mkdir -p /srv/wk");
            const stream = await transmit(pdd, [
              "-m",
              "unarchive",
              "-a",
              "src=app.zip dest=/srv/wk list_files=yes",
              "--hosts",
              host.name,
            ]);
            const results: Record<string, unknown>[] = [];
            for (const run of ["first", "second"]) {
              const out = await runWorker("tachyon", join(tmp.path, `w-${run}`), stream);
              const events = parseStream(out.stdout);
              assert.match(decisionOf(events), /unarchive/);
              assert.doesNotMatch(decisionOf(events), /EE's Ansible/);
              const ok = events.find((e) => e.event === "runner_on_ok");
              const shown = events.filter((e) => String(e.event).startsWith("runner_on"))
                .map((e) => JSON.stringify((e.event_data as Record<string, unknown>).res));
              assert.ok(ok, `no runner_on_ok: ${shown.join("\n")}\n${out.stderr}`);
              results.push(
                (ok.event_data as Record<string, unknown>).res as Record<string, unknown>,
              );
            }
            // The same job by Ansible, ad hoc from the project, on its own host.
            await twins.ansibleHost.run("mkdir -p /srv/wk");
            const args = { src: "app.zip", dest: "/srv/wk", list_files: true };
            for (const [i, ours] of results.entries()) {
              const theirs = await twins.ansible("unarchive", args);
              assert.deepEqual(comparable(twinClean(ours)), comparable(theirs), `run ${i}`);
            }
            assert.deepEqual(results.map((r) => r.changed), [true, false]);
            assert.equal((await host.run("cat /srv/wk/app/sub/b.txt")).stdout, "world\n");
          } finally {
            await tmp.remove();
          }
        },
      );
    });
  },
});
