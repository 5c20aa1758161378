/**
 * fetch: into dest/<host>/<src>, kept inside the private data dir; Ansible's
 * shapes and messages (recorded). Flat, binary and with few tools on the
 * target: `fetch_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ansibleResult, ansibleResults, keys, runModule, withTemp } from "./_support.ts";

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
    const args = { src: "<DIR>/remote.txt", dest: "<DIR>/theirs" };
    const [a1, a2] = await ansibleResults(dir, { "remote.txt": "hello\n" }, [
      { module: "fetch", args },
      { module: "fetch", args },
    ]);
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

Deno.test("fetch errors: Ansible's messages", async (t) => {
  await withTemp(async (dir) => {
    const cases = [
      { name: "missing", args: (root: string) => ({ src: `${root}/missing`, dest: "d" }) },
      {
        name: "missing, fail_on_missing=false",
        args: (root: string) => ({ src: `${root}/missing`, dest: "d", fail_on_missing: false }),
      },
      { name: "a directory", args: (root: string) => ({ src: root, dest: "d" }) },
    ];
    for (const c of cases) {
      await t.step(c.name, async () => {
        const ours = await runModule(dir, "fetch", c.args(dir));
        const theirs = await ansibleResult(dir, {}, "fetch", {
          ...c.args("<DIR>"),
          dest: "<DIR>/t",
        });
        assert.equal(ours.msg, theirs.msg);
        assert.equal(ours.failed, theirs.failed);
      });
    }
  });
});
