/**
 * fetch flat=yes of binary content, also from a target without sha1sum,
 * md5sum and base64: slow to set up (a PATH of every program but those), so
 * in the interop tier.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { reducedPath, runModule, withTemp } from "./_support.ts";

Deno.test("fetch flat=yes, binary content, and targets without sha1sum/base64", async () => {
  await withTemp(async (dir) => {
    const src = join(dir, "blob");
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7) % 256);
    await Deno.writeFile(src, bytes);
    const r = await runModule(dir, "fetch", { src, dest: "out/", flat: true });
    assert.equal(r.dest, join(dir, "out", "blob"));
    assert.deepEqual(await Deno.readFile(join(dir, "out", "blob")), bytes);
    const env = { PATH: await reducedPath(dir, ["sha1sum", "md5sum", "base64"]) };
    const again = await runModule(dir, "fetch", { src, dest: "out/", flat: true }, { env });
    assert.equal(again.changed, false, JSON.stringify(again));
    const other = await runModule(dir, "fetch", { src, dest: "out2/blob", flat: true }, { env });
    assert.equal(other.changed, true);
    assert.equal(other.remote_checksum, r.remote_checksum);
    assert.deepEqual(await Deno.readFile(join(dir, "out2", "blob")), bytes);
  });
});
