/**
 * The pdd rules: no symlinks at or below `artifacts`, `env`, `inventory`, no
 * top-level `.tachyon-*` names; zips Python writes (recorded) that break them
 * are refused before anything is written.
 */
import assert from "node:assert/strict";
import { extractZip, pddEntryRefusal, UnsafeZipEntryError } from "../../src/zip/mod.ts";
import { askPython, PY_ZIP, withTempDir } from "./_support.ts";

Deno.test("pddEntryRefusal: no links at or below artifacts, env, inventory; .tachyon-* reserved", async (t) => {
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
    await t.step(`${parts.join("/")} (${kind}) is refused`, () => {
      assert.ok(pddEntryRefusal(parts, kind));
    });
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
    await t.step(`${parts.join("/") || "(the pdd)"} (${kind}) is allowed`, () => {
      assert.equal(pddEntryRefusal(parts, kind), undefined);
    });
  }
});

Deno.test("extractZip refuses pdd rule breakers before writing anything", async (t) => {
  await withTempDir("tachyon_pddrules_", async (work) => {
    for (const [name, mode] of [["./artifacts", 0o120777], [".tachyon-agent-x/s", 0o100644]]) {
      await t.step(String(name), async () => {
        const { bytes } = await askPython(
          PY_ZIP + "name, mode = json.load(sys.stdin)\nb = zip_bytes()\n" +
            "with zipfile.ZipFile(b, 'w') as z:\n" +
            "  first = zipfile.ZipInfo('project/first', (2022, 3, 4, 5, 6, 8))\n" +
            "  first.external_attr = 0o600 << 16\n" +
            "  z.writestr(first, 'written first in entry order')\n" +
            "  info = zipfile.ZipInfo(name); info.external_attr = mode << 16\n" +
            "  z.writestr(info, '/tmp')\n" +
            "answer(b)",
          [name, mode],
        );
        const zip = `${work}/x.zip`;
        await Deno.writeFile(zip, bytes);
        const dst = `${work}/dst`;
        const error = await extractZip(zip, dst).catch((e) => e);
        assert.ok(error instanceof UnsafeZipEntryError, String(error));
        assert.equal(error.entryName, name);
        await assert.rejects(Deno.lstat(`${dst}/project`), Deno.errors.NotFound);
        await Deno.remove(dst, { recursive: true }).catch(() => {});
      });
    }
  });
});
