/**
 * apt's pure parts against the real thing (recorded Python oracle: python-apt's
 * `apt_pkg` and Ansible 2.14's `ansible.modules.apt` functions, its
 * `install()`, `remove()`, `cleanup()` and `upgrade()` run with a stand-in
 * module that records the command line): version ordering, dependency
 * fields, package specs, `parse_diff`, the command lines, which packages go
 * on them. Argument parsing and its messages, as Ansible printed them on a
 * lab host. Parsing of `apt-cache policy` / `showpkg` / `dpkg-query` output
 * and the `.deb` checks, on output captured from a bookworm target.
 */
import assert from "node:assert/strict";
import { python } from "../../_oracles/python.ts";
import type { Json } from "../../_oracles/recorded.ts";
import { ModuleArgsError } from "../../../src/engine/modules/module.ts";
import { parseAptArgs } from "../../../src/engine/modules/apt_args.ts";
import {
  checkDependency,
  compareDebianVersions,
  parseDepends,
} from "../../../src/engine/modules/apt_version.ts";
import {
  cleanupCommand,
  expandDpkgOptions,
  installCommand,
  parseDiff,
  removeCommand,
  upgradeCommand,
  upgradePlan,
} from "../../../src/engine/modules/apt_commands.ts";
import {
  bestVersion,
  packageStatus,
  parsePolicy,
  splitPackageSpec,
} from "../../../src/engine/modules/apt_status.ts";
import { planInstall, planRemove } from "../../../src/engine/modules/apt_plan.ts";
import { checkDeb, parseControl, parseInstalled } from "../../../src/engine/modules/apt_deb.ts";
import { updateError } from "../../../src/engine/modules/apt_flows.ts";
import { reverseProvides } from "../../../src/engine/modules/apt_target.ts";
import { packageModule } from "../../../src/engine/modules/package.ts";

const VERSION_PAIRS: [string, string][] = [
  ["1.0", "1.0"],
  ["1.0", "1.1"],
  ["1.0~rc1", "1.0"],
  ["1.0~rc1", "1.0~rc2"],
  ["1.2.3~~", "1.2.3~"],
  ["1:0.9", "2.0"],
  ["0:1.0", "1.0"],
  ["1.0-1", "1.0-2"],
  ["1.0-0", "1.0"],
  ["1.0a", "1.0"],
  ["1.0+b1", "1.0"],
  ["1.0-1~bpo11+1", "1.0-1"],
  ["2.30-1ubuntu1", "2.30-1"],
  ["1.0.0", "1.0"],
  ["1.01", "1.1"],
  ["10", "9"],
  ["a", "b"],
  ["1.0-a.b", "1.0-a+b"],
  ["5.2.15-2+b13", "5.2.15-2+b2"],
  ["2:1", "10:0"],
];

const DEP_CHECKS: [string, string, string][] = [
  ["1.1", ">=", "1.0"],
  ["1.0", "<", "1.0"],
  ["1.0", "<=", "1.0"],
  ["1.0", ">", "0.9"],
  ["1.0", "=", "1.0-0"],
  ["1.0", "", ""],
  ["1.0~rc1", ">=", "1.0"],
];

const DEPENDS = [
  "a (>= 1.0) | b (<< 2), c (= 3), d (<= 4), e (>> 5), f (< 6), g (> 7), h:any",
  "libc6 (>= 2.34), perl:any, debconf (>= 0.5) | debconf-2.0",
  "foo:any (>= 1.0), bar:amd64 (<< 2~), baz",
  "",
];

const VERSION_ORACLE = `
import json, sys, warnings
warnings.filterwarnings("ignore")
import apt_pkg
apt_pkg.init()
q = json.load(sys.stdin)
sign = lambda n: (n > 0) - (n < 0)
print(json.dumps({
  "compare": [sign(apt_pkg.version_compare(a, b)) for a, b in q["pairs"]],
  "check": [apt_pkg.check_dep(v, op, w) for v, op, w in q["checks"]],
  "depends": [[[list(alt) for alt in g] for g in apt_pkg.parse_depends(t, False)] for t in q["depends"]],
}))
`;

