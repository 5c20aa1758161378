import assert from "node:assert/strict";
import {
  expandUser,
  expandVars,
  readTargetEnvironment,
  targetEnvironmentScript,
} from "../../../src/engine/modules/target_paths.ts";
import { ShellOutput } from "../../../src/engine/modules/remote_sh.ts";
import { findModule, MODULE_NAMES } from "../../../src/engine/modules/registry.ts";
import { ModuleArgsError, type ModuleDefinition } from "../../../src/engine/modules/module.ts";
import { python } from "../../_oracles/python.ts";
import type { Json } from "../../_oracles/recorded.ts";

/** One path, the environment it is expanded in, and the passwd homes there. */
interface PathCase {
  [key: string]: Json;
  path: string;
  env: Record<string, string>;
  /** Homes by user name. */
  homes: Record<string, string>;
  /** The current user's passwd home (null: no entry). */
  uidHome: string | null;
}

const HOMES = { root: "/root", ada: "/home/ada/", "odd.user": "/srv/odd", slash: "/" };

const CASES: PathCase[] = [
  ...[
    "~",
    "~/",
    "~/app/conf",
    "~//x",
    "~root",
    "~root/.ssh",
    "~ada/x",
    "~odd.user/y",
    "~slash",
    "~slash/z",
    "~nobody/x",
    "~~",
    "x/~/y",
    "/abs/~",
    "relative",
    "$HOME/app",
    "${HOME}/app",
    "$HOME$APP",
    "$APP_2/x",
    "$NOPE/x",
    "${NOPE}",
    "$",
    "a$",
    "$$",
    "${}",
    "${",
    "${A B}",
    "$1x",
    "$TILDE/z",
    "$TILDEROOT/z",
    "$EMPTY/x",
    "${EMPTY}~",
    "$LOOP",
    "prefix-$APP-$APP.conf",
    "$Å/x",
    "~$APP",
  ].map((path) => ({
    path,
    env: {
      HOME: "/home/ada",
      APP: "web",
      APP_2: "two",
      TILDE: "~",
      TILDEROOT: "~root",
      EMPTY: "",
      LOOP: "$APP",
      "A B": "spaced",
      "1x": "digits",
    },
    homes: HOMES,
    uidHome: "/home/ada",
  })),
  // HOME decides over passwd; without HOME, passwd; without either, as written.
  { path: "~/x", env: { HOME: "/h/" }, homes: HOMES, uidHome: "/p" },
  { path: "~/x", env: { HOME: "" }, homes: HOMES, uidHome: "/p" },
  { path: "~", env: { HOME: "" }, homes: HOMES, uidHome: "/p" },
  { path: "~/x", env: {}, homes: HOMES, uidHome: "/p" },
  { path: "~/x", env: {}, homes: HOMES, uidHome: null },
];

/** Python's own posixpath, with the case's environment and passwd. */
const EXPAND = `
import json, os, pwd, sys
from collections import namedtuple
Entry = namedtuple("Entry", "pw_dir")
out = []
for case in json.load(sys.stdin):
    os.environ.clear()
    os.environ.update(case["env"])
    def getpwnam(name, homes=case["homes"]):
        if name not in homes:
            raise KeyError(name)
        return Entry(homes[name])
    def getpwuid(uid, home=case["uidHome"]):
        if home is None:
            raise KeyError(uid)
        return Entry(home)
    pwd.getpwnam, pwd.getpwuid = getpwnam, getpwuid
    out.append(os.path.expanduser(os.path.expandvars(case["path"])))
print(json.dumps(out))
`;

function ours(c: PathCase): string {
  const withVars = expandVars(c.path, (name) => c.env[name]);
  const home = "HOME" in c.env ? c.env.HOME : c.uidHome ?? undefined;
  const homes: Record<string, string> = c.homes;
  return expandUser(withVars, home, (user) => Object.hasOwn(homes, user) ? homes[user] : undefined);
}

Deno.test("path expansion is Python's expanduser(expandvars(path))", async () => {
  const expected = await python({ code: EXPAND, input: CASES }) as string[];
  assert.equal(expected.length, CASES.length);
  CASES.forEach((c, i) => {
    assert.equal(ours(c), expected[i], `${JSON.stringify(c.path)} with ${JSON.stringify(c.env)}`);
  });
  // The answer is not trivially the input.
  assert.equal(expected[2], "/home/ada/app/conf");
  assert.equal(expected[CASES.findIndex((c) => c.path === "$TILDEROOT/z")], "/root/z");
});

