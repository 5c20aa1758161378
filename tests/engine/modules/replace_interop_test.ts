/**
 * `replace` against the real Ansible 2.14: the same steps on two identical
 * lab hosts (root-owned files, under become), comparing results (check
 * mode, diffs, messages, failures), idempotence and the files (content,
 * mode, owner, backups) at the end. The patterns exercise Python's `re`
 * where JavaScript's differs: `^`/`$` and `\r`, `$` before a final newline,
 * `.` and `\r`, `\A`/`\Z`, named groups, `\g<0>`, octal and `\n` escapes.
 */
import assert from "node:assert/strict";
import {
  startLabTwins,
  type TwinResult,
  type TwinStep,
  type TwinStepOptions,
} from "./_twin_lab.ts";

/** Whether a step must change something (checked on Ansible's host). */
type StepOptions = TwinStepOptions & { changes?: boolean };

/** A step with its name and whether it must change something. */
type NamedStep = TwinStep & StepOptions & { name: string };

const SETUP = `
mkdir -p /etc/app
printf 'port=80\\nhost=a\\r\\n# port=81\\nlisten 1.2.3.4\\n[main]\\nkey=1\\n[other]\\nkey=2\\n' > /etc/app/app.conf
printf 'a\\nb\\nc' > /etc/app/nonl
printf 'caf\\351 latin\\n' > /etc/app/latin
printf 'x=1\\n' > /etc/app/target && ln -s /etc/app/target /etc/app/link
chmod 0640 /etc/app/app.conf
`;

const STATE_SCRIPT = `
for f in /etc/app/*; do stat -c '%n %F %a %U %G' "$f"; [ -f "$f" ] && od -c "$f"; done
ls /etc/app
`;

/** Backup names hold a pid and a time: both must have Ansible's shape. */
function normalize(ansible: TwinResult, tachyon: TwinResult): void {
  if (typeof ansible.backup_file !== "string") return;
  assert.match(String(tachyon.backup_file), /^\/etc\/app\/app\.conf\.\d+\.[\d-]+@[\d:]+~$/);
  ansible.backup_file = tachyon.backup_file = "<backup>";
}

Deno.test("replace on lab hosts: the same results and files as Ansible", async (t) => {
  await using pair = await startLabTwins("repl");
  await pair.shell(SETUP);
  const steps: NamedStep[] = [];
  const once = (name: string, args: Record<string, unknown>, options: StepOptions = {}) =>
    steps.push({ name, module: "replace", args, ...options });
  const twice = (name: string, args: Record<string, unknown>) => {
    once(`${name} (check mode, diff)`, args, { check: true, diff: true });
    once(name, args, { diff: true, changes: true });
    once(`${name} again`, args, { changes: false });
  };

  const conf = "/etc/app/app.conf";

  twice("a line-anchored replacement", {
    path: conf,
    regexp: "^port=\\d+$",
    replace: "port=8080",
  });
  once("$ before \\r\\n is not Python's line end", {
    path: conf,
    regexp: "^host=(\\w)$",
    replace: "host=\\1\\1",
  }, { changes: false });
  twice("\\r is not a line end for ^ either", {
    path: conf,
    regexp: "^(\\w+)=a\\r",
    replace: "\\g<1>=b\\r",
  });
  once("named groups and \\g<0> (matching again each run)", {
    path: conf,
    regexp: "^listen (?P<ip>[\\d.]+)",
    replace: "\\g<0> # was \\g<ip>",
  }, { diff: true, changes: true });
  twice("after and before", {
    path: conf,
    regexp: "^key=.*$",
    replace: "key=main",
    after: "\\[main\\]",
    before: "\\[other\\]",
  });
  once("after that matches nothing", { path: conf, regexp: "x", after: "nomatch" });
  twice("\\A and \\Z, octal and newline escapes", {
    path: "/etc/app/nonl",
    regexp: "\\Ac|c\\Z",
    replace: "C\\n\\101",
  });
  twice("a latin-1 file", {
    path: "/etc/app/latin",
    regexp: "caf.",
    replace: "cafe",
    encoding: "latin-1",
  });
  twice("through a symlink, with attributes", {
    path: "/etc/app/link",
    regexp: "1",
    replace: "2",
    mode: "0600",
  });
  twice("only attributes", { path: "/etc/app/target", regexp: "nomatch", owner: "lab-key" });
  twice("a backup", { path: conf, regexp: "^# port", replace: "#port", backup: true });
  once("validation refused", {
    path: conf,
    regexp: "8080",
    replace: "9090",
    validate: "grep -q 7070 %s",
  });
  twice("validation passed", {
    path: conf,
    regexp: "8080",
    replace: "9090",
    validate: "grep -q 9090 %s",
  });
  once("a directory", { path: "/etc/app", regexp: "x" });
  once("a missing file", { path: "/etc/app/missing", regexp: "x" });

  const results = await pair.runSteps(steps);
  for (const [i, s] of steps.entries()) {
    await t.step(s.name, () => {
      const [ansible, tachyon] = [results.ansible[i], results.tachyon[i]];
      normalize(ansible, tachyon);
      assert.deepEqual(tachyon, ansible, JSON.stringify(s.args));
      if (s.changes !== undefined) assert.equal(ansible.changed, s.changes, "Ansible's change");
    });
  }

  await t.step("the same files, modes, owners and backups", async () => {
    const backups = /\.\d+\.[\d-]+@[\d:]+~/g;
    const [ansible, tachyon] = (await pair.shell(STATE_SCRIPT)).map((s) =>
      s.replace(backups, ".<backup>")
    );
    assert.equal(tachyon, ansible);
  });
});
