/**
 * Paths the worker writes stay inside the private data dir: `artifact_dir`,
 * the `fact_cache` setting and host names used as fact cache file names.
 * The same refusals through the worker process are in
 * `contained_path_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { containedPath, PathOutsideError } from "../../src/worker/contained_path.ts";
import { FactCacheNameError, writeFactCache } from "../../src/engine/modules/setup.ts";
import { tempDir } from "../_support/worker_process.ts";

Deno.test("containedPath: lexical and symlinked escapes are refused", async (t) => {
  const tmp = await tempDir();
  try {
    const pdd = join(tmp.path, "pdd");
    const outside = join(tmp.path, "outside");
    await Deno.mkdir(join(pdd, "project"), { recursive: true });
    await Deno.mkdir(outside);
    await Deno.symlink(outside, join(pdd, "artifacts"));
    await Deno.symlink("../project", join(pdd, "project", "self"));
    const cases: [string, string | null][] = [
      ["project/a/b", join(pdd, "project/a/b")],
      [join(pdd, "x"), join(pdd, "x")],
      ["project/self/deep", join(pdd, "project/self/deep")],
      ["", pdd],
      ["../outside/a", null],
      ["/etc", null],
      ["project/../../outside", null],
      ["artifacts/42", null],
      ["artifacts", null],
    ];
    for (const [path, expected] of cases) {
      await t.step(JSON.stringify(path), () => {
        if (expected === null) {
          assert.throws(() => containedPath(pdd, path, "artifact_dir"), PathOutsideError);
        } else assert.equal(containedPath(pdd, path, "artifact_dir"), expected);
      });
    }
  } finally {
    await tmp.remove();
  }
});

Deno.test("writeFactCache refuses host names that are not file names", async () => {
  const tmp = await tempDir();
  try {
    for (const host of ["../evil", "a/b", "..", ".", ""]) {
      await assert.rejects(writeFactCache(join(tmp.path, "fc"), host, {}), FactCacheNameError);
    }
    await writeFactCache(join(tmp.path, "fc"), "web1", { a: 1 });
    assert.equal(await Deno.readTextFile(join(tmp.path, "fc", "web1")), '{\n    "a": 1\n}');
    assert.deepEqual([...Deno.readDirSync(tmp.path)].map((e) => e.name), ["fc"]);
  } finally {
    await tmp.remove();
  }
});
