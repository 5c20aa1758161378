/**
 * Inventory input limits: file sizes and special files (script output limits,
 * which kill the script, and the host range limit, a timed test, are in
 * `limits_interop_test.ts`; the YAML text size in `yaml_alias_test.ts`).
 */
import assert from "node:assert/strict";
import { loadInventory } from "../../../src/engine/inventory/mod.ts";
import { InventoryFileTooLargeError } from "../../../src/engine/inventory/errors.ts";
import { MAX_INVENTORY_FILE_BYTES } from "../../../src/engine/inventory/limits.ts";
import { writeTree } from "../../_oracles/ansible_cli.ts";
import { withTempDir } from "../_support.ts";

Deno.test("limits: an inventory or vars file over the size limit, or not a regular file, is refused", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a/hosts": "[web]\nh1\n", "b/hosts": "[web]\nh1\n" });
    for (const path of [`${dir}/a/big.yml`, `${dir}/b/group_vars/web.yml`]) {
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      const file = await Deno.open(path, { create: true, write: true });
      await file.truncate(MAX_INVENTORY_FILE_BYTES + 1); // sparse: no disk used
      file.close();
    }
    await assert.rejects(loadInventory([`${dir}/a`]), (e: Error) => {
      assert.ok(e instanceof InventoryFileTooLargeError, e.name);
      assert.match(e.message, /big\.yml: 268435457 bytes is over tachyon's 256 MiB limit/);
      return true;
    });
    await assert.rejects(loadInventory([`${dir}/b/hosts`]), InventoryFileTooLargeError);

    await Deno.mkdir(`${dir}/c`);
    assert.ok(
      (await new Deno.Command("/usr/bin/mkfifo", { args: [`${dir}/c/hosts`] }).output()).success,
    );
    await assert.rejects(loadInventory([`${dir}/c/hosts`]), /c\/hosts: not a regular file/);
  });
});
