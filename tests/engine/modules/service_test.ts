/**
 * `service` and `sysvinit`, the pure parts: argument checks with Ansible
 * 2.14's messages (measured on a lab host: `service` on a SysV host runs
 * `ansible.legacy.sysvinit`), `sysvinit`'s reading of a status command
 * (against Ansible's own code, the block of `sysvinit.main` run by the
 * python oracle), the generic `service` module's reading (its
 * `LinuxService.get_service_status`), the commands a state or an
 * enablement runs, the service manager detection, and the module names.
 */
import assert from "node:assert/strict";
import { findModule } from "../../../src/engine/modules/registry.ts";
import { ModuleArgsError } from "../../../src/engine/modules/module.ts";
import {
  parseLegacyServiceArgs,
  parseSysvinitArgs,
} from "../../../src/engine/modules/service_args.ts";
import {
  enableChanges,
  psMatches,
  scriptCommand,
  sysvEnableCommand,
  sysvRunning,
  sysvScript,
  sysvStep,
} from "../../../src/engine/modules/sysvinit_plan.ts";
import { psLines } from "../../../src/engine/modules/service_sh.ts";
import { serviceManagerOf } from "../../../src/engine/modules/service_mgr.ts";
import { serviceModule, serviceModuleFor } from "../../../src/engine/modules/service.ts";
import { ShellOutput } from "../../../src/engine/modules/remote_sh.ts";
import { python } from "../../_oracles/python.ts";

const LABEL = "ansible.legacy.sysvinit";

function argsError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ModuleArgsError) return error.message;
    throw error;
  }
  throw new Error("no error");
}

Deno.test("sysvinit arguments: defaults, aliases and Ansible's messages", () => {
  const args = parseSysvinitArgs(LABEL, { service: "cron", state: "started", args: "--x" });
  assert.deepEqual(args, {
    name: "cron",
    state: "started",
    enabled: undefined,
    sleep: 1,
    pattern: undefined,
    arguments: "--x",
    runlevels: undefined,
    daemonize: false,
  });
  assert.deepEqual(parseSysvinitArgs(LABEL, "name=cron enabled=no runlevels=3,5 sleep=0"), {
    name: "cron",
    state: undefined,
    enabled: false,
    sleep: 0,
    pattern: undefined,
    arguments: undefined,
    runlevels: ["3", "5"],
    daemonize: false,
  });
  // Each message as the real Ansible 2.14 printed it for `service` on a lab host.
  assert.equal(
    argsError(() => parseSysvinitArgs(LABEL, { name: "cron", runlevel: "3", state: "started" })),
    "Unsupported parameters for (ansible.legacy.sysvinit) module: runlevel. Supported " +
      "parameters include: arguments, daemonize, enabled, name, pattern, runlevels, sleep, " +
      "state (args, service).",
  );
  assert.equal(
    argsError(() => parseSysvinitArgs(LABEL, { name: "cron" })),
    "one of the following is required: state, enabled",
  );
  assert.equal(
    argsError(() => parseSysvinitArgs(LABEL, { name: "cron", state: "bogus" })),
    "value of state must be one of: started, stopped, restarted, reloaded, got: bogus",
  );
  // A bad value is found before an unknown name, as in Ansible.
  assert.equal(
    argsError(() => parseSysvinitArgs(LABEL, { name: "cron", state: "x", foo: 1 })),
    "value of state must be one of: started, stopped, restarted, reloaded, got: x",
  );
  assert.equal(
    argsError(() => parseSysvinitArgs(LABEL, { name: "cron", state: "started", sleep: "x" })),
    "argument 'sleep' is of type <class 'str'> and we were unable to convert to int: " +
      "<class 'str'> cannot be converted to an int",
  );
  assert.equal(
    argsError(() => parseSysvinitArgs(LABEL, { state: "started" })),
    "missing required arguments: name",
  );
});

