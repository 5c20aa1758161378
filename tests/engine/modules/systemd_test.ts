/**
 * `systemd` (`systemd_service`), the pure parts: argument checks with the
 * messages Ansible 2.14 printed for the same arguments on a lab host, the
 * `systemctl` command line (scope, `--no-block`, `--force`), the parsing
 * of `systemctl show` (against Ansible's own `parse_systemctl_show`,
 * `request_was_ignored` and the generic `service` module's
 * `get_systemd_status_dict`, run by the python oracle), and the decisions
 * on a unit's state and enablement.
 */
import assert from "node:assert/strict";
import { ModuleArgsError } from "../../../src/engine/modules/module.ts";
import { parseSystemdArgs, type SystemdArgs } from "../../../src/engine/modules/service_args.ts";
import {
  legacyShowParse,
  parseSystemctlShow,
  pyRepr,
  requestWasIgnored,
  stateAction,
  systemctlCommand,
  unitEnabled,
} from "../../../src/engine/modules/systemd_plan.ts";
import { systemdModule, systemdServiceModule } from "../../../src/engine/modules/systemd.ts";
import { python } from "../../_oracles/python.ts";

function argsError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ModuleArgsError) return error.message;
    throw error;
  }
  throw new Error("no error");
}

Deno.test("systemd arguments: aliases, defaults and Ansible's messages", () => {
  assert.deepEqual(parseSystemdArgs("systemd", { unit: "cron", state: "started" }), {
    name: "cron",
    state: "started",
    enabled: undefined,
    force: undefined,
    masked: undefined,
    daemonReload: false,
    daemonReexec: false,
    scope: "system",
    noBlock: false,
  });
  const reload = parseSystemdArgs("systemd", {
    "daemon-reload": "yes",
    "daemon-reexec": true,
    scope: "user",
  });
  assert.deepEqual([reload.name, reload.daemonReload, reload.daemonReexec, reload.scope], [
    undefined,
    true,
    true,
    "user",
  ]);
  assert.equal(parseSystemdArgs("systemd", { service: "x.timer", masked: "no" }).masked, false);
  // A name alone passes: Ansible's "one of" check always finds the defaulted daemon_reload.
  assert.equal(parseSystemdArgs("systemd", { name: "cron" }).name, "cron");
  // Each message as the real Ansible 2.14 printed it (a lab host).
  assert.equal(
    argsError(() => systemdModule.parseArgs({ name: "cron", foo: 1 })),
    "Unsupported parameters for (systemd) module: foo. Supported parameters include: " +
      "daemon_reexec, daemon_reload, enabled, force, masked, name, no_block, scope, state " +
      "(daemon-reexec, daemon-reload, service, unit).",
  );
  assert.equal(
    argsError(() => systemdModule.parseArgs({ state: "started" })),
    "missing parameter(s) required by 'state': name",
  );
  assert.equal(
    argsError(() => systemdModule.parseArgs({ name: "cron", scope: "x" })),
    "value of scope must be one of: system, user, global, got: x",
  );
  assert.equal(
    argsError(() => systemdModule.parseArgs({ name: "cron", state: "x" })),
    "value of state must be one of: reloaded, restarted, started, stopped, got: x",
  );
  assert.match(
    argsError(() => systemdServiceModule.parseArgs({ name: "cron", enabled: "maybe" })),
    /^argument 'enabled' is of type <class 'str'> and we were unable to convert to bool: The value 'maybe' is not a valid boolean/,
  );
  assert.equal(systemdServiceModule.fqcn, "ansible.builtin.systemd_service");
});

Deno.test("systemctl's command line: scope, --no-block, --force", () => {
  const args = (extra: Partial<SystemdArgs>) => ({
    ...parseSystemdArgs("systemd", { name: "x", state: "started" }),
    ...extra,
  });
  assert.deepEqual(systemctlCommand("/usr/bin/systemctl", args({})), ["/usr/bin/systemctl"]);
  assert.deepEqual(
    systemctlCommand("/usr/bin/systemctl", args({ scope: "global", noBlock: true, force: true })),
    ["/usr/bin/systemctl", "--global", "--no-block", "--force"],
  );
  assert.deepEqual(systemctlCommand("/bin/systemctl", args({ scope: "user" })), [
    "/bin/systemctl",
    "--user",
  ]);
});

