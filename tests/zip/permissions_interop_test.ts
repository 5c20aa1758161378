/**
 * The worker runs with deno.json's `permissions.default` (read/write only
 * /runner and /tmp, run only /bin/sh and a few more): extraction (symlinks
 * included) and zipping must work under exactly that set, in a process of
 * its own (`deno run -P`). The zip is what the real stream_dir writes.
 */
import assert from "node:assert/strict";
import { streamDir, type TreeEntry } from "../_oracles/zip_stream_dir.ts";
import { withSymlinkTools, zipOfStream } from "./_support.ts";
import { zipInfoList } from "./_zip_info.ts";

const CONFIG = new URL("../../deno.json", import.meta.url).pathname;
const MOD = new URL("../../src/zip/mod.ts", import.meta.url).href;

const TREE: TreeEntry[] = [
  { path: "sub", kind: "dir" },
  { path: "sub/file", kind: "file", text: "content\n", mode: 0o640 },
  { path: "binlink", kind: "symlink", target: "/bin" },
  { path: "sub/filelink", kind: "symlink", target: "file" },
  { path: "dangling", kind: "symlink", target: "missing" },
];

/** The `(filename, external_attr)` pairs of a zip, sorted. */
async function names(zip: string): Promise<[string, number][]> {
  return zipInfoList(await Deno.readFile(zip))
    .map((i): [string, number] => [i.filename, i.externalAttr])
    .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
}

Deno.test("extractZip and zipDirectory work under the worker's default permissions", async () => {
  const work = await Deno.makeTempDir({ prefix: "tachyon_zipperm_" });
  try {
    await Deno.writeFile(`${work}/py.zip`, zipOfStream(await streamDir(TREE)));
    const script = `${work}/child.ts`;
    await Deno.writeTextFile(
      script,
      `import { extractZip, zipDirectory } from "${MOD}";\n` +
        `await extractZip("${work}/py.zip", "${work}/out");\n` +
        `await extractZip("${work}/py.zip", "${work}/out");\n` +
        `console.log(await zipDirectory("${work}/out", "${work}/again.zip"));\n`,
    );
    const child = await withSymlinkTools(() =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--config", CONFIG, "-P", "--no-prompt", script],
        stdout: "piped",
        stderr: "piped",
      }).output()
    );
    assert.ok(child.success, new TextDecoder().decode(child.stderr));
    assert.equal(await Deno.readLink(`${work}/out/binlink`), "/bin");
    assert.equal(await Deno.readLink(`${work}/out/sub/filelink`), "file");
    assert.equal(await Deno.readLink(`${work}/out/dangling`), "missing");
    assert.equal((await Deno.stat(`${work}/out/sub/file`)).mode! & 0o777, 0o640);
    assert.deepEqual(await names(`${work}/again.zip`), await names(`${work}/py.zip`));
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
