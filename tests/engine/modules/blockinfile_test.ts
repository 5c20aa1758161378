/**
 * blockinfile: the same edits, results and diffs as Ansible's (recorded).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runModule, textParity, withTemp } from "./_support.ts";

Deno.test("blockinfile insert, update, move markers, remove: same as Ansible", async () => {
  await withTemp(async (dir) => {
    await textParity(dir, "blockinfile", "a\nb\nc\n", [
      { block: "x\ny" },
      { block: "x\ny" },
      { block: "x\nz\n" },
      { block: "new", marker: "<!-- {mark} -->", insertbefore: "^b" },
      { block: "new", marker: "<!-- {mark} -->", insertbefore: "^b" },
      { block: "top", marker: "## {mark} top", insertbefore: "BOF" },
      { block: "after", marker: "## {mark} after", insertafter: "^c", marker_begin: "S" },
      { state: "absent" },
      { state: "absent" },
      { block: "", marker: "<!-- {mark} -->" },
    ]);
  });
});

Deno.test("blockinfile diff, check mode and create: same as Ansible", async () => {
  await withTemp(async (dir) => {
    await textParity(dir, "blockinfile", "a\nb", [{ block: "x" }, { block: "x" }], { diff: true });
    await textParity(dir, "blockinfile", "a\n", [{ block: "x" }], { check: true, diff: true });
    await textParity(dir, "blockinfile", null, [
      { block: "x" },
      { block: "x", create: true, mode: "0600" },
      { block: "x", create: true, mode: "0600" },
    ], { diff: true });
    await textParity(dir, "blockinfile", null, [{ state: "absent" }]);
  });
});

Deno.test("blockinfile backup_file", async () => {
  await withTemp(async (dir) => {
    const p = join(dir, "f");
    await Deno.writeTextFile(p, "one\n");
    const r = await runModule(dir, "blockinfile", { path: p, block: "two", backup: true });
    assert.equal(r.msg, "Block inserted");
    assert.equal(await Deno.readTextFile(String(r.backup_file)), "one\n");
    const again = await runModule(dir, "blockinfile", { path: p, block: "two", backup: true });
    assert.equal(again.changed, false);
    assert.equal(again.backup_file, undefined);
  });
});
