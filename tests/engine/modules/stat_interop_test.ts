/**
 * stat on a target without the stat program falls back to ls: slow to set up
 * (a PATH of every program but stat), so in the interop tier.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { reducedPath, runModule, withTemp } from "./_support.ts";

Deno.test("stat without the stat program falls back to ls", async () => {
  await withTemp(async (dir) => {
    const f = join(dir, "f.txt");
    await Deno.writeTextFile(f, "hello\n");
    await Deno.chmod(f, 0o640);
    const env = { PATH: await reducedPath(dir, ["stat"]) };
    const r = await runModule(dir, "stat", { path: f }, { env });
    const st = r.stat as Record<string, unknown>;
    const info = await Deno.stat(f);
    assert.equal(st.mode, "0640");
    assert.equal(st.size, 6);
    assert.equal(st.isreg, true);
    assert.equal(st.pw_name, "root");
    assert.equal(st.inode, info.ino);
    assert.equal(st.mtime, Math.floor(info.mtime!.getTime() / 1000));
    assert.equal(st.checksum, "f572d396fae9206628714fb2ce00f72e94f2258f");
  });
});
