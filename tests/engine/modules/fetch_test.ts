import assert from "node:assert/strict";
import { join } from "node:path";
import { keys, reducedPath, runAnsibleModule, runModule, withTemp } from "./_support.ts";

Deno.test("fetch into dest/<host>/<src>: changed, then unchanged; Ansible's shapes", async () => {
  await withTemp(async (dir) => {
    const src = join(dir, "remote.txt");
    await Deno.writeTextFile(src, "hello\n");
    const r1 = await runModule(dir, "fetch", { src, dest: "fetched" });
    const r2 = await runModule(dir, "fetch", { src, dest: "fetched" });
    const expected = join(dir, "fetched", "localhost", src);
    assert.equal(r1.dest, expected);
    assert.equal(await Deno.readTextFile(expected), "hello\n");
    assert.equal(r1.changed, true);
    assert.equal(r2.changed, false);
    const a1 = await runAnsibleModule(dir, "fetch", { src, dest: join(dir, "theirs") });
    const a2 = await runAnsibleModule(dir, "fetch", { src, dest: join(dir, "theirs") });
    assert.deepEqual(keys(r1), keys(a1));
    assert.deepEqual(keys(r2), keys(a2));
    for (const k of ["checksum", "md5sum", "remote_checksum", "remote_md5sum"]) {
      assert.equal(r1[k], a1[k], k);
    }
    await Deno.writeTextFile(src, "changed\n");
    const r3 = await runModule(dir, "fetch", { src, dest: "fetched" }, { check: true });
    assert.equal(r3.changed, true);
    assert.equal(await Deno.readTextFile(expected), "hello\n", "check mode writes nothing");
    const r4 = await runModule(dir, "fetch", { src, dest: "fetched" });
    assert.equal(r4.changed, true);
    assert.equal(await Deno.readTextFile(expected), "changed\n");
  });
});

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

Deno.test("fetch: a dest outside the private data dir is refused", async () => {
  await withTemp(async (dir) => {
    const src = join(dir, "remote.txt");
    await Deno.writeTextFile(src, "x");
    const pdd = join(dir, "pdd");
    await Deno.mkdir(join(pdd, "project"), { recursive: true });
    await Deno.symlink(dir, join(pdd, "escape"));
    const controller = { projectDir: join(pdd, "project"), privateDataDir: pdd };
    for (const dest of ["../../x", "/tmp/elsewhere", "../escape/x"]) {
      const r = await runModule(dir, "fetch", { src, dest, flat: true }, { controller });
      assert.equal(r.failed, true, dest);
      assert.match(String(r.msg), /outside the private data dir/);
    }
    const ok = await runModule(dir, "fetch", { src, dest: "../inside/x", flat: true }, {
      controller,
    });
    assert.equal(ok.changed, true);
    assert.equal(await Deno.readTextFile(join(pdd, "inside", "x")), "x");
  });
});

Deno.test("fetch errors: Ansible's messages", async () => {
  await withTemp(async (dir) => {
    for (
      const args of [
        { src: join(dir, "missing"), dest: "d" },
        { src: join(dir, "missing"), dest: "d", fail_on_missing: false },
        { src: dir, dest: "d" },
      ]
    ) {
      const ours = await runModule(dir, "fetch", args);
      const theirs = await runAnsibleModule(dir, "fetch", { ...args, dest: join(dir, "t") });
      assert.equal(ours.msg, theirs.msg, JSON.stringify(args));
      assert.equal(ours.failed, theirs.failed, JSON.stringify(args));
    }
  });
});