const SHOW_OUTPUTS = [
  "Type=simple\nRestart=no\nId=cron.service\nActiveState=active\nSubState=running\n",
  "ExecStart={ path=/usr/sbin/cron ; argv[]=/usr/sbin/cron -f $EXTRA_OPTS ; ignore_errors=no }\n" +
  "ActiveState=inactive\n",
  "ExecStart={ path=/bin/sh ; argv[]=/bin/sh -c 'echo a\nb' ; ignore_errors=no }\nLoadState=loaded\n",
  "Description={ not closed\nLoadState=loaded\nActiveState=failed\n",
  "Names=a.service b.service\nAfter=x.target  \n\nNoEquals\nLoadState=not-found\n",
  "Running in chroot, ignoring request.",
  "",
];

const SHOW_ORACLE = `import json, sys
from ansible.modules.systemd import parse_systemctl_show, request_was_ignored
from ansible.modules.service import LinuxService
out = []
for text in json.load(sys.stdin):
    s = object.__new__(LinuxService)
    s._LinuxService__systemd_unit = "cron"; s.enable_cmd = "systemctl"
    s.execute_command = lambda cmd: (0, text, "")
    class Failed(Exception):
        pass
    class Module:
        def fail_json(self, msg):
            raise Failed(msg)
    s.module = Module()
    try:
        legacy = s.get_systemd_status_dict()
    except NameError:
        legacy = "NameError"
    except Failed as e:
        legacy = "failed: " + str(e)
    out.append({"show": parse_systemctl_show(text.split("\\n")), "ignored": request_was_ignored(text),
                "legacy": legacy})
print(json.dumps(out))
`;

Deno.test("systemctl show: parsed as Ansible's systemd and service modules parse it", async () => {
  const expected = (await python({ code: SHOW_ORACLE, input: SHOW_OUTPUTS })) as {
    show: Record<string, string>;
    ignored: boolean;
    legacy: Record<string, string> | string;
  }[];
  SHOW_OUTPUTS.forEach((text, i) => {
    assert.deepEqual(parseSystemctlShow(text.split("\n")), expected[i].show, `show ${i}`);
    assert.equal(requestWasIgnored(text), expected[i].ignored, `ignored ${i}`);
    if (typeof expected[i].legacy !== "string") {
      assert.deepEqual(legacyShowParse(text), expected[i].legacy, `legacy ${i}`);
    }
  });
});

Deno.test("a unit's state: the verb to run and the state reported", () => {
  const states = ["active", "activating", "deactivating", "inactive", "failed"];
  const table = (["started", "stopped", "restarted", "reloaded"] as const).map((state) =>
    states.map((ActiveState) => {
      const { action, reported } = stateAction(state, { ActiveState });
      return `${action ?? "-"}/${reported}`;
    }).join(" ")
  );
  assert.deepEqual(table, [
    "-/started -/started start/started start/started start/started",
    "stop/stopped stop/stopped stop/stopped -/stopped -/stopped",
    "restart/started restart/started start/started start/started start/started",
    "reload/started reload/started start/started start/started start/started",
  ]);
});

Deno.test("a unit's enablement from systemctl is-enabled -l", () => {
  const plain = { scope: "system", initd: false, sysvEnabled: false };
  assert.equal(unitEnabled({ rc: 0, out: "enabled\n" }, plain), true);
  assert.equal(unitEnabled({ rc: 0, out: "static\n" }, plain), true);
  assert.equal(unitEnabled({ rc: 0, out: "indirect\n" }, plain), false);
  assert.equal(unitEnabled({ rc: 0, out: "alias\n" }, plain), false);
  assert.equal(unitEnabled({ rc: 1, out: "disabled\n" }, plain), false);
  const initd = { scope: "system", initd: true, sysvEnabled: true };
  assert.equal(unitEnabled({ rc: 1, out: "" }, initd), true);
  assert.equal(unitEnabled({ rc: 1, out: "disabled\n" }, initd), false);
  assert.equal(unitEnabled({ rc: 1, out: "" }, { ...initd, scope: "user" }), false);
  assert.equal(unitEnabled({ rc: 4, out: "" }, initd), false);
});

Deno.test("a unit's name as Python's repr prints it", () => {
  assert.equal(pyRepr("cron"), "'cron'");
  assert.equal(pyRepr("it's"), `"it's"`);
  assert.equal(pyRepr(`a'b"c`), `'a\\'b"c'`);
});
