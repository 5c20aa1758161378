/**
 * The lazy module registry: every name loads its own module, qualified names
 * resolve, unknown names are refused.
 */
import assert from "node:assert/strict";
import {
  findModule,
  MODULE_NAMES,
  UnknownModuleError,
} from "../../../src/engine/modules/registry.ts";

Deno.test("every registered module loads, by short and by qualified name", async (t) => {
  assert.ok(MODULE_NAMES.length >= 17);
  for (const name of MODULE_NAMES) {
    await t.step(name, async () => {
      const module = await findModule(name);
      assert.equal(module.name, name);
      // Builtins, and the ansible.posix modules Ansible redirects to by short name.
      assert.match(module.fqcn, new RegExp(`^ansible\\.(builtin|posix)\\.${name}$`));
      assert.equal(typeof module.run, "function");
      assert.equal(await findModule(module.fqcn), module);
      assert.equal(await findModule(`ansible.legacy.${name}`), module);
    });
  }
});

Deno.test("unknown modules are refused with Ansible's wording", async () => {
  for (
    const name of [
      "frobnicate",
      "community.general.frobnicate",
      "toString",
      "__proto__",
      "ansible.posix.ping",
      "community.general.sysctl",
    ]
  ) {
    await assert.rejects(findModule(name), UnknownModuleError);
  }
  await assert.rejects(findModule("nope"), /couldn't resolve module\/action 'nope'/);
});
