/**
 * Host patterns against `ansible PATTERN --list-hosts` (recorded): the hosts,
 * their order, the warnings and the errors. One step per pattern.
 */
import assert from "node:assert/strict";
import { loadInventory } from "../../../src/engine/inventory/mod.ts";
import { HostPatternError, selectHosts } from "../../../src/engine/patterns/mod.ts";
import { placeAnswer, type Tree, writeTree } from "../../_oracles/ansible_cli.ts";
import { ansibleListHosts, type ListHostsResult } from "../../_oracles/ansible_inventory.ts";
import { askAll, withTempDir } from "../_support.ts";

// Every group below has at most one parent with child groups per level, so
// Ansible's host order is deterministic (it walks deeper levels through a
// Python set) and is compared exactly.
const MAIN_INVENTORY = `ungrouped1
[web]
web1
web2
web3
[db]
db1
db2
web3
[prod:children]
web
db
[prod]
prodonly
[staging]
stage1
stage2
[eu]
web1
db2
[deep:children]
prod
[admins]
admin1
`;

// A YAML inventory where `all` lists hosts itself and declaration order
// differs from Ansible's play order.
const YAML_INVENTORY = `all:
  children:
    grand:
      children:
        parent:
          children:
            kid:
              hosts:
                k2:
                k1:
          hosts:
            p1:
      hosts:
        g1:
  hosts:
    top2:
    top1:
    k1:
`;

const LOCAL_INVENTORY = `[local]
127.0.0.1 ansible_connection=local
[web]
w1
`;

interface Case {
  inv: "main" | "yaml" | "local";
  pattern: string;
  limit?: string;
}

const CASES: Case[] = [
  { inv: "main", pattern: "all" },
  { inv: "main", pattern: "*" },
  { inv: "main", pattern: "web" },
  { inv: "main", pattern: "web1" },
  { inv: "main", pattern: "web*" },
  { inv: "main", pattern: "*1" },
  { inv: "main", pattern: "web?" },
  { inv: "main", pattern: "[ab]*" },
  { inv: "main", pattern: "~web[0-9]" },
  { inv: "main", pattern: "~(?i)WEB1" },
  { inv: "main", pattern: "~db.*" },
  { inv: "main", pattern: "web:db" },
  { inv: "main", pattern: "db,web" },
  { inv: "main", pattern: "web1:web2" },
  { inv: "main", pattern: "web:&eu" },
  { inv: "main", pattern: "prod:!web" },
  { inv: "main", pattern: "prod:!web:&eu" },
  { inv: "main", pattern: "!web:&eu:prod" },
  { inv: "main", pattern: "!web" },
  { inv: "main", pattern: "&eu" },
  { inv: "main", pattern: "web,&eu,!web2" },
  { inv: "main", pattern: "web[0]" },
  { inv: "main", pattern: "web[-1]" },
  { inv: "main", pattern: "web[1:]" },
  { inv: "main", pattern: "web[0:1]" },
  { inv: "main", pattern: "prod[1:3]" },
  { inv: "main", pattern: "prod[2:10]" },
  { inv: "main", pattern: "web[0:0]" },
  { inv: "main", pattern: "web[2:1]" },
  { inv: "main", pattern: "db[0-1]" },
  { inv: "main", pattern: "*[0]" },
  { inv: "main", pattern: "db[12]" },
  { inv: "main", pattern: "~[" },
  { inv: "main", pattern: "~web(" },
  { inv: "main", pattern: "eu[5]" },
  { inv: "main", pattern: "missing" },
  { inv: "main", pattern: "web:missing:&nothere" },
  { inv: "main", pattern: "ungrouped" },
  { inv: "main", pattern: "al*" },
  { inv: "main", pattern: "ungr*" },
  { inv: "main", pattern: "localhost" },
  { inv: "main", pattern: "127.0.0.1,web1" },
  { inv: "main", pattern: "::1" },
  { inv: "main", pattern: "all", limit: "web" },
  { inv: "main", pattern: "all", limit: "!db" },
  { inv: "main", pattern: "prod", limit: "eu:stage1" },
  { inv: "main", pattern: "web", limit: "@LIMITFILE" },
  { inv: "main", pattern: "localhost", limit: "web" },
  { inv: "main", pattern: "web", limit: "nothing" },
  { inv: "yaml", pattern: "all" },
  { inv: "yaml", pattern: "grand" },
  { inv: "yaml", pattern: "k*" },
  { inv: "yaml", pattern: "*" },
  { inv: "yaml", pattern: "grand[1:2]" },
  { inv: "local", pattern: "localhost" },
  { inv: "local", pattern: "127.0.0.1" },
  { inv: "local", pattern: "all" },
];

