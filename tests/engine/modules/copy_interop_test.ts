/**
 * copy on a target without sha1sum, md5sum, stat or base64 (md5/cksum and ls
 * instead): slow to set up (a PATH of every program but those), so in the
 * interop tier.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { reducedPath, runModule, withTemp } from "./_support.ts";

Deno.test("copy without sha1sum/stat/base64 on the target still works (md5/cksum, ls)", async () => {
  await withTemp(async (dir) => {
    for (const missing of [["sha1sum"], ["sha1sum", "md5sum", "stat", "base64"]]) {
      const bin = await reducedPath(join(dir, missing.join("-")), missing);
      const env = { PATH: bin };
      const dest = join(dir, `f-${missing.length}.txt`);
      await Deno.writeTextFile(dest, "old\n");
      const r = await runModule(dir, "copy", { content: "new\n", dest, mode: "0600" }, {
        env,
        diff: true,
      });
      assert.equal(r.changed, true, JSON.stringify(r));
      assert.equal(r.mode, "0600");
      assert.equal(r.owner, "root");
      assert.equal((r.diff as Record<string, unknown>[])[0].before, "old\n");
      const again = await runModule(dir, "copy", { content: "new\n", dest, mode: "0600" }, {
        env,
      });
      assert.equal(again.changed, false, JSON.stringify(again));
      assert.equal(again.size, 4);
    }
  });
});
