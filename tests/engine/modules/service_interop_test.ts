/**
 * `service` and `sysvinit` on twin lab hosts (Debian without systemd: pid 1
 * is a shell, so Ansible's `service` action runs `sysvinit`), as root
 * through sudo: the real Ansible 2.14 on one, tachyon on the other, with
 * the same arguments. Real daemons: the image's `cron`, and `tinyd`, a
 * tiny daemon of this test with an LSB init script (it logs its start with
 * its arguments, each reload (HUP) and its stop), and `brokend`, whose
 * start fails. Each step compares the results (`changed`, `failed`, the
 * `status` entries with each command's output), then the hosts' state:
 * which daemons run, the `/etc/rc?.d` links, tinyd's log. Check mode,
 * idempotence (twice in a row), Ansible's quirks (`reloaded` always
 * reloads, `enabled: true` after a disable leaves the `K` links and
 * changes every time), `use: service` (the generic module), and one ad hoc
 * job through each real worker (tachyon's entrypoint with the binary's
 * permissions, and ansible-runner).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startLabTwins, type TwinStepOptions } from "./_twin_lab.ts";
import { withDeadline } from "../../_support/deadline.ts";
import { decisionOf, parseStream, runWorker, tempDir } from "../../_support/worker_process.ts";
import { apiTransmit } from "../../_support/api_transmit.ts";
import { SUDO_NOPASSWD_USER } from "../../_support/lab/mod.ts";

/** tachyon's test daemon: logs its start (with its argument), each reload and its stop. */
const TINYD = `#!/bin/sh
trap 'echo reload >> /var/log/tinyd.log' HUP
trap 'echo stop >> /var/log/tinyd.log; exit 0' TERM
echo "start $*" >> /var/log/tinyd.log
while :; do sleep 1 & wait $!; done
`;

/** Its LSB init script (start-stop-daemon detaches it: it outlives the task's session). */
const TINYD_INIT = `#!/bin/sh
### BEGIN INIT INFO
# Provides:          tinyd
# Required-Start:    $remote_fs
# Required-Stop:     $remote_fs
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: tachyon's test daemon
### END INIT INFO
DAEMON=/usr/local/sbin/tinyd
PIDFILE=/run/tinyd.pid
. /lib/lsb/init-functions
case "$1" in
  start)
    log_daemon_msg "Starting tiny daemon" "tinyd"
    start-stop-daemon --start --quiet --oknodo --background --make-pidfile --pidfile $PIDFILE --startas $DAEMON -- "$2"
    log_end_msg $?
    ;;
  stop)
    log_daemon_msg "Stopping tiny daemon" "tinyd"
    start-stop-daemon --stop --quiet --oknodo --retry TERM/5 --remove-pidfile --pidfile $PIDFILE
    log_end_msg $?
    ;;
  reload|force-reload)
    log_daemon_msg "Reloading tiny daemon" "tinyd"
    start-stop-daemon --stop --signal HUP --quiet --pidfile $PIDFILE
    log_end_msg $?
    ;;
  restart)
    $0 stop && $0 start "$2"
    ;;
  status)
    status_of_proc -p $PIDFILE $DAEMON tinyd && exit 0 || exit $?
    ;;
  *)
    echo "Usage: /etc/init.d/tinyd {start|stop|reload|restart|status}"
    exit 3
    ;;
esac
exit 0
`;

/** A service whose start fails (on stdout and stderr). */
const BROKEND_INIT = `#!/bin/sh
case "$1" in
  start) echo "Starting brokend"; echo "brokend: no configuration" >&2; exit 6 ;;
  status) echo "brokend is not running"; exit 3 ;;
  *) exit 0 ;;
esac
`;

const FILES = {
  "/usr/local/sbin/tinyd": { content: TINYD, mode: 0o755 },
  "/etc/init.d/tinyd": { content: TINYD_INIT, mode: 0o755 },
  "/etc/init.d/brokend": { content: BROKEND_INIT, mode: 0o755 },
};