Deno.test("the generic service module's arguments", () => {
  assert.deepEqual(parseLegacyServiceArgs("ansible.legacy.service", "name=cron state=started"), {
    name: "cron",
    state: "started",
    enabled: undefined,
    sleep: undefined,
    pattern: undefined,
    runlevel: "default",
    arguments: "",
  });
  assert.equal(
    argsError(() => parseLegacyServiceArgs("ansible.legacy.service", { name: "x", state: "y" })),
    "value of state must be one of: started, stopped, reloaded, restarted, got: y",
  );
  assert.equal(
    argsError(() =>
      parseLegacyServiceArgs("ansible.legacy.service", {
        name: "x",
        state: "started",
        daemonize: 1,
      })
    ),
    "Unsupported parameters for (ansible.legacy.service) module: daemonize. Supported " +
      "parameters include: arguments, enabled, name, pattern, runlevel, sleep, state (args).",
  );
});

Deno.test("service keeps its arguments for the module that runs, use lowercased", () => {
  assert.deepEqual(serviceModule.parseArgs("name=cron state=started use=SysVinit"), {
    use: "sysvinit",
    given: { name: "cron", state: "started" },
  });
  assert.deepEqual(serviceModule.parseArgs({ name: "cron", runlevels: ["3"] }), {
    use: "auto",
    given: { name: "cron", runlevels: ["3"] },
  });
  assert.deepEqual(
    ["systemd", "sysvinit", "service", "upstart", "openrc", "runit", "process_api"].map(
      serviceModuleFor,
    ),
    ["systemd", "sysvinit", "service", "service", "service", "service", "service"],
  );
});

/** One status command's outcome, and whether `ps` shows the service's name. */
type StatusCase = { name: string; rc: number; out: string; ps?: boolean };

const STATUS_CASES: StatusCase[] = [
  { name: "cron", rc: 0, out: "cron is running.\n" },
  { name: "cron", rc: 3, out: "cron is not running ... failed!\n" },
  { name: "tinyd", rc: 0, out: "" },
  { name: "tinyd", rc: 1, out: "" },
  { name: "tinyd", rc: 69, out: "" },
  { name: "tinyd", rc: 5, out: "" },
  { name: "tinyd", rc: 5, out: "", ps: true },
  { name: "tinyd", rc: 0, out: "tinyd: inactive\n" },
  { name: "tinyd", rc: 0, out: "Tinyd is active\n" },
  { name: "tinyd", rc: 0, out: "is dead but pid file exists\n" },
  { name: "tinyd", rc: 5, out: "line one\nline two running\n" },
  { name: "tinyd", rc: 0, out: "line one\nline two stopped\n" },
  { name: "tinyd", rc: 7, out: "not started\n", ps: true },
  { name: "iptables", rc: 0, out: "Chain INPUT (policy ACCEPT)\ntarget prot\n" },
  { name: "running", rc: 0, out: "running\n" },
  { name: "x", rc: 0, out: "Started but not quite\n" },
];

/** `sysvinit.main`'s block from "figure out started status" to the enable part, run as is. */
const SYSVINIT_STATUS = `import inspect, json, sys, textwrap
import ansible.modules.sysvinit as m
src = inspect.getsource(m.main)
block = textwrap.dedent(src[src.index("    # figure out started status"):src.index("    # BEGIN: Enable/Disable")])
out = []
for c in json.load(sys.stdin):
    warnings = []
    class Module:
        def run_command(self, cmd):
            return (c["rc"], c["out"], "")
        def warn(self, text):
            warnings.append(text)
    env = dict(module=Module(), pattern=None, name=c["name"], script="/etc/init.d/" + c["name"],
               location={"service": "/usr/sbin/service"}, get_ps=lambda module, p: c.get("ps", False))
    exec(block, env)
    out.append({"started": env["is_started"], "worked": env["worked"], "warnings": warnings})
print(json.dumps(out))
`;

