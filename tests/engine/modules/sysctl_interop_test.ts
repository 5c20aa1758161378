/**
 * sysctl on twin lab hosts (each its own network namespace), as root
 * through sudo: the real `ansible.posix.sysctl` on one, tachyon on the
 * other. Only `net.*` keys, which are per network namespace; this machine's
 * own values of them are read before and after and must not move. Results,
 * check mode, idempotence, the files and the running values must match.
 */
import assert from "node:assert/strict";
import { startLabTwins, type TwinStepOptions } from "./_twin_lab.ts";
import { withDeadline } from "../../_support/deadline.ts";

const KEYS = ["net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding", "net.ipv4.ip_default_ttl"];
const FILE = "/etc/sysctl.d/90-tachyon.conf";

async function machineValues(): Promise<string[]> {
  return await Promise.all(
    KEYS.map((k) => Deno.readTextFile(`/proc/sys/${k.replaceAll(".", "/")}`)),
  );
}

Deno.test({
  name: "sysctl on lab hosts: as ansible.posix.sysctl, this machine untouched",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const before = await machineValues();
    await withDeadline(240_000, "sysctl interop", async () => {
      await using twins = await startLabTwins("sc");
      const same = async (args: Record<string, unknown>, options: TwinStepOptions = {}) => {
        const [a, ours] = await twins.both("sysctl", args, options);
        const label = JSON.stringify(args);
        assert.deepEqual(ours, a, label);
        if (a.changed && !options.check && !a.failed) {
          const [again, oursAgain] = await twins.both("sysctl", args, options);
          assert.deepEqual(oursAgain, again, `again: ${label}`);
        }
        const values = KEYS.map((k) => `sysctl -n ${k}`).join("; ");
        const [stateA, stateOurs] = await twins.shell(
          `${values}; cat ${FILE} /etc/sysctl.conf 2>&1 | grep -v '^#' || :`,
        );
        assert.equal(stateOurs, stateA, label);
      };

      const [conf] = await twins.shell("grep -Ev '^[[:space:]]*([#;]|$)' /etc/sysctl.conf || :");
      assert.equal(conf, "", "the image's /etc/sysctl.conf sets nothing a reload could apply");

      await t.step(
        "a file under /etc/sysctl.d: set, reload, check mode, change, remove",
        async () => {
          const forward = { name: "net.ipv4.ip_forward", value: "1", sysctl_file: FILE };
          await same(forward, { check: true });
          await same(forward);
          const [forwardA, forwardOurs] = await twins.shell("sysctl -n net.ipv4.ip_forward");
          assert.deepEqual(
            [forwardA, forwardOurs],
            ["1\n", "1\n"],
            "the lab hosts' own value moved",
          );
          await same({ ...forward, name: "net.ipv4.conf.all.forwarding", value: "yes" });
          await same({
            key: "net.ipv4.ip_default_ttl",
            val: "61",
            sysctl_file: FILE,
            reload: false,
          });
          await same({
            name: "net.ipv4.ip_default_ttl",
            value: "62",
            sysctl_file: FILE,
            sysctl_set: true,
            reload: false,
          });
          await same({ ...forward, state: "absent" }, { check: true });
          await same({ ...forward, state: "absent" });
        },
      );

      await t.step("the default /etc/sysctl.conf, sysctl_set, unknown keys", async () => {
        await same({ name: "net.ipv4.ip_forward", value: "0", sysctl_set: true });
        await same({ name: "net.ipv4.ip_forward", value: "1", sysctl_set: true, reload: false });
        await same({
          name: "net.ipv4.no_such_key",
          value: "1",
          sysctl_file: "/etc/sysctl.d/91-bad.conf",
          sysctl_set: true,
        });
        await same({
          name: "net.ipv4.no_such_key",
          value: "2",
          sysctl_file: "/etc/sysctl.d/92-bad.conf",
          ignoreerrors: true,
        });
        await same({ name: "net.ipv4.ip_forward", state: "absent" });
      });
    });
    assert.deepEqual(await machineValues(), before, "this machine's own values did not move");
  },
});
