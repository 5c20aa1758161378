import assert from "node:assert/strict";
import { python, pythonStreamDirZip } from "./_support.ts";

/**
 * The worker runs with deno.json's `permissions.default` (read/write only
 * /runner and /tmp, run only /bin/sh and a few more): extraction (symlinks
 * included) and zipping must work under exactly that set.
 */

const CONFIG = new URL("../../deno.json", import.meta.url).pathname;
const MOD = new URL("../../src/zip/mod.ts", import.meta.url).href;

Deno.test("extractZip and zipDirectory work under the worker's default permissions", async () => {
  const work = await Deno.makeTempDir({ prefix: "tachyon_zipperm_" });
  try {
    const src = `${work}/src`;
    await Deno.mkdir(`${src}/sub`, { recursive: true });
    await Deno.writeTextFile(`${src}/sub/file`, "content\n");
    await Deno.chmod(`${src}/sub/file`, 0o640);
    await Deno.symlink("/bin", `${src}/binlink`);
    await Deno.symlink("file", `${src}/sub/filelink`);
    await Deno.symlink("missing", `${src}/dangling`);
    await pythonStreamDirZip(src, `${work}/stream`, `${work}/py.zip`);
    const script = `${work}/child.ts`;
    await Deno.writeTextFile(
      script,
      `import { extractZip, zipDirectory } from "${MOD}";\n` +
        `await extractZip("${work}/py.zip", "${work}/out");\n` +
        `await extractZip("${work}/py.zip", "${work}/out");\n` +
        `console.log(await zipDirectory("${work}/out", "${work}/again.zip"));\n`,
    );
    const child = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--config", CONFIG, "-P", "--no-prompt", script],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(child.success, new TextDecoder().decode(child.stderr));
    assert.equal(await Deno.readLink(`${work}/out/binlink`), "/bin");
    assert.equal(await Deno.readLink(`${work}/out/sub/filelink`), "file");
    assert.equal(await Deno.readLink(`${work}/out/dangling`), "missing");
    assert.equal((await Deno.stat(`${work}/out/sub/file`)).mode! & 0o777, 0o640);
    const names = (zip: string) =>
      python(
        "import sys, zipfile\n" +
          "print(sorted((i.filename, i.external_attr) for i in zipfile.ZipFile(sys.argv[1]).infolist()))",
        zip,
      );
    assert.equal(await names(`${work}/again.zip`), await names(`${work}/py.zip`));
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