Deno.test("sysvinit reads a status command as Ansible's code does", async () => {
  const expected = await python({ code: SYSVINIT_STATUS, input: STATUS_CASES });
  const ours = STATUS_CASES.map((c) => {
    const running = sysvRunning(c.name, { rc: c.rc, out: c.out, err: "" }, () => c.ps === true);
    const warnings = [...running.warnings];
    if (!running.worked) warnings.push("Unable to determine if service is up, assuming it is down");
    return { started: running.started, worked: running.worked, warnings };
  });
  assert.deepEqual(ours, expected);
});

/** `LinuxService.get_service_status` on a SysV host (`service NAME status`), run as is. */
const LEGACY_STATUS = `import json, sys
from ansible.modules.service import LinuxService
out = []
for c in json.load(sys.stdin):
    s = object.__new__(LinuxService)
    s.name = c["name"]; s.arguments = ""; s.running = None; s.svc_cmd = "/usr/sbin/service"
    s.svc_initctl = None; s.action = None
    s.service_control = lambda: (c["rc"], c["out"], "")
    out.append(s.get_service_status())
print(json.dumps(out))
`;

Deno.test("the generic service module reads a status command as Ansible's code does", async () => {
  const { legacyRunning } = await import("../../../src/engine/modules/service_linux.ts");
  const expected = await python({ code: LEGACY_STATUS, input: STATUS_CASES });
  assert.deepEqual(
    STATUS_CASES.map((c) => legacyRunning(c.name, { rc: c.rc, out: c.out, err: "" }) ?? null),
    expected,
  );
});

Deno.test("sysvinit: what a state runs on a running or stopped service", () => {
  const table = (["started", "stopped", "restarted", "reloaded"] as const).flatMap((state) =>
    [true, false].map((started) => [state, started, sysvStep(state, started)])
  );
  assert.deepEqual(table, [
    ["started", true, { action: "start", words: [] }],
    ["started", false, { action: "start", words: ["start"] }],
    ["stopped", true, { action: "stop", words: ["stop"] }],
    ["stopped", false, { action: "stop", words: [] }],
    ["restarted", true, { action: "restart", words: ["stop", "start"] }],
    ["restarted", false, { action: "restart", words: ["stop", "start"] }],
    // Ansible reloads a stopped service too.
    ["reloaded", true, { action: "reload", words: ["reload"] }],
    ["reloaded", false, { action: "reload", words: ["reload"] }],
  ]);
  const args = parseSysvinitArgs(LABEL, {
    name: "tinyd",
    state: "started",
    arguments: "--a 'b c'",
  });
  assert.deepEqual(scriptCommand(sysvScript("tinyd"), "start", args), [
    "/etc/init.d/tinyd",
    "start",
    "--a",
    "b c",
  ]);
  assert.equal(sysvScript("/opt/app/init"), "/opt/app/init");
});

Deno.test("sysvinit: the enable command, and when enablement changes", () => {
  const rcd = { updateRcd: "/usr/sbin/update-rc.d" };
  const chk = { chkconfig: "/sbin/chkconfig" };
  assert.deepEqual(sysvEnableCommand(rcd, "cron", true), [
    "/usr/sbin/update-rc.d",
    "cron",
    "defaults",
  ]);
  assert.deepEqual(sysvEnableCommand(rcd, "cron", false), [
    "/usr/sbin/update-rc.d",
    "cron",
    "disable",
  ]);
  assert.deepEqual(sysvEnableCommand(rcd, "cron", true, ["2", "3"]), [
    "/usr/sbin/update-rc.d",
    "cron",
    "enable",
    "2",
    "3",
  ]);
  assert.deepEqual(sysvEnableCommand(chk, "cron", false, ["3", "5"]), [
    "/sbin/chkconfig",
    "--level",
    "35",
    "cron",
    "off",
  ]);
  assert.deepEqual(sysvEnableCommand(chk, "cron", true), ["/sbin/chkconfig", "cron", "on"]);
  assert.equal(sysvEnableCommand({}, "cron", true), undefined);

  assert.equal(enableChanges(true, { enabled: true }), false);
  assert.equal(enableChanges(false, { enabled: true }), true);
  assert.equal(enableChanges(undefined, { enabled: true }), false);
  const byRunlevel = new Map([["3", true], ["5", false]]);
  assert.equal(enableChanges(true, { enabled: true, byRunlevel }, ["3", "5"]), true);
  assert.equal(enableChanges(true, { enabled: true, byRunlevel }, ["3"]), false);
  // Runlevels without `enabled`: Ansible compares None with each, so it always changes (and disables).
  assert.equal(enableChanges(undefined, { enabled: true, byRunlevel }, ["3"]), true);
});

