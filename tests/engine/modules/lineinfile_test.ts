import assert from "node:assert/strict";
import { join } from "node:path";
import { countingContext, keys, runAnsibleModule, runModule, withTemp } from "./_support.ts";
import { lineinfileModule } from "../../../src/engine/modules/lineinfile.ts";

/** Runs the same steps with tachyon and with Ansible on twin files; compares every step. */
async function parity(
  dir: string,
  initial: string | null,
  steps: Record<string, unknown>[],
  options: { diff?: boolean; check?: boolean } = {},
) {
  const ours = join(dir, "ours.txt");
  const theirs = join(dir, "theirs.txt");
  for (const p of [ours, theirs]) {
    await Deno.remove(p).catch(() => {});
    if (initial !== null) await Deno.writeTextFile(p, initial);
  }
  for (const step of steps) {
    const r = await runModule(dir, "lineinfile", { ...step, path: ours }, options);
    const a = JSON.parse(
      JSON.stringify(
        await runAnsibleModule(dir, "lineinfile", { ...step, path: theirs }, options),
      ).replaceAll(theirs, ours),
    );
    const label = JSON.stringify(step);
    assert.equal(r.changed, a.changed, label);
    assert.equal(r.msg, a.msg, label);
    assert.equal(r.failed, a.failed, label);
    assert.equal(r.found, a.found, label);
    const ourText = await Deno.readTextFile(ours).catch(() => null);
    const theirText = await Deno.readTextFile(theirs).catch(() => null);
    assert.equal(ourText, theirText, label);
    const ansibleKeys = keys(a).filter((k) => options.diff || k !== "diff");
    assert.deepEqual(keys(r), ansibleKeys, label);
    if (options.diff && a.diff) assert.deepEqual(r.diff, a.diff, label);
  }
}

Deno.test("lineinfile add, replace, insert before/after, remove: same as Ansible", async () => {
  await withTemp(async (dir) => {
    await parity(dir, "# config\nPort 22\nListenAddress 0.0.0.0\n", [
      { line: "PermitRootLogin no" },
      { line: "PermitRootLogin no" },
      { regexp: "^#?Port\\s", line: "Port 2222" },
      { regexp: "^#?Port\\s", line: "Port 2222" },
      { line: "# first", insertbefore: "BOF" },
      { line: "Banner /etc/issue", insertafter: "^Port" },
      { line: "UseDNS no", insertbefore: "^ListenAddress" },
      { line: "Nothing", insertafter: "^NoSuchLine" },
      { regexp: "^Banner", state: "absent" },
      { line: "UseDNS no", state: "absent" },
      { regexp: "^Nomatch", state: "absent" },
      { regexp: "^(Port) (\\d+)", line: "\\1 \\2 # kept", backrefs: true },
      { regexp: "^NoMatch(.*)", line: "x\\1", backrefs: true },
      { search_string: "ListenAddress", line: "ListenAddress 127.0.0.1" },
    ]);
  });
});

Deno.test("lineinfile diff mode, check mode and create: same as Ansible", async () => {
  await withTemp(async (dir) => {
    await parity(dir, "a\nb", [
      { line: "c" },
      { line: "c" },
      { regexp: "^a$", line: "A" },
    ], { diff: true });
    await parity(dir, "a\n", [{ line: "z" }, { line: "a", state: "absent" }], { check: true });
    await parity(dir, null, [
      { line: "x" },
      { line: "x", create: true, mode: "0600" },
      { line: "x", create: true, mode: "0640" },
    ], { diff: true });
    await parity(dir, null, [{ line: "x", create: true }], { check: true, diff: true });
  });
});

Deno.test("lineinfile backup and errors", async () => {
  await withTemp(async (dir) => {
    const p = join(dir, "f");
    await Deno.writeTextFile(p, "one\n");
    const r = await runModule(dir, "lineinfile", { path: p, line: "two", backup: true });
    assert.equal(r.changed, true);
    assert.equal(await Deno.readTextFile(String(r.backup)), "one\n");
    assert.equal(await Deno.readTextFile(p), "one\ntwo\n");
    const noLine = await runModule(dir, "lineinfile", { path: p });
    assert.equal(noLine.msg, "line is required with state=present");
    const both = await runModule(dir, "lineinfile", {
      path: p,
      line: "x",
      insertbefore: "a",
      insertafter: "b",
    });
    assert.equal(both.msg, "parameters are mutually exclusive: insertbefore|insertafter");
    const isDir = await runModule(dir, "lineinfile", { path: dir, line: "x" });
    assert.equal(isDir.msg, `Path ${dir} is a directory !`);
    const badState = await runModule(dir, "lineinfile", { path: p, line: "x", state: "gone" });
    assert.equal(badState.msg, "value of state must be one of: absent, present, got: gone");
  });
});

Deno.test("lineinfile: one exec when nothing changes", async () => {
  await withTemp(async (dir) => {
    const p = join(dir, "f");
    await Deno.writeTextFile(p, "one\n");
    const { ctx, execs } = countingContext(dir);
    const r = await lineinfileModule.run(ctx, lineinfileModule.parseArgs({ path: p, line: "one" }));
    assert.equal(r.changed, false);
    assert.equal(execs(), 1);
  });
});