Deno.test("versions and dependency fields: ordered, checked and parsed as python-apt does", async () => {
  const theirs = await python({
    code: VERSION_ORACLE,
    input: { pairs: VERSION_PAIRS, checks: DEP_CHECKS, depends: DEPENDS },
  }) as { compare: number[]; check: boolean[]; depends: string[][][][] };
  VERSION_PAIRS.forEach(([a, b], i) => {
    assert.equal(Math.sign(compareDebianVersions(a, b)), theirs.compare[i], `${a} vs ${b}`);
  });
  DEP_CHECKS.forEach(([v, op, w], i) => {
    assert.equal(checkDependency(v, op, w), theirs.check[i], `${v} ${op} ${w}`);
  });
  DEPENDS.forEach((text, i) => {
    assert.deepEqual(parseDepends(text), theirs.depends[i], text);
  });
});

/** apt-get's output for an install, as a bookworm target printed it (check mode, then for real). */
const SIMULATED = "Reading package lists...\nBuilding dependency tree...\n" +
  "Reading state information...\nThe following packages will be upgraded:\n  tachyon-hello\n" +
  "1 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n" +
  "Inst tachyon-hello [1.0] (1.2 tachyon-tests:tachyon-next [all])\n" +
  "Conf tachyon-hello (1.2 tachyon-tests:tachyon-next [all])\n";
const FIRST_INSTALL = "Reading package lists...\nBuilding dependency tree...\n" +
  "The following NEW packages will be installed:\n  tachyon-hello\n" +
  "0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.\n" +
  "Need to get 0 B/686 B of archives.\nGet:1 file:/srv/repo ./ tachyon-hello 1.0 [686 B]\n" +
  "Selecting previously unselected package tachyon-hello.\r\n(Reading database ... \r" +
  "(Reading database ... 100%\r(Reading database ... 11305 files and directories currently installed.)\r\n" +
  "Unpacking tachyon-hello (1.0) ...\r\nSetting up tachyon-hello (1.0) ...\r\n";
const DPKG_ONLY = "Selecting previously unselected package tachyon-local.\n" +
  "(Reading database ... 11310 files and directories currently installed.)\n" +
  "Preparing to unpack .../debs/tachyon-local_1.0_all.deb ...\n";
const ZERO =
  "Reading package lists...\nBuilding dependency tree...\nReading state information...\n" +
  "Calculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n";

const SPEC_ORACLE = `
import json, sys, warnings
warnings.filterwarnings("ignore")
import ansible.modules.apt as A
q = json.load(sys.stdin)
print(json.dumps({
  "split": [list(A.package_split(s)) for s in q["specs"]],
  "diff": [A.parse_diff(o) for o in q["outputs"]],
  "dpkg": [A.expand_dpkg_options(o) for o in q["dpkg"]],
}))
`;

Deno.test("package specs, parse_diff and dpkg options: as Ansible's apt functions", async () => {
  const specs = ["foo", "foo=1.0", "foo>=1.0", "foo=1.*", "foo=1=2", "foo:i386=2", "foo>1"];
  const outputs = [SIMULATED, FIRST_INSTALL, DPKG_ONLY, ZERO, ""];
  const dpkg = ["force-confdef,force-confold", "force-confnew", "a,,b"];
  const theirs = await python({ code: SPEC_ORACLE, input: { specs, outputs, dpkg } }) as {
    split: (string | null)[][];
    diff: { prepared: string }[];
    dpkg: string[];
  };
  specs.forEach((s, i) => {
    assert.deepEqual(splitPackageSpec(s).map((x) => x ?? null), theirs.split[i], s);
  });
  outputs.forEach((o, i) => assert.deepEqual(parseDiff(o), theirs.diff[i], o));
  dpkg.forEach((d, i) => assert.equal(expandDpkgOptions(d), theirs.dpkg[i], d));
});

