/**
 * stat: Ansible's values (recorded) for a file, a link, a directory and a
 * missing path (the facts of the file system, inode, times and such, are
 * each side's own file's: see `withFileFacts`), and Ansible's wording for
 * unknown parameters (the ls fallback is in `stat_interop_test.ts`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type Tree, writeTree } from "../../_oracles/ansible_cli.ts";
import { ansibleResult, facts, keys, runModule, withTemp } from "./_support.ts";

// Ansible-only keys tachyon does not report (mime type, file attributes, inode version).
const NOT_REPORTED = ["attr_flags", "attributes", "charset", "mimetype", "version"];

Deno.test("stat of a file, a link, a directory and a missing path: Ansible's values", async (t) => {
  await withTemp(async (dir) => {
    const files: Tree = { "f.txt": { text: "hello\n", mode: 0o4750 }, "lnk": { symlink: "f.txt" } };
    await writeTree(dir, files);
    const cases: ((root: string) => Record<string, string | boolean>)[] = [
      (root) => ({ path: `${root}/f.txt` }),
      (root) => ({ path: `${root}/lnk` }),
      (root) => ({ path: `${root}/lnk`, follow: true }),
      (root) => ({ path: root, get_checksum: false }),
      (root) => ({ path: `${root}/f.txt`, checksum_algorithm: "sha256" }),
    ];
    for (const argsIn of cases) {
      const label = JSON.stringify(argsIn("<DIR>"));
      await t.step(label, async () => {
        const args = argsIn(dir);
        const ours = await facts(await runModule(dir, "stat", args), {
          follow: args.follow === true,
        });
        const theirs = await ansibleResult(dir, files, "stat", argsIn("<DIR>"));
        assert.equal(ours.changed, false);
        const o = ours.stat as Record<string, unknown>;
        const a = theirs.stat as Record<string, unknown>;
        assert.deepEqual(keys(o), keys(a).filter((k) => !NOT_REPORTED.includes(k)), label);
        for (const k of keys(o)) {
          if (k === "atime") continue; // Ansible's own run reads the file
          assert.deepEqual(o[k], a[k], `${label} ${k}`);
        }
      });
    }
    const missing = await runModule(dir, "stat", { path: join(dir, "nope") });
    assert.deepEqual(missing, { changed: false, stat: { exists: false } });
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
