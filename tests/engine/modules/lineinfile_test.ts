/**
 * lineinfile: the same edits, results and diffs as Ansible's (recorded).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { countingContext, runModule, textParity, withTemp } from "./_support.ts";
import { lineinfileModule } from "../../../src/engine/modules/lineinfile.ts";

Deno.test("lineinfile add, replace, insert before/after, remove: same as Ansible", async () => {
  await withTemp(async (dir) => {
    await textParity(dir, "lineinfile", "# config\nPort 22\nListenAddress 0.0.0.0\n", [
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
    await textParity(dir, "lineinfile", "a\nb", [
      { line: "c" },
      { line: "c" },
      { regexp: "^a$", line: "A" },
    ], { diff: true });
    await textParity(dir, "lineinfile", "a\n", [{ line: "z" }, { line: "a", state: "absent" }], {
      check: true,
    });
    await textParity(dir, "lineinfile", null, [
      { line: "x" },
      { line: "x", create: true, mode: "0600" },
      { line: "x", create: true, mode: "0640" },
    ], { diff: true });
    await textParity(dir, "lineinfile", null, [{ line: "x", create: true }], {
      check: true,
      diff: true,
    });
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