/**
 * Ansible's `install()`/`remove()`/`cleanup()`/`upgrade()` with a module
 * that records its commands, `package_status` answering from the case.
 */
const COMMAND_ORACLE = `
import json, sys, warnings
warnings.filterwarnings("ignore")
import ansible.modules.apt as A
class Exit(Exception):
    pass
out = []
for c in json.load(sys.stdin):
    cmds = []
    class M:
        check_mode = c.get("check", False)
        _diff = c.get("diff", False)
        params = {"policy_rc_d": None}
        def run_command(self, cmd, **k):
            cmds.append(cmd if isinstance(cmd, str) else " ".join(cmd))
            return (0, c.get("out", ""), "")
        def get_bin_path(self, name, required=False):
            if name == "apt-mark":
                return None
            return name if name.startswith("/") else "/usr/bin/" + name
        def warn(self, msg):
            pass
        def exit_json(self, **k):
            raise Exit(dict(k, end="exit"))
        def fail_json(self, **k):
            raise Exit(dict(k, end="fail"))
    A.APT_GET_CMD = "/usr/bin/apt-get"
    A.APTITUDE_CMD = "/usr/bin/aptitude"
    status = c.get("status", {})
    m = M()
    def package_status(m, name, vc, v, dr, cache, state):
        if status.get(name) is None:
            if state == "install":
                m.fail_json(msg="No package matching '%s' is available" % name)
            return (False, False, None, False)
        return tuple(status[name])
    A.package_status = package_status
    try:
        op = c["op"]
        if op == "install":
            ok, data = A.install(m, c["specs"], None, **c["kw"])
            res = dict(data, ok=ok)
        elif op == "remove":
            A.remove(m, c["specs"], None, **c["kw"])
        elif op == "cleanup":
            A.cleanup(m, **c["kw"])
        elif op == "upgrade":
            A.upgrade(m, **c["kw"])
    except Exit as e:
        res = e.args[0]
    out.append({"cmds": cmds, "result": res})
print(json.dumps(out))
`;

type Status = [boolean, boolean, string | boolean | null, boolean];

interface CommandCase {
  op: "install" | "remove" | "cleanup" | "upgrade";
  specs?: string[];
  kw: Record<string, unknown>;
  status?: Record<string, Status | null>;
  check?: boolean;
  diff?: boolean;
  out?: string;
}

const DPKG = expandDpkgOptions("force-confdef,force-confold");

const COMMAND_CASES: CommandCase[] = [
  { op: "install", specs: ["foo"], kw: {}, status: { foo: [false, false, "1.0", false] } },
  {
    op: "install",
    specs: ["foo", "bar=2.*", "baz"],
    kw: { upgrade: true, default_release: "stable", install_recommends: false, force: true },
    status: {
      foo: [true, true, "1.1", true],
      bar: [true, true, "2.1", true],
      baz: [true, true, null, true],
    },
    check: true,
    diff: true,
    out: SIMULATED,
  },
  {
    op: "install",
    specs: ["foo", "bar=2.*"],
    kw: { install_recommends: true, autoremove: true, fail_on_autoremove: true },
    status: { foo: [true, true, "1.1", true], bar: [true, true, "2.1", true] },
  },
  {
    op: "install",
    specs: ["virt", "virt2=1.0", "gone"],
    kw: { only_upgrade: true, allow_unauthenticated: true, allow_downgrade: true },
    status: { virt: [false, false, true, false], virt2: [true, false, true, false], gone: null },
  },
  {
    op: "install",
    specs: ["virt", "virt2=1.0"],
    kw: { allow_change_held_packages: true },
    status: { virt: [false, false, true, false], virt2: [false, false, true, false] },
  },
  {
    op: "install",
    specs: ["foo=9.9"],
    kw: {},
    status: { foo: [true, false, null, true] },
  },
  { op: "install", specs: ["nope"], kw: {}, status: { nope: null } },
  {
    op: "install",
    specs: ["foo"],
    kw: { build_dep: true, only_upgrade: true, fixed: true },
    out: ZERO,
  },
  {
    op: "remove",
    specs: ["foo", "bar", "baz=1.0"],
    kw: { purge: true, force: true, autoremove: true },
    status: {
      foo: [true, true, null, true],
      bar: [false, false, null, true],
      baz: [false, false, null, false],
    },
    check: true,
  },
  {
    op: "remove",
    specs: ["bar"],
    kw: {},
    status: { bar: [false, false, null, true] },
  },
  { op: "cleanup", kw: { operation: "autoremove", purge: true }, check: true, diff: true },
  { op: "cleanup", kw: { operation: "autoclean", force: true } },
  { op: "upgrade", kw: { mode: "dist", autoremove: true, use_apt_get: true }, out: ZERO },
  {
    op: "upgrade",
    kw: {
      mode: "yes",
      use_apt_get: true,
      force: true,
      fail_on_autoremove: true,
      allow_unauthenticated: true,
      allow_downgrade: true,
      default_release: "stable",
    },
    check: true,
    out: SIMULATED,
    diff: true,
  },
  { op: "upgrade", kw: { mode: "full", use_apt_get: false, force: true }, out: ZERO },
  { op: "upgrade", kw: { mode: "safe", use_apt_get: false } },
];

