/**
 * apt on twin lab hosts, as root through sudo, against a local repository
 * (`_apt_repo.ts`: no network): the real Ansible 2.14 (python3-apt) on one,
 * tachyon (apt-get and dpkg-query through the channel) on the other, the
 * same steps in the same order. Each result is compared whole, check mode
 * and diff included; each change is run twice (the second changes nothing);
 * the packages, their auto/manual marks and the files they leave must match.
 */
import assert from "node:assert/strict";
import { startAptTwins } from "./_apt_lab.ts";
import { withDeadline } from "../../_support/deadline.ts";

Deno.test({
  name: "apt on lab hosts: cache, install, pin, latest, remove, purge, failures, as Ansible",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(600_000, "apt interop", async () => {
      await using apt = await startAptTwins("apt");

      await t.step("update_cache: check mode fetches nothing, then cache_valid_time", async () => {
        const [[checked]] = await apt.batch([{ args: { update_cache: true }, check: true }]);
        assert.equal(checked.cache_updated, true);
        const [lists] = await apt.twins.shell("ls /var/lib/apt/lists | grep -c Packages || true");
        assert.equal(lists.trim(), "0", "check mode fetched nothing");
        const [[updated], [valid]] = await apt.batch([
          { args: { update_cache: true } },
          { args: { update_cache: true, cache_valid_time: 3600 } },
        ]);
        assert.equal(updated.changed, true);
        assert.equal(valid.cache_updated, false);
      });

      await t.step(
        "install: check mode, =version, latest with and without default_release",
        async () => {
          const [[simulated], [pinned]] = await apt.batch([
            { args: { name: "tachyon-hello" }, check: true, diff: true },
            { args: { name: "tachyon-hello=1.0" }, diff: true, twice: true },
            { args: { name: "tachyon-hello", state: "latest" }, check: true, diff: true },
          ]);
          assert.equal(simulated.changed, true);
          assert.match(String((pinned.diff as { prepared: string }).prepared), /tachyon-hello/);
          assert.match(await apt.state(), /^tachyon-hello ii 1\.0$/m);
          await apt.batch([
            { args: { name: "tachyon-hello", state: "latest", default_release: "tachyon" } },
          ]);
          assert.match(await apt.state(), /^tachyon-hello ii 1\.1$/m);
          await apt.batch([
            { args: { name: "tachyon-hello=1.*", state: "present" } },
            { args: { pkg: ["tachyon-hello>=1.0"], state: "latest" }, diff: true, twice: true },
          ]);
          assert.match(await apt.state(), /^tachyon-hello ii 1\.2$/m);
        },
      );

      await t.step("dependencies, recommends, autoremove", async () => {
        await apt.batch([
          { args: { name: "tachyon-app,tachyon-rec", install_recommends: false }, twice: true },
        ]);
        const marks = await apt.state();
        assert.match(marks, /^auto: tachyon-lib $/m);
        assert.doesNotMatch(marks, /tachyon-extra ii/);
        await apt.batch([
          { args: { name: "tachyon-app", state: "absent" }, twice: true },
          { args: { autoremove: true }, check: true, diff: true },
          { args: { autoremove: true }, twice: true },
        ]);
        assert.doesNotMatch(await apt.state(), /tachyon-lib ii/);
      });

      await t.step("absent keeps conffiles, purge removes them", async () => {
        await apt.batch([
          { args: { name: "tachyon-conf" } },
          { args: { name: "tachyon-conf", state: "absent" }, diff: true, twice: true },
        ]);
        assert.match(await apt.state(), /^tachyon-conf rc 1\.0$/m);
        await apt.batch([
          { args: { name: "tachyon-conf", state: "absent", purge: true }, check: true },
          { args: { name: "tachyon-conf", state: "absent", purge: true }, twice: true },
        ]);
        assert.doesNotMatch(await apt.state(), /tachyon-conf/);
      });

      await t.step(
        "failures: unknown package, no such version, bad spec, no glob match, no root",
        async () => {
          const results = await apt.batch([
            { args: { name: "tachyon-nope" } },
            { args: { name: "tachyon-hello=9.9" } },
            { args: { name: "tachyon-hello=1=2" } },
            { args: { name: "tachyon-zz*" } },
            { args: { name: "tachyon-nope", state: "absent" } },
            { args: { name: "tachyon-h*", state: "absent" }, twice: true },
          ]);
          assert.deepEqual(results.slice(0, 4).map(([a]) => a.msg), [
            "No package matching 'tachyon-nope' is available",
            "no available installation candidate for tachyon-hello=9.9",
            "invalid package spec: tachyon-hello=1=2",
            "No package(s) matching 'tachyon-zz*' available",
          ]);
          assert.doesNotMatch(await apt.state(), /tachyon-hello ii/);
          // Without become: apt-get cannot take dpkg's lock.
          const [theirs, ours] = await apt.twins.both("apt", { name: "tachyon-extra" }, {
            noBecome: true,
          });
          for (const r of [theirs, ours]) {
            assert.equal(typeof r.cache_update_time, "number");
            delete r.cache_update_time;
          }
          assert.deepEqual(ours, theirs);
          assert.equal(theirs.failed, true);
          assert.match(
            String(theirs.msg),
            /install 'tachyon-extra=1\.0'' failed: E: Could not open lock/,
          );
          assert.doesNotMatch(await apt.state(), /tachyon-extra ii/);
        },
      );
    });
  },
});
