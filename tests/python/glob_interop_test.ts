/**
 * `glob` against CPython's `glob.glob` on a real tree: hidden names,
 * trailing slashes, symlinks (to dirs, to files, dangling), magic in
 * directory parts, relative patterns, unreadable and missing directories.
 */
import assert from "node:assert/strict";
import { glob } from "../../src/python/mod.ts";
import { pythonGlob, withGlobTree } from "../_oracles/python_glob.ts";
import { listing, PATTERNS, TREE } from "./_glob_cases.ts";

// Relative patterns resolve against the process's working directory, which
// this test changes: it runs in the interop tier, whose files run one at a time.
Deno.test("glob matches glob.glob on relative patterns, in the same order", async (t) => {
  const expected = await pythonGlob({ tree: TREE, patterns: [...PATTERNS] });
  await withGlobTree(TREE, async (root) => {
    const sameOrder = JSON.stringify(listing(root, Object.keys(expected.listing))) ===
      JSON.stringify(expected.listing);
    const cwd = Deno.cwd();
    Deno.chdir(root);
    try {
      for (const [i, pattern] of PATTERNS.entries()) {
        await t.step(JSON.stringify(pattern), async () => {
          const ours = await glob(pattern);
          if (sameOrder) assert.deepEqual(ours, expected.results[i]);
          else assert.deepEqual([...ours].sort(), [...expected.results[i]].sort());
        });
      }
    } finally {
      Deno.chdir(cwd);
    }
  });
});