/** What tachyon's pure parts give for `c`: the commands and the result. */
function ours(c: CommandCase): { cmds: string[]; result: Record<string, unknown> } {
  const kw = c.kw as Record<string, string & boolean>;
  const statusOf = (name: string) => {
    const s = c.status?.[name];
    if (s === null || s === undefined) return undefined;
    return {
      installed: s[0],
      installedVersionMatches: s[1],
      installable: s[2] === null || s[2] === false ? undefined : s[2],
      hasFiles: s[3],
    };
  };
  const out = c.out ?? "";
  if (c.op === "install") {
    let plan;
    try {
      plan = planInstall(c.specs!, statusOf, {
        upgrade: kw.upgrade,
        onlyUpgrade: kw.only_upgrade,
        buildDep: kw.build_dep,
      });
    } catch (error) {
      return { cmds: [], result: { msg: (error as Error).message, end: "fail" } };
    }
    if (plan.failure) return { cmds: [], result: { msg: plan.failure, ok: false } };
    if (plan.list.length === 0) return { cmds: [], result: { changed: false, ok: true } };
    const cmd = installCommand({
      aptGet: "/usr/bin/apt-get",
      dpkgOptions: DPKG,
      packages: plan.list.join(" "),
      buildDep: kw.build_dep,
      onlyUpgrade: kw.only_upgrade,
      fixed: kw.fixed,
      force: kw.force,
      autoremove: kw.autoremove,
      failOnAutoremove: kw.fail_on_autoremove,
      check: c.check,
      defaultRelease: kw.default_release,
      installRecommends: kw.install_recommends,
      allowUnauthenticated: kw.allow_unauthenticated,
      allowDowngrade: kw.allow_downgrade,
      allowChangeHeldPackages: kw.allow_change_held_packages,
    });
    const changed = kw.build_dep ? !out.includes("\n0 upgraded, 0 newly installed") : true;
    return {
      cmds: [cmd],
      result: { changed, stdout: out, stderr: "", diff: c.diff ? parseDiff(out) : {}, ok: true },
    };
  }
  if (c.op === "remove") {
    const list = planRemove(c.specs!, (n) =>
      statusOf(n) ?? {
        installed: false,
        installedVersionMatches: false,
        installable: undefined,
        hasFiles: false,
      }, kw.purge ?? false);
    if (list.length === 0) return { cmds: [], result: { changed: false, end: "exit" } };
    const cmd = removeCommand({
      aptGet: "/usr/bin/apt-get",
      dpkgOptions: DPKG,
      packages: list.join(" "),
      purge: kw.purge,
      force: kw.force,
      autoremove: kw.autoremove,
      check: c.check,
    });
    return {
      cmds: [cmd],
      result: {
        changed: true,
        stdout: out,
        stderr: "",
        diff: c.diff ? parseDiff(out) : {},
        end: "exit",
      },
    };
  }
  if (c.op === "cleanup") {
    const operation = kw.operation as "autoremove" | "autoclean";
    const cmd = cleanupCommand({
      aptGet: "/usr/bin/apt-get",
      dpkgOptions: DPKG,
      operation,
      purge: kw.purge,
      force: kw.force,
      check: c.check,
    });
    return {
      cmds: [cmd],
      result: {
        changed: false,
        stdout: out,
        stderr: "",
        diff: c.diff ? parseDiff(out) : {},
        end: "exit",
      },
    };
  }
  const plan = upgradePlan(kw.mode as "dist", kw.use_apt_get, kw.autoremove ?? false);
  const cmd = upgradeCommand({
    path: `/usr/bin/${plan.program}`,
    program: plan.program,
    dpkgOptions: DPKG,
    subcommand: plan.subcommand,
    force: kw.force,
    failOnAutoremove: kw.fail_on_autoremove,
    allowUnauthenticated: kw.allow_unauthenticated,
    allowDowngrade: kw.allow_downgrade,
    check: c.check,
    defaultRelease: kw.default_release,
  });
  const zero = plan.program === "apt-get"
    ? "\n0 upgraded, 0 newly installed"
    : "\n0 packages upgraded, 0 newly installed";
  const result: Record<string, unknown> = out.includes(zero)
    ? { changed: false, msg: out, stdout: out, stderr: "" }
    : { changed: true, msg: out, stdout: out, stderr: "", diff: c.diff ? parseDiff(out) : {} };
  return { cmds: [cmd], result: { ...result, end: "exit" } };
}

