import assert from "node:assert/strict";
import { extractZip, pddEntryRefusal, UnsafeZipEntryError } from "../../src/zip/mod.ts";
import { python, withTempDir } from "./_support.ts";

Deno.test("pddEntryRefusal: no links at or below artifacts, env, inventory; .tachyon-* reserved", () => {
  const refused: [string[], "file" | "dir" | "symlink"][] = [
    [["artifacts"], "symlink"],
    [["artifacts", "1"], "symlink"],
    [["artifacts", "1", "job_events", "x.json"], "symlink"],
    [["env"], "symlink"],
    [["env", "ssh_key"], "symlink"],
    [["inventory"], "symlink"],
    [["inventory", "group_vars", "all"], "symlink"],
    [[".tachyon-agent-1"], "dir"],
    [[".tachyon-transmit-x.zip"], "file"],
    [[".tachyon-ssh-1", "id"], "file"],
    [[".tachyon-x"], "symlink"],
  ];
  for (const [parts, kind] of refused) {
    assert.ok(pddEntryRefusal(parts, kind), `${parts.join("/")} (${kind}) is refused`);
  }
  const allowed: [string[], "file" | "dir" | "symlink"][] = [
    [[], "dir"],
    [["artifacts", "1", "stdout"], "file"],
    [["env", "extravars"], "file"],
    [["inventory"], "dir"],
    [["project", "roles"], "symlink"],
    [["project", "artifacts"], "symlink"],
    [["artifactsx"], "symlink"],
    [["project", ".tachyon-x"], "file"],
    [[".tachyon"], "file"],
  ];
  for (const [parts, kind] of allowed) {
    assert.equal(pddEntryRefusal(parts, kind), undefined, `${parts.join("/")} (${kind})`);
  }
});

Deno.test("extractZip refuses pdd rule breakers before writing anything", async () => {
  await withTempDir("tachyon_pddrules_", async (work) => {
    for (const [name, mode] of [["./artifacts", 0o120777], [".tachyon-agent-x/s", 0o100644]]) {
      const zip = `${work}/x.zip`;
      await python(
        "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n" +
          "  z.writestr('project/first', 'written first in entry order')\n" +
          "  info = zipfile.ZipInfo(sys.argv[2]); info.external_attr = int(sys.argv[3]) << 16\n" +
          "  z.writestr(info, '/tmp')\n",
        zip,
        name as string,
        String(mode),
      );
      const dst = `${work}/dst`;
      const error = await extractZip(zip, dst).catch((e) => e);
      assert.ok(error instanceof UnsafeZipEntryError, String(error));
      assert.equal(error.entryName, name);
      await assert.rejects(Deno.lstat(`${dst}/project`), Deno.errors.NotFound);
      await Deno.remove(dst, { recursive: true }).catch(() => {});
    }
  });
});
