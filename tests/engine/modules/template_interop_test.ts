/**
 * `template` on two identical lab hosts, step by step: the real Ansible 2.14
 * (`ansible -m template -b`) on one, tachyon on the other, with the same
 * project, arguments and extra vars. Each step compares `changed`,
 * `failed`, the documented result keys, the file written (bytes, mode,
 * owner) and, in diff mode, the diff; each change is run twice (the second
 * run reports no change), and check mode changes nothing.
 */
import assert from "node:assert/strict";
import {
  type LabTwins,
  startLabTwins,
  type TwinResult,
  type TwinStepOptions,
} from "./_twin_lab.ts";

const TEMPLATES = {
  "app.conf.j2": "# {{ ansible_managed }}\n[{{ app_name }}]\nport = {{ port }}\n" +
    "{% for u in users %}\nuser = {{ u }}\n{% endfor %}\ndebug = {{ debug }}\n" +
    "hosts = {{ hosts | to_json }}\n{% if extra is defined %}\nextra = {{ extra }}\n{% endif %}\n" +
    "dest = {{ template_destpath }} src = {{ template_path }}\n",
  "crlf.j2": "a\n  {% if on %}\n  b\n  {% endif %}\nc\n",
  "main.j2": "{% include 'part.j2' %}end {{ inventory_hostname is string }}\n",
  "part.j2": "part {{ [1, 'x', none] }}\n",
  "undef.j2": "value = {{ missing_var }}\n",
};

const V1 = { port: 8080, users: ["ann", "bob"], debug: true, hosts: ["a", "b"] };
const V2 = { ...V1, port: 9090, extra: { k: null } };

/** Result keys compared by value (where both have them). */
const SAME_VALUE = [
  "changed",
  "failed",
  "checksum",
  "md5sum",
  "size",
  "mode",
  "owner",
  "group",
  "state",
  "uid",
  "gid",
  "dest",
  "msg",
  "exit_status",
];

function compare(label: string, ansible: TwinResult, tachyon: TwinResult): void {
  const show = `\nansible: ${JSON.stringify(ansible)}\ntachyon: ${JSON.stringify(tachyon)}`;
  for (const key of SAME_VALUE) {
    if (key in ansible || key === "changed" || key === "failed") {
      assert.deepEqual(tachyon[key], ansible[key], `${label}: ${key}${show}`);
    }
  }
  for (const key of ["backup_file", "src"]) {
    assert.equal(key in tachyon, key in ansible, `${label}: has ${key}${show}`);
  }
}

function diffOf(r: TwinResult): { before: unknown; after: unknown } {
  const d = (Array.isArray(r.diff) ? r.diff[0] : r.diff) as Record<string, unknown>;
  return { before: d?.before, after: d?.after };
}

async function files(twins: LabTwins, path: string): Promise<[string, string]> {
  return await twins.shell(
    `if [ -e ${path} ]; then stat -c '%a %U:%G %s' ${path}; od -An -c ${path}; else echo absent; fi`,
  );
}

Deno.test("template on lab hosts: the same results and files as ansible -m template", async (t) => {
  await using twins = await startLabTwins("tpl", {
    project: Object.fromEntries(
      Object.entries(TEMPLATES).map(([name, text]) => [`templates/${name}`, text]),
    ),
    hostVars: { app_name: "demo" },
  });
  /** Runs `template` with `args` on both hosts: `[ansible, tachyon]`. */
  const template = (args: Record<string, unknown>, step: TwinStepOptions = {}) =>
    twins.both("template", args, step);
  const app = {
    src: "app.conf.j2",
    dest: "/etc/app.conf",
    mode: "0640",
    owner: "root",
    group: "adm",
  };

  await t.step("a new file, with diff; then no change", async () => {
    const [a, ta] = await template(app, { vars: V1, diff: true });
    compare("create", a, ta);
    assert.equal(a.changed, true);
    assert.deepEqual(diffOf(ta), diffOf(a));
    const [fa, ft] = await files(twins, "/etc/app.conf");
    assert.equal(ft, fa);
    const [b, tb] = await template(app, { vars: V1 });
    compare("again", b, tb);
    assert.equal(b.changed, false);
  });

  await t.step("check mode predicts the change and writes nothing", async () => {
    const [before] = await files(twins, "/etc/app.conf");
    const [a, ta] = await template(app, { vars: V2, check: true, diff: true });
    compare("check", a, ta);
    assert.equal(a.changed, true);
    assert.deepEqual(diffOf(ta), diffOf(a));
    assert.deepEqual(await files(twins, "/etc/app.conf"), [before, before]);
  });

  await t.step("backup keeps the old file; force=false leaves a file alone", async () => {
    const [a, ta] = await template({ ...app, backup: true }, { vars: V2 });
    compare("backup", a, ta);
    assert.equal(a.changed, true);
    const [fa, ft] = await files(twins, "/etc/app.conf");
    assert.equal(ft, fa);
    const [b, tb] = await template({ ...app, force: false }, { vars: V1 });
    compare("force=false", b, tb);
    assert.equal(b.changed, false);
  });

  await t.step("includes, a dir as dest, Python's str() of values", async () => {
    const args = { src: "main.j2", dest: "/opt/out/" };
    const [a, ta] = await template(args);
    compare("dir dest", a, ta);
    const [fa, ft] = await files(twins, "/opt/out/main.j2");
    assert.equal(ft, fa);
    const [b, tb] = await template(args);
    compare("dir dest again", b, tb);
    assert.equal(b.changed, false);
  });

  await t.step("newline_sequence and lstrip_blocks", async () => {
    const args = {
      src: "crlf.j2",
      dest: "/tmp/crlf.txt",
      newline_sequence: "\\r\\n",
      lstrip_blocks: true,
    };
    const [a, ta] = await template(args, { vars: { on: true } });
    compare("crlf", a, ta);
    const [fa, ft] = await files(twins, "/tmp/crlf.txt");
    assert.equal(ft, fa);
  });

  await t.step("validate that fails, an undefined variable, a missing src", async () => {
    const [a, ta] = await template(
      { src: "app.conf.j2", dest: "/etc/validated.conf", validate: "grep -q nothing-here %s" },
      { vars: V1 },
    );
    compare("validate", a, ta);
    assert.equal(a.failed, true);
    assert.deepEqual(await files(twins, "/etc/validated.conf"), ["absent\n", "absent\n"]);
    const [b, tb] = await template({ src: "undef.j2", dest: "/tmp/undef.txt" });
    assert.equal(tb.failed, true);
    assert.equal(b.failed, true);
    assert.ok(
      String(b.msg).startsWith(String(tb.msg)),
      `undefined: ansible ${b.msg} tachyon ${tb.msg}`,
    );
    const [c, tc] = await template({ src: "nope.j2", dest: "/tmp/nope.txt" });
    assert.equal(tc.failed, true);
    assert.equal(c.failed, true);
    assert.match(String(tc.msg), /^Could not find or access 'nope.j2'/);
    assert.match(String(c.msg), /^Could not find or access 'nope.j2'/);
  });
});