Deno.test("command lines and package lists: what Ansible's install/remove/cleanup/upgrade run", async () => {
  const theirs = await python({
    code: COMMAND_ORACLE,
    input: COMMAND_CASES as unknown as Json,
  }) as {
    cmds: string[];
    result: Record<string, unknown>;
  }[];
  COMMAND_CASES.forEach((c, i) => {
    assert.deepEqual(ours(c), theirs[i], JSON.stringify(c));
  });
});

const POLICY = `tachyon-hello:
  Installed: 1.0
  Candidate: 1.2
  Version table:
     1.2 500
        500 file:/srv/repo-next ./ Packages
     1.1 990
        990 file:/srv/repo ./ Packages
 *** 1.0 990
        990 file:/srv/repo ./ Packages
        100 /var/lib/dpkg/status
`;

Deno.test("apt-cache policy and package_status: installed, matching, the version to install", () => {
  const policy = parsePolicy(POLICY)!;
  assert.equal(policy.candidate, "1.2");
  assert.deepEqual(policy.versions, [
    { version: "1.2", priority: 500, installed: false },
    { version: "1.1", priority: 990, installed: false },
    { version: "1.0", priority: 990, installed: true },
  ]);
  assert.equal(parsePolicy(""), undefined);
  assert.deepEqual(
    parsePolicy("virt:\n  Installed: (none)\n  Candidate: (none)\n  Version table:\n"),
    {
      candidate: undefined,
      versions: [],
    },
  );
  assert.equal(bestVersion(policy, "=", "1.*"), "1.2");
  assert.equal(bestVersion(policy, "=", "1.1"), "1.1");
  assert.equal(bestVersion(policy, "=", "9*"), undefined);
  assert.equal(bestVersion(policy, ">=", "1.1"), "1.2");

  const facts = {
    name: "tachyon-hello",
    dpkgStatus: "ii",
    dpkgVersion: "1.0",
    hasFiles: true,
    policy,
    providers: [],
  };
  const status = (op: "=" | ">=" | undefined, v: string | undefined) =>
    packageStatus(facts, op, v, "install");
  assert.deepEqual(status(undefined, undefined), {
    installed: true,
    installedVersionMatches: true,
    installable: "1.2",
    hasFiles: true,
  });
  assert.deepEqual(status("=", "1.0"), {
    installed: true,
    installedVersionMatches: true,
    installable: undefined,
    hasFiles: true,
  });
  assert.deepEqual(status("=", "1.1"), {
    installed: true,
    installedVersionMatches: false,
    installable: "1.1",
    hasFiles: true,
  });
  assert.deepEqual(status(">=", "2.0"), {
    installed: true,
    installedVersionMatches: false,
    installable: undefined,
    hasFiles: true,
  });
  const removed = { ...facts, dpkgStatus: "rc" };
  assert.deepEqual(packageStatus(removed, undefined, undefined, "remove"), {
    installed: false,
    installedVersionMatches: false,
    installable: "1.2",
    hasFiles: true,
  });
  const unknown = { name: "nope", hasFiles: false, providers: [] };
  assert.equal(packageStatus(unknown, undefined, undefined, "install"), undefined);
  assert.equal(packageStatus(unknown, undefined, undefined, "remove")?.installed, false);
  const virtual = { ...unknown, name: "mta", providers: ["exim4", "postfix"] };
  assert.equal(packageStatus(virtual, undefined, undefined, "install")?.installable, true);
  const single = { ...unknown, name: "hello-virt", providers: ["tachyon-hello"] };
  assert.deepEqual(
    packageStatus(single, undefined, undefined, "install", () => facts),
    status(undefined, undefined),
  );
  assert.deepEqual(
    reverseProvides(["Package: mta", "Reverse Provides: ", "exim4 4.96 (= )", "postfix 3.7 (= )"]),
    ["exim4", "postfix"],
  );
});

