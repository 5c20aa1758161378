import assert from "node:assert/strict";
import { join } from "node:path";
import { keys, reducedPath, runAnsibleModule, runModule, withTemp } from "./_support.ts";

// Ansible-only keys tachyon does not report (mime type, file attributes, inode version).
const NOT_REPORTED = ["attr_flags", "attributes", "charset", "mimetype", "version"];

Deno.test("stat of a file, a link, a directory and a missing path: Ansible's values", async () => {
  await withTemp(async (dir) => {
    const f = join(dir, "f.txt");
    await Deno.writeTextFile(f, "hello\n");
    await Deno.chmod(f, 0o4750);
    await Deno.symlink("f.txt", join(dir, "lnk"));
    for (
      const args of [
        { path: f },
        { path: join(dir, "lnk") },
        { path: join(dir, "lnk"), follow: true },
        { path: dir, get_checksum: false },
        { path: f, checksum_algorithm: "sha256" },
      ]
    ) {
      const ours = await runModule(dir, "stat", args);
      const theirs = await runAnsibleModule(dir, "stat", args);
      const label = JSON.stringify(args);
      assert.equal(ours.changed, false);
      const o = ours.stat as Record<string, unknown>;
      const t = theirs.stat as Record<string, unknown>;
      assert.deepEqual(keys(o), keys(t).filter((k) => !NOT_REPORTED.includes(k)), label);
      for (const k of keys(o)) {
        if (k === "atime") continue; // Ansible's own run reads the file
        assert.deepEqual(o[k], t[k], `${label} ${k}`);
      }
    }
    const missing = await runModule(dir, "stat", { path: join(dir, "nope") });
    assert.deepEqual(missing, { changed: false, stat: { exists: false } });
  });
});

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

Deno.test("stat rejects unknown parameters like Ansible", async () => {
  await withTemp(async (dir) => {
    const r = await runModule(dir, "stat", { path: dir, foo: 1 });
    assert.equal(r.failed, true);
    assert.match(
      String(r.msg),
      /^Unsupported parameters for \(stat\) module: foo\. Supported parameters include: .*path \(.*dest.*\)\.$/,
    );
  });
});
