/**
 * zipDirectory against what the real ansible-runner's stream_dir writes
 * (recorded) for the same small tree: the same entries with the same
 * attributes, the same 22-byte empty zip; FIFOs, sockets and devices are
 * skipped; its output extracts back to the tree. The large tree, the order
 * of entries on this file system, `testzip()` and `unstream_dir`, live, are
 * in `zip_writer_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { extractZip, zipDirectory } from "../../src/zip/mod.ts";
import { buildTree, seededBytes, streamDir, type TreeEntry } from "../_oracles/zip_stream_dir.ts";
import {
  askPython,
  assertSameTree,
  PY_ZIP,
  withEnv,
  withSymlinkTools,
  withTempDir,
  zipOfStream,
} from "./_support.ts";
import { SMALL_TREE } from "./_tree.ts";
import { type ZipInfoFields, zipInfoList } from "./_zip_info.ts";

const TMP_PREFIX = "tachyon_zip_";

/** The tree with FIFOs stream_dir skips. */
const TREE_WITH_FIFOS: readonly TreeEntry[] = [
  ...SMALL_TREE,
  { path: "fifo", kind: "fifo" },
  { path: "sub/fifo", kind: "fifo" },
];

const byName = (a: ZipInfoFields, b: ZipInfoFields) =>
  a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0;

Deno.test("zipDirectory writes what stream_dir writes (same entries, attributes)", async (t) => {
  const theirs = zipInfoList(zipOfStream(await streamDir(TREE_WITH_FIFOS, "UTC"))).sort(byName);
  // DOS times are local times: Python wrote in UTC, so ours writes in UTC.
  await withEnv({ TZ: "UTC" }, () =>
    withTempDir(TMP_PREFIX, async (work) => {
      const src = `${work}/src`;
      await Deno.mkdir(src);
      await buildTree(src, TREE_WITH_FIFOS);
      const size = await zipDirectory(src, `${work}/ours.zip`);
      const bytes = await Deno.readFile(`${work}/ours.zip`);
      assert.equal(size, bytes.length);
      const ours = zipInfoList(bytes).sort(byName);
      assert.ok(ours.length >= 25);
      assert.deepEqual(ours.map((i) => i.filename), theirs.map((i) => i.filename));
      for (const [i, entry] of ours.entries()) {
        await t.step(entry.filename, () => assert.deepEqual(entry, theirs[i]));
      }
    }));
});

Deno.test("zipDirectory: an empty or missing directory gives Python's 22-byte empty zip", async () => {
  const { bytes: python } = await askPython(
    PY_ZIP +
      "b = zip_bytes()\nzipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED, allowZip64=True).close()\n" +
      "answer(b)",
    null,
  );
  await withTempDir(TMP_PREFIX, async (work) => {
    await Deno.mkdir(`${work}/empty`);
    assert.equal(await zipDirectory(`${work}/empty`, `${work}/a.zip`), 22);
    assert.equal(await zipDirectory(`${work}/missing`, `${work}/b.zip`), 22);
    assert.deepEqual(await Deno.readFile(`${work}/a.zip`), python);
    assert.deepEqual(await Deno.readFile(`${work}/b.zip`), python);
  });
});

Deno.test("zipDirectory skips FIFOs, sockets and devices without hanging", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const src = `${work}/src`;
    await Deno.mkdir(src);
    await buildTree(src, [
      { path: "d", kind: "dir" },
      { path: "d/file", kind: "file", text: "data\n" },
      { path: "fifo", kind: "fifo" },
      { path: "d/fifo", kind: "fifo" },
      { path: "devlink", kind: "symlink", target: "/dev/null" },
    ]);
    const socket = Deno.listen({ transport: "unix", path: `${src}/socket` });
    try {
      assert.ok((await Deno.lstat(`${src}/socket`)).isSocket);
      // A character device too, where we may create one (root).
      await new Deno.Command("/usr/bin/mknod", {
        args: [`${src}/d/null`, "c", "1", "3"],
        stderr: "null",
      }).output().catch(() => {});
      const started = performance.now();
      await zipDirectory(src, `${work}/z.zip`);
      assert.ok(performance.now() - started < 3000);
    } finally {
      socket.close();
    }
    const names = zipInfoList(await Deno.readFile(`${work}/z.zip`)).map((i) => i.filename).sort();
    assert.deepEqual(names, ["./devlink", "d/", "d/file"]);
    assert.equal(await withSymlinkTools(() => extractZip(`${work}/z.zip`, `${work}/out`)), 3);
  });
});

Deno.test("zipDirectory output extracts with our extractZip too (empty, large and odd files)", async () => {
  await withSymlinkTools(() =>
    withTempDir(TMP_PREFIX, async (work) => {
      const src = `${work}/src`;
      await Deno.mkdir(src);
      await buildTree(src, SMALL_TREE);
      await Deno.writeFile(`${src}/exactly-1MiB`, seededBytes("1MiB", 1 << 20));
      await Deno.writeFile(`${src}/1MiB+1`, seededBytes("1MiB+1", (1 << 20) + 1));
      await Deno.writeTextFile(`${src}/newline\nname`, "odd name\n");
      await zipDirectory(src, `${work}/z.zip`);
      await extractZip(`${work}/z.zip`, `${work}/out`);
      assert.ok(await assertSameTree(src, `${work}/out`) >= 28);
    })
  );
});