Deno.test("ps: the module's own script is not a match", () => {
  const ps = "USER PID %CPU\nroot 1 0.0 /bin/sh /usr/local/sbin/lab-init\n" +
    "root 42 0.0 /bin/sh -c _svcap S plain /etc/init.d/tinyd status\n" +
    "root 77 0.0 /bin/sh /usr/local/sbin/tinyd\n";
  const lines = psLines(ps, 42);
  assert.equal(lines.some((l) => l.includes(" 42 ")), false);
  assert.equal(psMatches(lines, "/usr/local/sbin/tinyd"), true);
  assert.equal(psMatches(lines, "/etc/init.d/tinyd"), false);
});

function probe(lines: Record<string, string>): ShellOutput {
  const text = Object.entries(lines).map(([tag, payload]) => `${tag} ${payload}`).join("\n");
  return ShellOutput.parse(text + "\n");
}

const b64 = (text: string) => `base64 ${btoa(text)}`;

Deno.test("the service manager, as Ansible's collector finds it", () => {
  // The lab's hosts: pid 1 is a shell, no systemctl, /etc/init.d.
  assert.equal(serviceManagerOf(probe({ P1: b64("sh\n"), UN: "Linux", INITD: "" })), "sysvinit");
  assert.equal(serviceManagerOf(probe({ P1: b64("systemd\n"), UN: "Linux" })), "systemd");
  assert.equal(
    serviceManagerOf(
      probe({ P1: b64("init\n"), UN: "Linux", SYSTEMCTL: "", CANARY: "", INITD: "" }),
    ),
    "systemd",
  );
  // systemctl installed, systemd not running: SysV.
  assert.equal(
    serviceManagerOf(probe({ P1: b64("bash\n"), UN: "Linux", SYSTEMCTL: "", INITD: "" })),
    "sysvinit",
  );
  assert.equal(
    serviceManagerOf(
      probe({ P1: b64("sh\n"), UN: "Linux", SYSTEMCTL: "", INIT: "/lib/systemd/systemd" }),
    ),
    "systemd",
  );
  assert.equal(serviceManagerOf(probe({ P1: b64("procd\n"), UN: "Linux" })), "openwrt_init");
  assert.equal(serviceManagerOf(probe({ P1: b64("runit-init\n"), UN: "Linux" })), "runit");
  assert.equal(serviceManagerOf(probe({ P1: b64("sh\n"), UN: "Linux", OPENRC: "" })), "openrc");
  assert.equal(
    serviceManagerOf(probe({ P1: b64("sh\n"), UN: "Linux", INITCTL: "", UPSTARTDIR: "" })),
    "upstart",
  );
  assert.equal(serviceManagerOf(probe({ P1: b64("sh\n"), UN: "Linux" })), "service");
  assert.equal(serviceManagerOf(probe({ PS: "  1 ", UN: "Linux", INITD: "" })), "sysvinit");
  assert.equal(serviceManagerOf(probe({ PS: "tini", UN: "Linux" })), "tini");
});

Deno.test("service, sysvinit, systemd and systemd_service by short and qualified names", async () => {
  for (
    const [name, fqcn] of [
      ["service", "ansible.builtin.service"],
      ["ansible.builtin.sysvinit", "ansible.builtin.sysvinit"],
      ["ansible.legacy.systemd", "ansible.builtin.systemd"],
      ["ansible.builtin.systemd_service", "ansible.builtin.systemd_service"],
    ]
  ) {
    const module = await findModule(name);
    assert.equal(module.fqcn, fqcn);
    assert.equal(module.supportsCheckMode, true);
  }
});