/** What the hosts are left with: running daemons, boot links, tinyd's log. */
const STATE = `for s in cron tinyd; do
  if /etc/init.d/$s status >/dev/null 2>&1; then echo "$s up"; else echo "$s down"; fi
done
for d in /etc/rc?.d; do echo "$d: $(ls "$d" | grep -E 'cron|tinyd' | tr '\\n' ' ')"; done
cat /var/log/tinyd.log 2>/dev/null || :
`;

/** One step: the module, its arguments, its options, and whether Ansible reports a change (or a failure). */
type Step = [string, Record<string, unknown>, boolean | "fails", TwinStepOptions?];

Deno.test({
  name: "service and sysvinit on SysV lab hosts: as Ansible",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(360_000, "service interop", async () => {
      await using twins = await startLabTwins("svc", { files: FILES });
      /** Runs `steps` in order on each host (Ansible's as one playbook), compares every result and the final state. */
      const sequence = async (steps: Step[]) => {
        // Facts first: Ansible's service action then knows the service manager
        // (else it runs `setup` before each task); not compared.
        const ran = await twins.runSteps([
          { module: "setup", args: { gather_subset: ["!all"], filter: ["ansible_service_mgr"] } },
          ...steps.map(([module, args, , options]) => ({ module, args, ...options })),
        ]);
        const [ansible, tachyon] = [ran.ansible.slice(1), ran.tachyon.slice(1)];
        steps.forEach(([module, args, expected, options], i) => {
          const label = `step ${i + 1}: ${module} ${JSON.stringify(args)} ${
            JSON.stringify(options ?? {})
          }`;
          assert.deepEqual(tachyon[i], ansible[i], label);
          if (expected === "fails") assert.equal(ansible[i].failed, true, label);
          else assert.deepEqual([ansible[i].changed, ansible[i].failed], [expected, false], label);
        });
        const [stateA, stateOurs] = await twins.shell(STATE);
        assert.equal(stateOurs, stateA, "the hosts' state");
        return { ansible, tachyon, state: stateOurs };
      };

      await t.step("cron: started, stopped, restarted, reloaded; check mode; twice", async () => {
        const { state } = await sequence([
          ["service", { name: "cron", state: "started" }, true],
          ["service", { name: "cron", state: "started" }, false],
          ["service", { name: "cron", state: "stopped" }, true, { check: true }],
          ["service", { name: "cron", state: "stopped" }, true],
          ["service", { name: "cron", state: "stopped" }, false],
          ["service", { name: "cron", state: "started" }, true, { check: true }],
          ["service", { name: "cron", state: "started" }, true],
          ["service", { name: "cron", state: "started" }, false],
          ["service", { name: "cron", state: "restarted", sleep: 0 }, true],
          ["ansible.builtin.service", { name: "cron", state: "reloaded" }, true],
          ["service", { name: "cron", enabled: false }, true],
          ["service", { name: "cron", enabled: false }, false],
        ]);
        assert.match(state, /^cron up$/m);
        assert.match(state, /^\/etc\/rc2\.d: K01cron $/m);
      });

      await t.step("tinyd: enabled with update-rc.d; disabled; Ansible's re-enable", async () => {
        const { state } = await sequence([
          ["service", { name: "tinyd", enabled: true }, true, { check: true }],
          ["service", { name: "tinyd", enabled: true }, true],
          ["service", { name: "tinyd", enabled: true }, false],
          ["service", { name: "tinyd", enabled: false }, true],
          ["service", { name: "tinyd", enabled: false }, false],
          // `update-rc.d tinyd defaults` keeps the K links: still disabled, and changed each time.
          ["service", { name: "tinyd", enabled: true }, true],
          ["service", { name: "tinyd", enabled: true }, true],
        ]);
        assert.match(state, /^\/etc\/rc3\.d: .*K01tinyd $/m);
      });

      await t.step("tinyd: arguments, reload, restart, stop; a stopped one reloaded", async () => {
        const { state } = await sequence([
          ["service", { name: "tinyd", state: "started", args: "--first" }, true],
          ["service", { name: "tinyd", state: "started" }, false],
          ["service", { name: "tinyd", state: "reloaded" }, true],
          ["sysvinit", { name: "tinyd", state: "restarted", sleep: 0 }, true],
          ["service", { name: "tinyd", state: "stopped", pattern: "/usr/local/sbin/tinyd" }, true],
          ["service", { name: "tinyd", state: "stopped", pattern: "/usr/local/sbin/tinyd" }, false],
          ["service", { name: "tinyd", state: "reloaded" }, true],
          ["service", { name: "tinyd", state: "started", enabled: false }, true],
        ]);
        assert.equal(
          state.slice(state.indexOf("start --first")),
          "start --first\nreload\nstop\nstart \nstop\nstart \n",
        );
      });

      await t.step("sysvinit: runlevels, a path as the name", async () => {
        await twins.shell(
          "update-rc.d tinyd defaults >/dev/null && update-rc.d tinyd disable >/dev/null",
        );
        const { state } = await sequence([
          ["sysvinit", { name: "tinyd", enabled: true, runlevels: ["3", "5"] }, true],
          ["sysvinit", { name: "tinyd", enabled: true, runlevels: ["3", "5"] }, false],
          ["sysvinit", { name: "tinyd", enabled: false, runlevels: ["5"] }, true],
          // A path as the name: `service /etc/init.d/tinyd status` finds nothing, so "not running".
          ["sysvinit", { name: "/etc/init.d/tinyd", state: "stopped" }, false],
          ["sysvinit", { service: "tinyd", state: "stopped" }, true],
        ]);
        assert.match(state, /^\/etc\/rc3\.d: .*S01tinyd $/m);
        assert.match(state, /^\/etc\/rc5\.d: .*K01tinyd $/m);
      });

      await t.step("use: service, the generic module", async () => {
        const { state } = await sequence([
          ["service", { name: "tinyd", enabled: false, use: "service" }, true],
          ["service", { name: "tinyd", enabled: false, use: "service" }, false],
          // Unlike sysvinit's, this one runs `update-rc.d tinyd enable` over K links.
          ["service", { name: "tinyd", enabled: true, use: "service" }, true],
          ["service", { name: "tinyd", enabled: true, use: "service" }, false],
          ["service", { name: "tinyd", state: "started", use: "service" }, true, { check: true }],
          ["service", { name: "tinyd", state: "started", use: "service", args: "--b" }, true],
          ["service", { name: "tinyd", state: "started", use: "service" }, false],
          ["service", { name: "tinyd", state: "restarted", use: "service", sleep: 1 }, true],
          ["service", { name: "tinyd", state: "reloaded", use: "service" }, true],
          ["service", { name: "tinyd", state: "stopped", enabled: false, use: "service" }, true],
          ["service", { name: "tinyd", state: "stopped", use: "service" }, false],
          ["service", { name: "tinyd", state: "stopped", use: "service", pattern: "tinyd" }, false],
        ]);
        assert.match(state, /^tinyd down$/m);
      });

      await t.step("failures: Ansible's messages", async () => {
        const { ansible } = await sequence([
          ["service", { name: "nosuch", state: "started" }, "fails"],
          ["service", { name: "cron", state: "started", runlevel: "3" }, "fails"],
          ["service", { name: "cron" }, "fails"],
          ["service", { name: "cron", state: "bogus" }, "fails"],
          ["service", { name: "brokend", state: "started" }, "fails"],
          ["service", { name: "nosuch", state: "started", use: "service" }, "fails"],
          ["service", { name: "brokend", state: "started", use: "service" }, "fails"],
          // systemd is not the init here: the systemd module fails looking for systemctl.
          ["systemd", { name: "cron", state: "started" }, "fails"],
        ]);
        const prefixes = [
          "Could not find the requested service nosuch: ",
          "Unsupported parameters for (ansible.legacy.sysvinit) module: runlevel.",
          "one of the following is required: state, enabled",
          "value of state must be one of: started, stopped, restarted, reloaded, got: bogus",
          "Failed to start service: brokend",
          "Could not find the requested service nosuch: host",
          "brokend: no configuration",
          'Failed to find required executable "systemctl" in paths: /usr',
        ];
        assert.deepEqual(
          ansible.map((r, i) => String(r.msg).slice(0, prefixes[i].length)),
          prefixes,
        );
      });

      await t.step(
        "daemonize: the init script in a new session (Ansible 2.14's crashes)",
        async () => {
          const [a, ours] = await twins.both("sysvinit", {
            name: "tinyd",
            state: "started",
            daemonize: true,
          });
          // The reference starts the service, then fails reading its own daemon's answer.
          assert.equal(a.failed, true);
          assert.match(String(a.module_stdout), /EOFError/);
          assert.deepEqual([ours.failed, ours.changed], [false, true]);
          assert.deepEqual((ours.status as Record<string, unknown>).started, {
            changed: true,
            rc: 0,
            stdout: "Starting tiny daemon: tinyd.\n",
            stderr: "",
          });
          const [stateA, stateOurs] = await twins.shell(STATE);
          assert.equal(stateOurs, stateA);
          assert.match(stateOurs, /^tinyd up$/m);
        },
      );

      await t.step("an ad hoc service job through each real worker", async () => {
        await workerJob(twins);
      });
    });
  },
});

