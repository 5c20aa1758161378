/**
 * hostname on twin lab hosts (each its own UTS namespace), as root through
 * sudo: the real Ansible 2.14 on one, tachyon on the other. Results (facts
 * and diff included), check mode, idempotence and the final state
 * (`/etc/hostname`, the running hostname) must match, with each host's own
 * name read as `<HOST>`. The lab image is Debian without systemd, so
 * Ansible's automatic strategy writes `/etc/hostname` and leaves the running
 * name alone; `use=alpine` also runs `hostname -F /etc/hostname`;
 * `use=debian` (hostnamectl) and `use=generic` fail, on both.
 */
import assert from "node:assert/strict";
import { startLabTwins, type TwinResult, type TwinStepOptions } from "./_twin_lab.ts";
import { withDeadline } from "../../_support/deadline.ts";

/** `value` with `name` (the host's own hostname) written as `<HOST>`. */
function placed(value: unknown, name: string): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll(name, "<HOST>"));
}

Deno.test({
  name: "hostname on lab hosts: as Ansible",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(240_000, "hostname interop", async () => {
      await using twins = await startLabTwins("hn", { keepFacts: true });
      const names = [twins.ansibleHost.name, twins.tachyonHost.name];
      const same = async (args: Record<string, unknown>, options: TwinStepOptions = {}) => {
        const [a, ours] = await twins.both("hostname", args, options);
        const label = JSON.stringify(args);
        assert.deepEqual(placed(ours, names[1]), placed(a, names[0]), label);
        const [stateA, stateOurs] = await twins.shell("cat /etc/hostname; hostname");
        assert.equal(placed(stateOurs, names[1]), placed(stateA, names[0]), label);
        return [a, ours] as [TwinResult, TwinResult];
      };

      await t.step("the automatic strategy: /etc/hostname, check mode, idempotence", async () => {
        await same({ name: "web-b" }, { check: true, diff: true });
        const [a] = await same({ name: "web-a.example.org" }, { diff: true });
        assert.equal(a.changed, true);
        const [again] = await same({ name: "web-a.example.org" });
        assert.equal(again.changed, false);
        await same({ name: "web-c" });
      });

      await t.step("use=alpine, use=debian (no hostnamectl), use=generic", async () => {
        await same({ name: "web-d", use: "alpine" }, { diff: true });
        await same({ name: "web-d", use: "alpine" });
        await same({ name: "web-e", use: "debian" });
        const [a, ours] = await twins.both("hostname", { name: "web-f", use: "generic" });
        assert.deepEqual([ours.failed, ours.changed], [a.failed, a.changed]);
        assert.equal(a.failed, true);
      });
    });
  },
});
