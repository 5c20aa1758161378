/**
 * `glob` against CPython's `glob.glob` on a real tree: hidden names,
 * trailing slashes, symlinks (to dirs, to files, dangling), magic in
 * directory parts, relative patterns, unreadable and missing directories.
 */
import assert from "node:assert/strict";
import { glob } from "../../src/python/mod.ts";
import { python } from "./_oracle.ts";

async function makeTree(root: string): Promise<void> {
  for (const dir of ["a1/x", "a2/x", "a3", ".hid/x", "b[1]", "locked", "p\u00e9/q"]) {
    await Deno.mkdir(`${root}/${dir}`, { recursive: true });
  }
  for (
    const file of ["a1/x/f.txt", "a2/x/.f.txt", "a3/f.txt", ".hid/x/f.txt", "b[1]/f", "top.txt"]
  ) {
    await Deno.writeTextFile(`${root}/${file}`, "");
  }
  await Deno.writeTextFile(`${root}/locked/secret`, "");
  await Deno.symlink(`${root}/a1`, `${root}/link_dir`);
  await Deno.symlink(`${root}/top.txt`, `${root}/link_file`);
  await Deno.symlink(`${root}/missing`, `${root}/link_dangling`);
  await Deno.chmod(`${root}/locked`, 0o000);
}

const PATTERNS = [
  "*",
  ".*",
  "*/",
  "a*/x/*",
  "a*/x/.*",
  "a?/*.txt",
  "*/x",
  "*/x/",
  "a[12]/x/f.txt",
  "a[!1]/*",
  "link_*",
  "link_*/",
  "link_dir/*/f.txt",
  "b[[]1]/*",
  "b[1]/f",
  "top.txt",
  "top.txt/",
  "a1/",
  "missing*",
  "missing/*",
  "locked/*",
  "p*/q",
  "*/*/",
  "",
];

Deno.test("glob matches glob.glob, absolute and relative, in the same order", async () => {
  const root = await Deno.makeTempDir({ dir: "/tmp", prefix: "tachyon_glob_test_" });
  try {
    await makeTree(root);
    const patterns = [...PATTERNS.map((p) => `${root}/${p}`), ...PATTERNS, `${root}//a1//x/*`];
    const expected = await python(
      `import glob, json, os, sys\nos.chdir(${JSON.stringify(root)})\n` +
        "print(json.dumps([glob.glob(p) for p in json.load(sys.stdin)]))",
      patterns,
    ) as string[][];
    const cwd = Deno.cwd();
    Deno.chdir(root);
    try {
      for (const [i, pattern] of patterns.entries()) {
        assert.deepEqual(await glob(pattern), expected[i], pattern);
      }
    } finally {
      Deno.chdir(cwd);
    }
  } finally {
    await Deno.chmod(`${root}/locked`, 0o755);
    await Deno.remove(root, { recursive: true });
  }
});
