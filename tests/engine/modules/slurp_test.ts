/**
 * slurp: base64 content like Ansible's, binary-safe, with and without the
 * base64 program; Ansible's error messages (recorded).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeTree } from "../../_oracles/ansible_cli.ts";
import { ansibleResult, reducedPath, runModule, withTemp } from "./_support.ts";

Deno.test("slurp returns base64 content like Ansible, binary-safe", async () => {
  await withTemp(async (dir) => {
    const f = join(dir, "f.bin");
    const files = { "f.bin": { base64: btoa(String.fromCharCode(0, 1, 2, 255, 10, 0xc3)) } };
    await writeTree(dir, files);
    assert.deepEqual(await Deno.readFile(f), new Uint8Array([0, 1, 2, 255, 10, 0xc3]));
    const ours = await runModule(dir, "slurp", { src: f });
    const theirs = await ansibleResult(dir, files, "slurp", { src: "<DIR>/f.bin" });
    assert.deepEqual(ours, theirs);
    const env = { PATH: await reducedPath(dir, ["base64"]) };
    assert.deepEqual(await runModule(dir, "slurp", `path=${f}`, { env }), theirs);
    const empty = join(dir, "empty");
    await Deno.writeTextFile(empty, "");
    assert.equal((await runModule(dir, "slurp", { src: empty })).content, "");
  });
});

Deno.test("slurp errors: Ansible's messages", async (t) => {
  await withTemp(async (dir) => {
    for (const name of ["missing", ""]) {
      await t.step(name ? "a missing file" : "a directory", async () => {
        const ours = await runModule(dir, "slurp", { src: name ? join(dir, name) : dir });
        const theirs = await ansibleResult(dir, {}, "slurp", {
          src: name ? `<DIR>/${name}` : "<DIR>",
        });
        assert.equal(ours.failed, true);
        assert.equal(ours.msg, theirs.msg);
      });
    }
  });
});
