/**
 * `glob` against CPython's `glob.glob` on a real tree: hidden names,
 * trailing slashes, symlinks (to dirs, to files, dangling), magic in
 * directory parts, unreadable and missing directories; relative patterns in
 * glob_interop_test.ts.
 */
import assert from "node:assert/strict";
import { glob } from "../../src/python/mod.ts";
import { pythonGlob, ROOT, withGlobTree } from "../_oracles/python_glob.ts";
import { listing, PATTERNS, TREE } from "./_glob_cases.ts";

Deno.test("glob matches glob.glob on absolute patterns, in the same order", async (t) => {
  const patterns = [...PATTERNS.map((p) => `${ROOT}/${p}`), `${ROOT}//a1//x/*`];
  const expected = await pythonGlob({ tree: TREE, patterns });
  await withGlobTree(TREE, async (root) => {
    // Python does not sort: results come in directory order. Where this file
    // system lists the tree in another order than the recording's, compare as sets.
    const sameOrder = JSON.stringify(listing(root, Object.keys(expected.listing))) ===
      JSON.stringify(expected.listing);
    for (const [i, pattern] of patterns.entries()) {
      await t.step(JSON.stringify(pattern), async () => {
        const ours = (await glob(pattern.replaceAll(ROOT, root))).map((path) =>
          path.replaceAll(root, ROOT)
        );
        if (sameOrder) assert.deepEqual(ours, expected.results[i]);
        else assert.deepEqual([...ours].sort(), [...expected.results[i]].sort());
      });
    }
  });
});
