/**
 * Malformed inventories: tachyon's InventoryError names the source and says
 * what Ansible says, and the real `ansible-inventory` (recorded) rejects each
 * of them too. One step per case.
 */
import assert from "node:assert/strict";
import { InventoryError, loadInventory } from "../../../src/engine/inventory/mod.ts";
import { type TreeFile, writeTree } from "../../_oracles/ansible_cli.ts";
import { ansibleInventoryList } from "../../_oracles/ansible_inventory.ts";
import { askAll, withTempDir } from "../_support.ts";

interface BadCase {
  name: string;
  files: Record<string, TreeFile>;
  source: string;
  /** What tachyon's message must contain (besides the source path). */
  message: RegExp;
}

const exec = (text: string): TreeFile => ({ text, mode: 0o700 });

const BAD: BadCase[] = [
  {
    name: "unknown section type",
    files: { "hosts": "[web:foo]\nw1\n" },
    source: "hosts",
    message: /hosts:1: Section \[web:foo\] has unknown type: foo/,
  },
  {
    name: "section with a space",
    files: { "hosts": "[a b]\nw1\n" },
    source: "hosts",
    message: /hosts:1: Invalid section entry: '\[a b\]'/,
  },
  {
    name: "host variable without =",
    files: { "hosts": "[web]\nw1 novalue\n" },
    source: "hosts",
    message: /hosts:2: Expected key=value host variable assignment, got: novalue/,
  },
  {
    name: "group variable without =",
    files: { "hosts": "[web]\nw1\n[web:vars]\njustaword\n" },
    source: "hosts",
    message: /hosts:4: Expected key=value, got: justaword/,
  },
  {
    name: "children naming an undefined group",
    files: { "hosts": "[a:children]\nmissing\n" },
    source: "hosts",
    message: /hosts:2: Section \[a:children\] includes undefined group: missing/,
  },
  {
    name: "vars for an undefined group",
    files: { "hosts": "[x:vars]\nk=v\n" },
    source: "hosts",
    message: /hosts:1: Section \[x:vars\] not valid for undefined group: x/,
  },
  {
    name: "unbalanced quote",
    files: { "hosts": 'h1 x="abc\n' },
    source: "hosts",
    message: /hosts:1: Error parsing host definition .*No closing quotation/,
  },
  {
    name: "reversed alphabetic range",
    files: { "hosts": "[web]\nw[c:a]\n" },
    source: "hosts",
    message: /host range must have begin <= end/,
  },
  {
    name: "padded range with unequal widths",
    files: { "hosts": "[web]\nw[01:3]\n" },
    source: "hosts",
    message: /host range must specify equal-length begin and end formats/,
  },
  {
    name: "host ending in a colon",
    files: { "hosts": "[web]\nw1:\n" },
    source: "hosts",
    message: /ending in ':' is not allowed/,
  },
  {
    name: "YAML hosts given as a list",
    files: { "inv.yml": "all:\n  hosts: [a, b]\n" },
    source: "inv.yml",
    message: /Invalid "hosts" entry for "all" group, requires a dictionary/,
  },
  {
    name: "YAML host with a list of vars",
    files: { "inv.yml": "web:\n  hosts:\n    h1: [1, 2]\n" },
    source: "inv.yml",
    message: /Invalid data from file, expected dictionary/,
  },
  {
    name: "YAML host given as a number",
    files: { "inv.yml": "web:\n  hosts:\n    42:\n" },
    source: "inv.yml",
    message: /Host pattern 42 must be a string/,
  },
  {
    name: "children cycle",
    files: { "inv.yml": "a:\n  children:\n    b:\n      children:\n        a:\n" },
    source: "inv.yml",
    message: /recursive dependency loop/,
  },
  {
    name: "invalid YAML that is no INI either",
    files: { "inv.yml": "web:\n  hosts: {a: 1\n" },
    source: "inv.yml",
    message: /as YAML: .*; as INI: /s,
  },
  {
    name: "plugin configuration",
    files: { "inv.yml": "plugin: nonexistent.collection.thing\n" },
    source: "inv.yml",
    message: /plugin configuration \(plugin: nonexistent.collection.thing\) is not supported/,
  },
  {
    name: "script exiting non-zero",
    files: { "inv.sh": exec("#!/bin/sh\necho boom >&2\nexit 3\n") },
    source: "inv.sh",
    message: /Inventory script \(.*inv.sh\) had an execution error: boom/,
  },
  {
    name: "script printing something that is not JSON",
    files: { "inv.sh": exec("#!/bin/sh\necho 'web: [a]'\n") },
    source: "inv.sh",
    message: /failed to parse executable inventory script results from .*inv.sh/,
  },
  {
    name: "script printing a JSON list",
    files: { "inv.sh": exec("#!/bin/sh\necho '[1, 2]'\n") },
    source: "inv.sh",
    message: /needs to be a json dict/,
  },
  {
    name: "script group with a string host list",
    files: { "inv.sh": exec(`#!/bin/sh\necho '{"web": {"hosts": "a"}}'\n`) },
    source: "inv.sh",
    message: /You defined a group 'web' with bad data for the host list/,
  },
  {
    name: "script without _meta answering --host with nothing",
    files: {
      "inv.sh": exec(`#!/bin/sh\n[ "$1" = --list ] && echo '{"web": ["a"]}'\nexit 0\n`),
    },
    source: "inv.sh",
    message: /expected dictionary and got:\s+None/,
  },
  {
    name: "group_vars file holding a list",
    files: { "hosts": "[web]\nw1\n", "group_vars/web.yml": "- a\n- b\n" },
    source: "hosts",
    message: /group_vars\/web.yml: failed to combine variables, expected dicts but got a 'list'/,
  },
  {
    name: "invalid ansible_group_priority",
    files: { "hosts": "[web]\nw1\n[web:vars]\nansible_group_priority=high\n" },
    source: "hosts",
    message: /invalid literal for int\(\) with base 10: 'high'/,
  },
];