/** Ansible's warnings that selectHosts reproduces (others are about inventory parsing). */
function patternWarnings(warnings: string[]): string[] {
  return warnings.filter((w) =>
    w.startsWith("Could not match supplied host pattern") || w.startsWith("Use [x:y]")
  ).sort();
}

const SOURCES: Record<Case["inv"], { path: string; text: string }> = {
  main: { path: "main/hosts", text: MAIN_INVENTORY },
  yaml: { path: "yaml/hosts.yml", text: YAML_INVENTORY },
  local: { path: "local/hosts", text: LOCAL_INVENTORY },
};

/** The files a case needs: its inventory, and the limit file when it names it. */
function filesOf(c: Case): Tree {
  const files: Tree = { [SOURCES[c.inv].path]: SOURCES[c.inv].text };
  if (c.limit?.includes("@LIMITFILE")) files["limit.txt"] = "web1\n\nweb3\n";
  return files;
}

const labelOf = (c: Case) => `${c.inv}: ${c.pattern}${c.limit ? ` --limit ${c.limit}` : ""}`;

/**
 * Ansible's answer for a case. Without --limit, the ansible CLI turns pattern
 * errors into "No hosts matched, nothing to do"; for those, a second run with
 * `--limit all` (same hosts for non-localhost patterns) shows the error itself.
 */
async function peerOf(c: Case): Promise<ListHostsResult> {
  const question = { files: filesOf(c), sources: [SOURCES[c.inv].path], pattern: c.pattern };
  const limit = c.limit?.replace("LIMITFILE", "<DIR>/limit.txt");
  const first = await ansibleListHosts(limit === undefined ? question : { ...question, limit });
  if (
    c.limit === undefined && first.hosts.length === 0 &&
    first.warnings.includes("No hosts matched, nothing to do")
  ) {
    const again = await ansibleListHosts({ ...question, limit: "all" });
    return { ...again, warnings: first.warnings };
  }
  return first;
}

Deno.test("patterns: selectHosts matches `ansible PATTERN --list-hosts` (hosts, order, warnings, errors)", async (t) => {
  assert.ok(CASES.length >= 25);
  const peers = await askAll(CASES, 8, peerOf);
  let errors = 0;
  for (const [i, c] of CASES.entries()) {
    await t.step(labelOf(c), async () => {
      await withTempDir(async (root) => {
        await writeTree(root, filesOf(c));
        // A fresh inventory per case: like Ansible, an inventory keeps the
        // implicit localhost it created for an earlier pattern.
        const inventory = await loadInventory([SOURCES[c.inv].path], { cwd: root });
        const limit = c.limit?.replace("LIMITFILE", `${root}/limit.txt`);
        const peer = placeAnswer(peers[i](), root);
        if (peer.error) {
          errors++;
          assert.throws(
            () => selectHosts(inventory, c.pattern, limit),
            (e: unknown) => e instanceof HostPatternError && peer.error!.includes(e.message),
            `expected HostPatternError like "${peer.error}"`,
          );
          return;
        }
        const ours = selectHosts(inventory, c.pattern, limit);
        assert.deepEqual(ours.hosts, peer.hosts);
        assert.deepEqual(ours.warnings.slice().sort(), patternWarnings(peer.warnings));
      });
    });
  }
  assert.ok(errors >= 2, "some patterns exercise Ansible errors");
});

Deno.test("patterns: limit @file: missing file, directory, relative to options.cwd", async () => {
  await withTempDir(async (root) => {
    await writeTree(root, { "hosts": "[web]\nw1\n" });
    const inv = await loadInventory(["hosts"], { cwd: root });
    assert.throws(
      () => selectHosts(inv, "all", `@${root}/nope.txt`),
      (e: unknown) => e instanceof HostPatternError && /Unable to find limit file/.test(e.message),
    );
    assert.throws(
      () => selectHosts(inv, "all", `@${root}`),
      (e: unknown) => e instanceof HostPatternError && /must be a file/.test(e.message),
    );
    assert.deepEqual(selectHosts(inv, "all", "").hosts, ["w1"]);
    await writeTree(root, { "lim/file": "nothing\nw1\n" });
    assert.deepEqual(selectHosts(inv, "all", "@lim/file", { cwd: root }), {
      hosts: ["w1"],
      warnings: ["Could not match supplied host pattern, ignoring: nothing"],
    });
  });
});
