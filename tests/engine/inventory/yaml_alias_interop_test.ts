/**
 * YAML aliases at scale: one big value aliased by thousands of hosts is
 * converted and stored once, on time (a timed test of about a second, so in
 * the interop tier; the rest is in `yaml_alias_test.ts`).
 */
import assert from "node:assert/strict";
import { loadYaml } from "../../../src/yaml/yaml_module.ts";
import { loadInventory } from "../../../src/engine/inventory/mod.ts";
import { writeTree } from "../../_oracles/ansible_cli.ts";
import { withTempDir } from "../_support.ts";

await loadYaml();

Deno.test("yaml aliases: one big value aliased by thousands of hosts is converted and stored once", async () => {
  await withTempDir(async (dir) => {
    const big = `[${Array(20_000).fill("x").join(", ")}]`;
    const hosts = Array.from({ length: 5000 }, (_, i) => `    h${i}: {big: *v}\n`).join("");
    await writeTree(dir, { "hosts.yml": `all:\n  vars:\n    v: &v ${big}\n  hosts:\n${hosts}` });
    const start = performance.now();
    const inv = await loadInventory([`${dir}/hosts.yml`]);
    const all = inv.groupHosts("all").map((h) => inv.hostVars(h));
    const ms = performance.now() - start;
    // Copying the list per host would be 10^8 values and about a gigabyte.
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
    assert.equal(all.length, 5000);
    assert.equal(all[0].big, all[4999].big);
    assert.equal(all[0].big, all[0].v);
    assert.ok(Object.isFrozen(all[0].big), "shared values are frozen");
    assert.throws(() => (all[0].big as string[]).push("y"), TypeError);
    all[0].mine = 1; // each hostVars result is a fresh object
    assert.equal(inv.hostVars("h0").mine, undefined);
  });
});
