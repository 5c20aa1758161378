/**
 * apt's other paths on twin lab hosts, as root through sudo, against the
 * local repository: `deb:` files on the target (dependencies installed
 * through apt first, "A later version is already installed",
 * `allow_downgrade`, a missing file), upgrades (`upgrade: dist`, `name:
 * "*"` with `latest`), `policy_rc_d` (a temporary `/usr/sbin/policy-rc.d`,
 * an existing one restored), `clean`, `autoclean`, `only_upgrade`,
 * `fixed`, `build-dep`, a cache update that fails, and `package`, which on
 * these Debian hosts runs apt. The real Ansible 2.14 on one host, tachyon on
 * the other; results compared whole, changes run twice, states compared.
 */
import assert from "node:assert/strict";
import { startAptTwins } from "./_apt_lab.ts";
import { withDeadline } from "../../_support/deadline.ts";

const DEB2 = "/srv/debs/tachyon-local_2.0_all.deb";
const DEB1 = "/srv/debs/tachyon-local_1.0_all.deb";

Deno.test({
  name: "apt on lab hosts: deb files, upgrades, policy-rc.d, cache failures, package, as Ansible",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(600_000, "apt deb interop", async () => {
      await using apt = await startAptTwins("aptd");

      await t.step(
        "deb: dependencies through apt, check mode, later version, downgrade",
        async () => {
          const results = await apt.batch([
            { args: { update_cache: true } },
            { args: { deb: DEB2 }, check: true, diff: true },
            { args: { deb: DEB2 }, diff: true, twice: true },
            { args: { deb: DEB1 } },
            { args: { deb: DEB1, state: "absent" } },
            { args: { deb: "/srv/debs/nope.deb" } },
          ]);
          assert.deepEqual(results.slice(3).map(([a]) => a.msg), [
            "A later version is already installed",
            "deb only supports state=present",
            "Unable to install package: E:Could not open file /srv/debs/nope.deb - " +
            "open (2: No such file or directory)",
          ]);
          const installed = await apt.state();
          assert.match(installed, /^tachyon-local ii 2\.0$/m);
          assert.match(installed, /^tachyon-lib ii 1\.0$/m);
          await apt.batch([{
            args: { deb: DEB1, allow_downgrade: true },
            diff: true,
            twice: true,
          }]);
          assert.match(await apt.state(), /^tachyon-local ii 1\.0$/m);
        },
      );

      await t.step("upgrades: dist in check mode, name '*' with latest", async () => {
        await apt.batch([
          { args: { name: "tachyon-hello=1.0" } },
          { args: { upgrade: "dist" }, check: true, diff: true },
          { args: { name: "*", state: "latest" }, diff: true, twice: true },
          { args: { name: ["tachyon-hello", "*"], state: "latest" } },
        ]);
        assert.match(await apt.state(), /^tachyon-hello ii 1\.2$/m);
      });

      await t.step("policy_rc_d, clean, autoclean, only_upgrade, fixed, build-dep", async () => {
        await apt.batch([{ args: { name: "tachyon-rec", policy_rc_d: 101 }, twice: true }]);
        assert.doesNotMatch(await apt.state(), /policy-rc\.d/, "the temporary one is gone");
        await apt.twins.shell(
          "printf '#!/bin/sh\\nexit 0\\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d",
        );
        await apt.batch([
          { args: { name: "tachyon-extra", policy_rc_d: 101 } },
          { args: { name: "tachyon-extra", clean: true } },
          { args: { autoclean: true } },
          { args: { name: "tachyon-conf", only_upgrade: true } },
          { args: { name: "tachyon-hello", state: "fixed" } },
          { args: { name: "tachyon-hello", state: "build-dep" } },
        ]);
        assert.match(await apt.state(), /^file \/usr\/sbin\/policy-rc\.d: #!\/bin\/sh\nexit 0$/m);
      });

      await t.step("a cache update that fails, with one try and with none", async () => {
        await apt.twins.shell(
          "echo 'deb [trusted=yes] file:/srv/missing ./' > /etc/apt/sources.list.d/broken.list",
        );
        const [[once], [never]] = await apt.batch([
          { args: { update_cache: true, update_cache_retries: 1 } },
          { args: { name: "tachyon-hello", update_cache: true, update_cache_retries: 0 } },
        ]);
        assert.match(String(once.msg), /^Failed to update apt cache: E:Failed to fetch /);
        assert.equal(never.msg, "Failed to update apt cache: unknown reason");
        await apt.twins.shell("rm /etc/apt/sources.list.d/broken.list");
      });

      await t.step(
        "package: apt on Debian hosts, facts probed as Ansible's action does",
        async () => {
          await apt.batch([
            { module: "package", args: { name: "tachyon-hello", state: "absent" }, twice: true },
            { module: "package", args: { name: "tachyon-hello" }, check: true, diff: true },
            { module: "package", args: { name: "tachyon-hello", use: "apt" }, twice: true },
            { module: "package", args: { name: "tachyon-hello", bogus: 1 } },
          ]);
          assert.match(await apt.state(), /^tachyon-hello ii 1\.2$/m);
        },
      );
    });
  },
});