/** `service name=tinyd state=restarted` as AWX sends it: ansible-runner on Ansible's host, tachyon on its own. */
async function workerJob(twins: Awaited<ReturnType<typeof startLabTwins>>): Promise<void> {
  const tmp = await tempDir("tachyon_service_worker_");
  try {
    const key = await Deno.readTextFile(twins.lab.keys.plain);
    const results: Record<string, Record<string, unknown>> = {};
    for (
      const [name, host] of [["ansible-runner", twins.ansibleHost], [
        "tachyon",
        twins.tachyonHost,
      ]] as const
    ) {
      const src = join(tmp.path, `src-${name}`);
      await Deno.mkdir(join(src, "inventory"), { recursive: true });
      await Deno.writeTextFile(
        join(src, "inventory", "hosts"),
        `${host.name} ansible_host=${host.address} ansible_port=${host.port} ` +
          `ansible_python_interpreter=/usr/bin/python3\n`,
      );
      const stream = await apiTransmit(src, {
        module: "service",
        module_args: "name=tinyd state=restarted sleep=0",
        host_pattern: "all",
        ident: "svc",
        ssh_key: key,
        cmdline: `-u ${SUDO_NOPASSWD_USER.name} --become`,
        envvars: {
          ANSIBLE_HOST_KEY_CHECKING: "False",
          ANSIBLE_SSH_CONTROL_PATH_DIR: join(tmp.path, `cp-${name}`),
        },
      });
      const out = await withDeadline(
        120_000,
        `${name} worker`,
        () => runWorker(name, join(tmp.path, `w-${name}`), stream),
      );
      const events = parseStream(out.stdout);
      if (name === "tachyon") {
        assert.match(decisionOf(events), /the ad hoc service job runs natively/);
      }
      const ok = events.find((e) => e.event === "runner_on_ok");
      const shown = events.filter((e) => String(e.event ?? "").startsWith("runner_on"))
        .map((e) => JSON.stringify((e.event_data as Record<string, unknown>).res));
      assert.ok(ok, `${name}: no runner_on_ok: ${shown.join("\n")}`);
      const data = ok.event_data as Record<string, unknown>;
      assert.equal(data.task_action, "service", name);
      results[name] = data.res as Record<string, unknown>;
    }
    for (const key of ["changed", "name", "status"]) {
      assert.deepEqual(results.tachyon[key], results["ansible-runner"][key], key);
    }
    assert.equal(results.tachyon.changed, true);
    const [stateA, stateOurs] = await twins.shell(STATE);
    assert.equal(stateOurs, stateA, "the hosts' state after the worker jobs");
    assert.match(stateOurs, /tinyd up/);
  } finally {
    await tmp.remove();
  }
}
