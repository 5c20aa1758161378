/**
 * sysctl's decisions (`sysctl_conf.ts`) against the real
 * `ansible.posix.sysctl` class (recorded Python oracle: its `process()` in
 * check mode, the running value handed in): `changed`, whether it sets the
 * running value and writes the file, and the file's new text. Argument
 * errors with Ansible's texts.
 */
import assert from "node:assert/strict";
import { python } from "../../_oracles/python.ts";
import { planSysctl, sysctlValue } from "../../../src/engine/modules/sysctl_conf.ts";
import { sysctlModule } from "../../../src/engine/modules/sysctl.ts";
import { ModuleArgsError } from "../../../src/engine/modules/module.ts";

/** One decision: the module's arguments, the running value (null: unknown key), the file (null: none). */
type Case = {
  args: {
    name: string;
    value?: string | null;
    state?: string;
    reload?: boolean;
    sysctl_set?: boolean;
  };
  proc: string | null;
  file: string | null;
};

const ORACLE = `
import json, os, sys, tempfile
from ansible_collections.ansible.posix.plugins.modules.sysctl import SysctlModule
out = []
for case in json.load(sys.stdin):
    fd, path = tempfile.mkstemp()
    if case["file"] is not None:
        os.write(fd, case["file"].encode())
    os.close(fd)
    if case["file"] is None:
        os.unlink(path)
    params = dict(value=None, state="present", reload=True, sysctl_set=False, ignoreerrors=False)
    params.update(case["args"])
    params["sysctl_file"] = path
    class Module:
        check_mode = True
        def __init__(self):
            self.params = params
        def get_bin_path(self, *a, **k):
            return "/sbin/sysctl"
        def run_command(self, cmd, **k):
            if case["proc"] is None:
                return (255, "", "sysctl: cannot stat /proc/sys/x: No such file or directory")
            return (0, case["proc"], "")
        def fail_json(self, **k):
            raise Exception(k)
    m = SysctlModule(Module())
    out.append(dict(changed=m.changed, set_proc=m.set_proc, write_file=m.write_file,
                    text="".join(l.strip() + "\\n" for l in m.fixed_lines)))
    if os.path.exists(path):
        os.unlink(path)
print(json.dumps(out))
`;

const CONF = "# kernel tuning\n; old style comment\nvm.swappiness = 10\n\n" +
  "net.ipv4.ip_forward=0\nnet.core.somaxconn =  1024 \nnet.ipv4.ip_forward=1\nnot an entry\n";

const CASES: Case[] = [
  { args: { name: "net.ipv4.ip_forward", value: "1" }, proc: "0\n", file: null },
  { args: { name: "net.ipv4.ip_forward", value: "1" }, proc: "0\n", file: "" },
  { args: { name: "net.ipv4.ip_forward", value: "0" }, proc: "0\n", file: CONF },
  { args: { name: "net.ipv4.ip_forward", value: "1" }, proc: "0\n", file: CONF },
  { args: { name: "vm.swappiness", value: "10" }, proc: "10\n", file: CONF },
  { args: { name: "vm.swappiness", value: "10" }, proc: "60\n", file: CONF },
  { args: { name: "vm.swappiness", value: "10", reload: false }, proc: "60\n", file: CONF },
  { args: { name: "vm.swappiness", value: "10", sysctl_set: true }, proc: "60\n", file: CONF },
  { args: { name: "vm.swappiness", value: "10", sysctl_set: true }, proc: null, file: CONF },
  { args: { name: "net.core.somaxconn", value: "1024" }, proc: "1024\n", file: CONF },
  { args: { name: "net.core.somaxconn", value: "yes" }, proc: "1\n", file: CONF },
  {
    args: { name: "net.ipv4.tcp_rmem", value: "4096 87380 6291456" },
    proc: "4096\t87380\t6291456\n",
    file: "net.ipv4.tcp_rmem = 4096 87380 6291456\n",
  },
  {
    args: { name: "net.ipv4.tcp_rmem", value: " 4096  87380 6291456 " },
    proc: "4096\t87380\t6291456\n",
    file: "net.ipv4.tcp_rmem=4096 87380 6291456\n",
  },
  { args: { name: "vm.swappiness", state: "absent" }, proc: "10\n", file: CONF },
  { args: { name: "kernel.nope", state: "absent" }, proc: null, file: CONF },
  {
    args: { name: "  net.ipv4.ip_forward ", value: "off" },
    proc: "1\n",
    file: "net.ipv4.ip_forward = 1\n",
  },
  {
    args: { name: "net.x", value: "1", sysctl_set: true, state: "absent" },
    proc: "0\n",
    file: "net.x=\n",
  },
];

Deno.test("sysctl decides as ansible.posix.sysctl does (changed, -w, file write, new text)", async () => {
  const theirs = await python({ code: ORACLE, input: CASES }) as {
    changed: boolean;
    set_proc: boolean;
    write_file: boolean;
    text: string;
  }[];
  for (const [i, c] of CASES.entries()) {
    const plan = planSysctl(
      {
        name: c.args.name.trim(),
        value: sysctlValue(c.args.value ?? undefined),
        state: c.args.state === "absent" ? "absent" : "present",
        reload: c.args.reload ?? true,
        sysctlSet: c.args.sysctl_set ?? false,
      },
      c.proc ?? undefined,
      c.file ?? "",
    );
    const label = JSON.stringify(c);
    assert.deepEqual(
      {
        changed: plan.changed,
        set_proc: plan.setProc,
        write_file: plan.writeFile,
        text: plan.text,
      },
      theirs[i],
      label,
    );
    assert.equal(plan.reload, plan.changed && (c.args.reload ?? true), label);
  }
});

Deno.test("sysctl arguments: aliases, defaults, Ansible's errors", () => {
  const a = sysctlModule.parseArgs({ key: " net.ipv4.ip_forward ", val: "yes" });
  assert.deepEqual(a, {
    name: "net.ipv4.ip_forward",
    value: "1",
    state: "present",
    reload: true,
    sysctlSet: false,
    ignoreerrors: false,
    sysctlFile: "/etc/sysctl.conf",
  });
  assert.equal(
    sysctlModule.parseArgs("name=vm.x value=2 sysctl_file=/etc/sysctl.d/x.conf").sysctlFile,
    "/etc/sysctl.d/x.conf",
  );
  assert.equal(sysctlModule.parseArgs({ name: "vm.x", value: true }).value, "1");
  const cases: [Record<string, unknown>, string][] = [
    [{ value: "1" }, "missing required arguments: name"],
    [{ name: "vm.x" }, "state is present but all of the following are missing: value"],
    [
      { name: "vm.x", value: "1", state: "on" },
      "value of state must be one of: present, absent, got: on",
    ],
    [{ name: "", value: "1" }, "name cannot be blank"],
    [{ name: "vm.x", value: "" }, "value cannot be blank"],
    [{ name: "vm.x", value: "1", reload: "perhaps" }, "argument 'reload' is of type <class 'str'>"],
    [{ name: "vm.x", value: "1", set: true }, "Unsupported parameters for (sysctl) module: set."],
  ];
  for (const [args, message] of cases) {
    assert.throws(
      () => sysctlModule.parseArgs(args),
      (e: unknown) => e instanceof ModuleArgsError && e.message.startsWith(message),
      message,
    );
  }
  assert.equal(sysctlModule.parseArgs({ name: "vm.x", state: "absent" }).value, "");
});
