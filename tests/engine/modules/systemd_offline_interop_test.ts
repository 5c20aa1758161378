/**
 * `systemd` and `service` where systemd is installed but not running (a
 * container's usual case): twin hosts of `_service_systemd_host.ts` with
 * `offline`, pid 1 a shell, `/sbin/init` a link to systemd. The real
 * Ansible 2.14 on one, tachyon on the other, as root through sudo. The
 * `systemd` module finds no `ActiveState` and fails ("Service is in
 * unknown state"), `daemon_reload` fails with systemctl's own message, an
 * unknown unit fails on bare `systemctl` (its `cmd`, `rc`, output); the
 * `service` action still picks `systemd` (the collector follows the
 * `/sbin/init` link), while `use: service` and `use: sysvinit` drive the
 * init script. Results and the state of cron are compared.
 *
 * Needs root and the lab image's `systemd` flavour, built on first use from
 * the Debian mirror (minutes, under its own deadline); when it cannot be
 * built the test fails with the reason, it is never skipped.
 */
import assert from "node:assert/strict";
import { withDeadline } from "../../_support/deadline.ts";
import type { TwinStepOptions } from "./_twin_lab.ts";
import { startSystemdTwins } from "./_service_systemd_twins.ts";
import { ensureLabImage } from "../../_support/lab/mod.ts";

/** A first build of the image (debootstrap from the mirror) on a slow, shared machine. */
const IMAGE_DEADLINE_MS = 30 * 60_000;

const STATE = "if /etc/init.d/cron status >/dev/null 2>&1; then echo up; else echo down; fi\n";

Deno.test({
  name: "systemd and service where systemd is installed but not running: as Ansible",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // Before the test's own deadline: the first build takes minutes.
    await withDeadline(
      IMAGE_DEADLINE_MS,
      "the systemd lab image",
      () => ensureLabImage({ flavour: "systemd" }),
    );
    await withDeadline(240_000, "systemd offline interop", async () => {
      await using twins = await startSystemdTwins("sdo", { offline: true });
      const same = async (
        module: string,
        args: Record<string, unknown>,
        expected: boolean | "fails",
        options: TwinStepOptions = {},
      ) => {
        const [a, ours] = await twins.both(module, args, options);
        const label = `${module} ${JSON.stringify(args)} ${JSON.stringify(options)}`;
        assert.deepEqual(ours, a, label);
        if (expected === "fails") assert.equal(a.failed, true, label);
        else assert.deepEqual([a.changed, a.failed], [expected, false], `${label}: ${a.msg}`);
        const [stateA, stateOurs] = await twins.shell(STATE);
        assert.equal(stateOurs, stateA, `${label}: the hosts' state`);
        return a;
      };
      const unknown = await same("systemd", { name: "cron", state: "started" }, "fails");
      assert.equal(unknown.msg, "Service is in unknown state");
      await same("systemd", { name: "cron", enabled: true }, false);
      await same("systemd", { name: "cron", enabled: false }, true, { check: true });
      const reload = await same("systemd", { daemon_reload: true }, "fails");
      assert.match(
        String(reload.msg),
        /^failure 1 during daemon-reload: System has not been booted/,
      );
      const missing = await same("systemd", { name: "nosuch", state: "started" }, "fails");
      assert.equal(typeof missing.cmd, "string");
      await same("service", { name: "cron", state: "started" }, "fails");
      await same("service", { name: "cron", state: "started", use: "service" }, true);
      await same("service", { name: "cron", state: "started", use: "service" }, false);
      await same("service", { name: "cron", state: "stopped", use: "sysvinit" }, true);
    });
  },
});