Deno.test("errors: malformed inventories throw InventoryError naming the source, and Ansible rejects them too", async (t) => {
  const peers = await askAll(BAD, 6, (c) =>
    ansibleInventoryList({
      files: c.files,
      sources: [c.source],
      env: { ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED: "True" },
    }));
  for (const [i, c] of BAD.entries()) {
    await t.step(c.name, async () => {
      await withTempDir(async (dir) => {
        await writeTree(dir, c.files);
        await assert.rejects(
          () => loadInventory([c.source], { cwd: dir }),
          (e: unknown) => {
            assert.ok(e instanceof InventoryError, `${c.name}: ${e}`);
            assert.ok(e.message.includes(`${dir}/`), `${c.name}: no path in ${e.message}`);
            assert.match(e.message, c.message, c.name);
            return true;
          },
          `${c.name}: loaded without error`,
        );
      });
      const peer = peers[i]();
      assert.notEqual(
        peer.rc,
        0,
        `${c.name}: ansible-inventory accepted it:\n${JSON.stringify(peer.list)}`,
      );
    });
  }
});

Deno.test("errors: a source that does not exist is an InventoryError", async () => {
  await withTempDir(async (root) => {
    await assert.rejects(
      () => loadInventory(["nope/hosts"], { cwd: root }),
      (e: unknown) =>
        e instanceof InventoryError &&
        e.message === `Inventory source ${root}/nope/hosts does not exist`,
    );
  });
});

Deno.test("errors: loading with _meta spawns the script once, however many hosts", async () => {
  await withTempDir(async (root) => {
    const hosts = Array.from({ length: 2000 }, (_, i) => `h${i}`);
    const list = {
      web: { hosts },
      _meta: { hostvars: Object.fromEntries(hosts.map((h) => [h, { n: h }])) },
    };
    await writeTree(root, {
      "list.json": JSON.stringify(list),
      "inv.sh": exec(
        `#!/bin/sh\necho x >> "$(/bin/dirname "$0")/calls"\n/bin/cat "$(/bin/dirname "$0")/list.json"\n`,
      ),
    });
    const started = performance.now();
    const inv = await loadInventory(["inv.sh"], { cwd: root });
    const elapsed = performance.now() - started;
    assert.equal((await Deno.readTextFile(`${root}/calls`)).trim(), "x");
    assert.equal(inv.groupHosts("all").length, 2000);
    assert.equal(inv.hostVars("h1999").n, "h1999");
    assert.ok(elapsed < 3000, `loading took ${elapsed} ms`);
  });
});
