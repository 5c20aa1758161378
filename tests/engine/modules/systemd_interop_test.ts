/**
 * `systemd`, `systemd_service` and `service` on twin hosts whose pid 1 is
 * systemd (`_service_systemd_host.ts`: the lab image plus systemd, in a
 * cgroup namespace of its own), as root through sudo: the real Ansible
 * 2.14 on one, tachyon on the other. Real units: the image's `cron`, and
 * `tinyd`, a tiny daemon of this test (it logs its start with its
 * argument, each reload (HUP) and its stop). Results are compared whole,
 * `status` too (every `systemctl show` property) but for what differs from
 * boot to boot (timestamps, pids, invocation ids, resource counters) and
 * the order of unit lists (`After=`, `Before=`, …, which systemd prints in
 * hash order); then the hosts' state (`is-active`, `is-enabled`, tinyd's
 * log). Check mode, idempotence, masking, `daemon_reload` after a unit
 * changed, failures, and `service` (which runs `systemd` here, or the
 * generic module with `use: service`).
 *
 * Needs root and the lab image's `systemd` flavour, built on first use from
 * the Debian mirror (minutes, under its own deadline); when it cannot be
 * built the test fails with the reason, it is never skipped.
 */
import assert from "node:assert/strict";
import { withDeadline } from "../../_support/deadline.ts";
import type { TwinResult, TwinStepOptions } from "./_twin_lab.ts";
import { startSystemdTwins } from "./_service_systemd_twins.ts";
import { ensureLabImage } from "../../_support/lab/mod.ts";

/** A first build of the image (debootstrap from the mirror) on a slow, shared machine. */
const IMAGE_DEADLINE_MS = 30 * 60_000;

const TINYD = `#!/bin/sh
trap 'echo reload >> /var/log/tinyd.log' HUP
trap 'echo stop >> /var/log/tinyd.log; exit 0' TERM
echo "start $*" >> /var/log/tinyd.log
while :; do sleep 1 & wait $!; done
`;

const unit = (argument: string) =>
  `[Unit]
Description=tachyon's test daemon
[Service]
ExecStart=/usr/local/sbin/tinyd ${argument}
ExecReload=/bin/kill -HUP $MAINPID
[Install]
WantedBy=multi-user.target
`;

const FILES = {
  "/usr/local/sbin/tinyd": { content: TINYD, mode: 0o755 },
  // Not in /etc/systemd/system: there `systemctl mask` cannot put its link.
  "/usr/local/lib/systemd/system/tinyd.service": unit("first"),
};

/** What the hosts are left with. */
const STATE = `systemctl is-active cron tinyd; systemctl is-enabled cron tinyd
cat /var/log/tinyd.log 2>/dev/null || :
`;

/** `systemctl show` properties that differ from boot to boot or run to run. */
const VOLATILE =
  /Timestamp|PID$|InvocationID|Memory|CPUUsage|Tasks|^IO|^IP|^Exec(Start|Reload|Stop|Condition)|^ExecMain|ControlGroupId|StatusErrno|^Effective/;

/** `result` with its `status` reduced to what must be the same on both hosts. */
function stable(result: TwinResult): TwinResult {
  if (typeof result.status !== "object" || result.status === null) return result;
  const status: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.status as Record<string, string>)) {
    if (VOLATILE.test(key)) status[key] = "(volatile)";
    else if (/^[A-Z]/.test(key) && typeof value === "string" && value.includes(" ")) {
      status[key] = value.split(" ").sort().join(" ");
    } else status[key] = value;
  }
  return { ...result, status };
}