async function askSh(env: Record<string, string>, names: string[], users: string[]) {
  const output = await new Deno.Command("/bin/sh", {
    args: ["-c", targetEnvironmentScript(names, users)],
    clearEnv: true,
    env: { PATH: "/usr/bin:/bin", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  assert.equal(output.code, 0, decoder.decode(output.stderr));
  return readTargetEnvironment(
    ShellOutput.parse(decoder.decode(output.stdout)),
    names,
    users,
  );
}

Deno.test("the target tells its home, its variables and passwd homes, bytes intact", async () => {
  const odd = "a b\n'q\"$x`\\é\n";
  const seen = await askSh(
    { HOME: "/home/h\nx/", APP: odd, EMPTY: "" },
    ["APP", "EMPTY", "UNSET", "A B", "1x", "PATH", "PPID", "IFS", "OPTIND"],
    ["root", "no-such-user-here", "root; echo hacked"],
  );
  assert.equal(seen.home, "/home/h\nx/");
  // sh's own PPID, IFS and OPTIND are not the environment's (nor in Python's os.environ).
  assert.deepEqual(
    [...seen.variables],
    [["APP", odd], ["EMPTY", ""], ["PATH", "/usr/bin:/bin"]],
  );
  assert.deepEqual([...seen.userHomes], [["root", "/root"]]);
});

Deno.test("without HOME, the target's home is its user's passwd entry", async () => {
  const seen = await askSh({}, [], []);
  const uid = Deno.uid();
  const entry = (await Deno.readTextFile("/etc/passwd")).split("\n")
    .map((line) => line.split(":")).find((fields) => fields[2] === String(uid));
  assert.ok(entry, "this machine's user has a passwd entry");
  assert.equal(seen.home, entry[5]);
});

/**
 * Ansible's documented options of type `path`, per module (`ansible-doc -j`,
 * doc fragments merged): `[name, aliases]`.
 */
const PATH_OPTIONS = `
import json, os, subprocess, sys, tempfile
home = tempfile.mkdtemp()
env = {"PATH": "/usr/bin:/bin", "HOME": home, "ANSIBLE_CONFIG": "/nonexistent/ansible.cfg",
       "ANSIBLE_LOCAL_TEMP": os.path.join(home, "tmp")}
docs = json.loads(subprocess.run(["/usr/bin/ansible-doc", "-j", *json.load(sys.stdin)], env=env,
                                 check=True, capture_output=True).stdout)
print(json.dumps({name: sorted(key for key, option in (doc["doc"].get("options") or {}).items()
                               if option.get("type") == "path")
                  for name, doc in docs.items()}))
`;

/**
 * Path options that are not paths on the target: the controller's file
 * (an action plugin sends it; with `remote_src` tachyon does not expand it).
 */
const CONTROLLER_SIDE: Record<string, string[]> = {
  copy: ["src"],
  template: ["src"],
  unarchive: ["src"],
  uri: ["src"],
};

/** Modules that hand their arguments to another module, whose options are theirs. */
const HANDS_ON: Record<string, string> = {
  gather_facts: "ansible.builtin.setup",
  package: "ansible.builtin.apt",
};

/** Options whose value a module keeps inside an object argument. */
const NESTED: Record<string, Record<string, string>> = {
  user: { ssh_key_file: "sshKey.file" },
  package: { deb: "apt.deb" },
  get_url: { client_cert: "transport.clientCert", client_key: "transport.clientKey" },
  uri: {
    client_cert: "transport.clientCert",
    client_key: "transport.clientKey",
    ca_path: "transport.caPath",
    unix_socket: "transport.unixSocket",
  },
};

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function accepts(module: ModuleDefinition<unknown>, option: string): boolean {
  try {
    module.parseArgs({ [option]: "/x" });
    return true;
  } catch (error) {
    return !(error instanceof ModuleArgsError && /Unsupported parameters/.test(error.message));
  }
}

Deno.test("every path option a module accepts is expanded on the target", async () => {
  const modules = (await Promise.all(MODULE_NAMES.map((name) => findModule(name))))
    .filter((module) => !module.controllerOnly);
  const documented = await python({
    code: PATH_OPTIONS,
    input: [...modules.map((module) => module.fqcn), ...Object.values(HANDS_ON)],
  }) as Record<string, string[]>;
  assert.deepEqual(documented["ansible.builtin.file"], ["path", "src"], "the oracle answers");
  for (const module of modules) {
    const expected = (documented[HANDS_ON[module.name] ?? module.fqcn] ?? [])
      .filter((option) => !(CONTROLLER_SIDE[module.name] ?? []).includes(option))
      .filter((option) => accepts(module, option))
      .map((option) => NESTED[module.name]?.[option] ?? camel(option));
    assert.deepEqual(
      [...(module.targetPaths ?? [])].sort(),
      expected.sort(),
      `${module.name}'s targetPaths`,
    );
  }
});