Deno.test("deb checks: later version, dependencies apt must install, what cannot be satisfied", () => {
  const control = parseControl(
    "Package: tachyon-local\nVersion: 1.0\nArchitecture: all\n" +
      "Depends: tachyon-lib, missing-a (>= 2) | missing-b (>= 2)\nDescription: x\n more\n",
  );
  assert.equal(control.get("Description"), "x\n more");
  const installed = parseInstalled(
    "tachyon-local\tall\tii \t2.0\t\t\t\t\nold\tall\trc \t1\t\t\t\t\n" +
      "tachyon-app\tall\tii \t1.0\t\ttachyon-lib (>= 3)\t\t\n",
  );
  assert.deepEqual([...installed.keys()], ["tachyon-local", "tachyon-app"]);
  const arch = { native: "amd64", foreign: [] };
  const apt = (name: string) =>
    name === "tachyon-lib"
      ? { real: true, candidate: "1.0", providers: [] }
      : { real: false, providers: [] };
  assert.deepEqual(checkDeb(control, installed, arch, apt), {
    ok: false,
    failure: "A later version is already installed",
    missing: [],
  });
  const fresh = new Map([...installed].filter(([n]) => n !== "tachyon-local"));
  assert.deepEqual(checkDeb(control, fresh, arch, apt), {
    ok: false,
    failure: "Dependency is not satisfiable: missing-a (>= 2)|missing-b (>= 2)\n",
    missing: [],
  });
  const simple = new Map(control);
  simple.set("Depends", "tachyon-lib");
  assert.deepEqual(checkDeb(simple, fresh, arch, apt), {
    ok: true,
    failure: "",
    missing: ["tachyon-lib"],
  });
  const lib = new Map([["Package", "tachyon-lib"], ["Version", "1.0"], ["Architecture", "all"]]);
  assert.deepEqual(checkDeb(lib, fresh, arch, apt), {
    ok: false,
    failure: "Breaks existing package 'tachyon-app' dependency tachyon-lib (>= 3)",
    missing: [],
  });
  const foreign = new Map([...lib, ["Architecture", "armhf"]]);
  assert.equal(
    checkDeb(foreign, fresh, arch, apt).failure,
    "Wrong architecture 'armhf' -- Run dpkg --add-architecture to add it and update afterwards",
  );
  assert.equal(
    checkDeb(new Map([["Package", "x"]]), fresh, arch, apt).failure,
    "No Architecture field in the package",
  );
});