Deno.test({
  name: "systemd and service on systemd lab hosts: as Ansible",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    // Before the test's own deadline: the first build takes minutes.
    await withDeadline(
      IMAGE_DEADLINE_MS,
      "the systemd lab image",
      () => ensureLabImage({ flavour: "systemd" }),
    );
    await withDeadline(300_000, "systemd interop", async () => {
      await using twins = await startSystemdTwins("sd", { files: FILES });
      const same = async (
        module: string,
        args: Record<string, unknown>,
        expected: boolean | "fails",
        options: TwinStepOptions = {},
      ): Promise<[TwinResult, TwinResult]> => {
        const [a, ours] = await twins.both(module, args, options);
        const label = `${module} ${JSON.stringify(args)} ${JSON.stringify(options)}`;
        assert.deepEqual(stable(ours), stable(a), label);
        if (expected === "fails") assert.equal(a.failed, true, label);
        else assert.deepEqual([a.changed, a.failed], [expected, false], `${label}: ${a.msg}`);
        const [stateA, stateOurs] = await twins.shell(STATE);
        assert.equal(stateOurs, stateA, `${label}: the hosts' state`);
        return [a, ours];
      };

      await t.step("cron: stopped, started; check mode; twice", async () => {
        const [a] = await same("systemd", { name: "cron", state: "stopped" }, true, {
          check: true,
        });
        assert.equal((a.status as Record<string, string>).ActiveState, "active");
        await same("systemd", { name: "cron", state: "stopped" }, true);
        await same("systemd", { name: "cron.service", state: "stopped" }, false);
        await same("systemd_service", { unit: "cron", state: "started" }, true);
        await same("ansible.builtin.systemd", { name: "cron", state: "started" }, false);
      });

      await t.step("tinyd: start, enable, reload, restart, mask, unmask, stop", async () => {
        await same("systemd", { name: "tinyd", state: "started", enabled: true }, true);
        await same("systemd", { name: "tinyd", state: "started", enabled: true }, false);
        await same("systemd", { name: "tinyd", state: "reloaded" }, true);
        await same("systemd", { name: "tinyd", state: "restarted" }, true, { check: true });
        await same("systemd", { name: "tinyd", state: "restarted", no_block: true }, true);
        await same("systemd", { name: "tinyd", masked: true, state: "stopped" }, true);
        await same("systemd", { name: "tinyd", masked: true }, false);
        await same("systemd", { name: "tinyd", state: "started" }, "fails");
        await same("systemd", { name: "tinyd", masked: false, enabled: false }, true);
        await same("systemd", { name: "tinyd", enabled: false }, false);
        const [stateA] = await twins.shell(STATE);
        assert.equal(
          stateA,
          "active\ninactive\nenabled\ndisabled\nstart first\nreload\nstop\nstart first\nstop\n",
        );
      });

      await t.step("daemon_reload: a changed unit, then restarted", async () => {
        await twins.shell(
          `cat > /usr/local/lib/systemd/system/tinyd.service <<'EOF'\n${unit("second")}EOF`,
        );
        await same("systemd", { daemon_reload: true }, false);
        await same("systemd", { name: "tinyd", state: "restarted", "daemon-reload": true }, true);
        await same("systemd", { daemon_reexec: true }, false);
        const [stateA] = await twins.shell("tail -n 1 /var/log/tinyd.log");
        assert.equal(stateA, "start second\n");
      });

      await t.step("service: runs systemd here; use: service, the generic module", async () => {
        const [a, ours] = await twins.both("service", {
          name: "tinyd",
          state: "stopped",
          sleep: 1,
        });
        // Ansible warns on its display, tachyon in the result.
        assert.deepEqual(ours.warnings, ['Ignoring "sleep" as it is not used in "systemd"']);
        delete ours.warnings;
        assert.deepEqual(stable(ours), stable(a));
        await same(
          "service",
          { name: "tinyd", state: "started", enabled: true, use: "service" },
          true,
        );
        await same(
          "service",
          { name: "tinyd", state: "started", enabled: true, use: "service" },
          false,
        );
        await same("service", { name: "tinyd", state: "restarted", use: "service" }, true);
        await same(
          "service",
          { name: "tinyd", state: "stopped", enabled: false, use: "service" },
          true,
          { check: true },
        );
        await same(
          "service",
          { name: "tinyd", state: "stopped", enabled: false, use: "service" },
          true,
        );
        await same("service", { name: "tinyd", state: "reloaded" }, true);
      });

      await t.step("failures: Ansible's messages", async () => {
        const [nosuch] = await same("systemd", { name: "nosuch", state: "started" }, "fails");
        assert.equal(nosuch.msg, "Could not find the requested service nosuch: host");
        await same("systemd", { name: "nosuch", enabled: true }, "fails");
        await same("systemd", { name: "cr?n", state: "started" }, "fails");
        await same("systemd", { name: "tinyd", state: "started", scope: "user" }, "fails");
        await same("service", { name: "nosuch", state: "started", use: "service" }, "fails");
        await same("service", { name: "nosuch", state: "started" }, "fails");
        // cron.service has no ExecReload.
        await same("service", { name: "cron", state: "reloaded" }, "fails");
      });
    });
  },
});
