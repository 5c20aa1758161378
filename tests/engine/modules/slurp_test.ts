import assert from "node:assert/strict";
import { join } from "node:path";
import { reducedPath, runAnsibleModule, runModule, withTemp } from "./_support.ts";

Deno.test("slurp returns base64 content like Ansible, binary-safe", async () => {
  await withTemp(async (dir) => {
    const f = join(dir, "f.bin");
    await Deno.writeFile(f, new Uint8Array([0, 1, 2, 255, 10, 0xc3]));
    const ours = await runModule(dir, "slurp", { src: f });
    const theirs = await runAnsibleModule(dir, "slurp", { src: f });
    assert.deepEqual(ours, theirs);
    const env = { PATH: await reducedPath(dir, ["base64"]) };
    assert.deepEqual(await runModule(dir, "slurp", `path=${f}`, { env }), theirs);
    const empty = join(dir, "empty");
    await Deno.writeTextFile(empty, "");
    assert.equal((await runModule(dir, "slurp", { src: empty })).content, "");
  });
});

Deno.test("slurp errors: Ansible's messages", async () => {
  await withTemp(async (dir) => {
    for (const src of [join(dir, "missing"), dir]) {
      const ours = await runModule(dir, "slurp", { src });
      const theirs = await runAnsibleModule(dir, "slurp", { src });
      assert.equal(ours.failed, true);
      assert.equal(ours.msg, theirs.msg);
    }
  });
});