Deno.test("apt-get update's failures read as python-apt reports them", () => {
  assert.equal(
    updateError(0, "Hit:1 file:/srv/repo ./ Release\nReading package lists...\n", ""),
    undefined,
  );
  assert.equal(
    updateError(
      100,
      "Err:8 file:/srv/missing ./ Packages\n",
      "E: Failed to fetch file:/srv/missing/./Packages  File not found - /srv/missing/./Packages (2: No such file or directory)\n" +
        "E: Some index files failed to download. They have been ignored, or old ones used instead.\n",
    ),
    // What Ansible 2.14 printed for the same broken source on a lab host.
    "E:Failed to fetch file:/srv/missing/./Packages  File not found - /srv/missing/./Packages " +
      "(2: No such file or directory), E:Some index files failed to download. They have been " +
      "ignored, or old ones used instead.",
  );
});

/** Messages as `ansible -m apt` printed them on a lab host (ansible-core 2.14). */
Deno.test("apt arguments: aliases, defaults and Ansible's messages", () => {
  const a = parseAptArgs({ pkg: "a, b", "update-cache": "yes", allow_downgrades: true });
  assert.deepEqual(a.packages, ["a", "b"]);
  assert.equal(a.updateCache, true);
  assert.equal(a.allowDowngrade, true);
  assert.equal(a.state, "present");
  assert.equal(a.cacheValidTime, 0);
  assert.equal(a.updateCacheRetries, 5);
  assert.equal(a.dpkgOptions, "force-confdef,force-confold");
  assert.equal(a.installRecommends, undefined);
  assert.equal(parseAptArgs({ upgrade: true }).upgrade, "yes");
  assert.equal(parseAptArgs({ upgrade: "no" }).upgrade, undefined);
  assert.deepEqual(parseAptArgs("name=curl,git state=latest").packages, ["curl", "git"]);
  const fails = (input: Record<string, unknown>, message: string) =>
    assert.throws(
      () => parseAptArgs(input),
      (e) => e instanceof ModuleArgsError && e.message === message,
    );
  fails({ name: "x", deb: "/y" }, "parameters are mutually exclusive: deb|package|upgrade");
  fails(
    { name: "x", state: "bogus" },
    "value of state must be one of: absent, build-dep, fixed, latest, present, got: bogus",
  );
  fails(
    { name: "x", cache_valid_time: "abc" },
    "argument 'cache_valid_time' is of type <class 'str'> and we were unable to convert to int: " +
      "<class 'str'> cannot be converted to an int",
  );
  fails(
    { name: "x", bogus: 1 },
    "Unsupported parameters for (apt) module: bogus. Supported parameters include: " +
      "allow_change_held_packages, allow_downgrade, allow_unauthenticated, autoclean, autoremove, " +
      "cache_valid_time, clean, deb, default_release, dpkg_options, fail_on_autoremove, force, " +
      "force_apt_get, install_recommends, lock_timeout, only_upgrade, package, policy_rc_d, purge, " +
      "state, update_cache, update_cache_retries, update_cache_retry_max_delay, upgrade " +
      "(allow-downgrade, allow-downgrades, allow-unauthenticated, allow_downgrades, default-release, " +
      "install-recommends, name, pkg, update-cache).",
  );
});

Deno.test("package: `use` is its own, the rest is checked as Ansible's apt checks it", () => {
  const args = packageModule.parseArgs({ name: "curl", use: "apt", state: "latest" });
  assert.equal(args.use, "apt");
  assert.deepEqual(args.apt.packages, ["curl"]);
  assert.equal(args.apt.state, "latest");
  assert.equal(packageModule.parseArgs("name=curl").use, "auto");
  assert.throws(
    () => packageModule.parseArgs({ name: "curl", bogus: 1 }),
    /^ModuleArgsError: Unsupported parameters for \(ansible\.legacy\.apt\) module: bogus\. /,
  );
});
