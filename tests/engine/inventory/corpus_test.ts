/**
 * The inventory corpus against the real Ansible: `ansible-inventory --list`
 * and per-host `inventory_hostname`/`group_names`, recorded (see
 * `tests/_oracles/ansible_inventory.ts`). One step per corpus inventory.
 */
import assert from "node:assert/strict";
import { loadInventory } from "../../../src/engine/inventory/mod.ts";
import { placeAnswer, writeTree } from "../../_oracles/ansible_cli.ts";
import { ansibleHostExpr, ansibleInventoryList } from "../../_oracles/ansible_inventory.ts";
import { askAll, withTempDir } from "../_support.ts";
import { CORPUS } from "./corpus.ts";

type Json = Record<string, unknown>;

/**
 * The one normalisation applied to Ansible's output: `!unsafe` strings,
 * which ansible-inventory prints as `{"__ansible_unsafe": "s"}`, are plain
 * strings in tachyon (in Ansible they are `str` subclasses too).
 */
function normalizePeer(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizePeer);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === "__ansible_unsafe") return o.__ansible_unsafe;
    return Object.fromEntries(keys.map((k) => [k, normalizePeer(o[k])]));
  }
  return v;
}

/**
 * Compares tachyon's `toAnsibleList()` with `ansible-inventory --list`:
 * the same groups, each with the same `hosts` and `children` in the same
 * order, the same hosts in `_meta.hostvars`, each with the same variables
 * and values (compared after JSON parsing, so Python's `1.0` equals JS's
 * `1`; see {@link normalizePeer} for the one other normalisation).
 */
function compareLists(name: string, ours: Json, peer: Json): void {
  const groupsOf = (l: Json) => Object.keys(l).filter((k) => k !== "_meta").sort();
  assert.deepEqual(groupsOf(ours), groupsOf(peer), `${name}: group set`);
  for (const g of groupsOf(peer)) {
    assert.deepEqual(ours[g], peer[g], `${name}: group ${g}`);
  }
  const hv = (l: Json) => (l._meta as Json).hostvars as Record<string, Json>;
  const ourVars = hv(ours);
  const peerVars = hv(peer);
  assert.deepEqual(Object.keys(ourVars).sort(), Object.keys(peerVars).sort(), `${name}: hosts`);
  for (const h of Object.keys(peerVars)) {
    assert.deepEqual(
      Object.keys(ourVars[h]).sort(),
      Object.keys(peerVars[h]).sort(),
      `${name}: var names of ${h}`,
    );
    for (const v of Object.keys(peerVars[h])) {
      assert.deepEqual(ourVars[h][v], peerVars[h][v], `${name}: ${h}.${v}`);
    }
  }
}

Deno.test("corpus: tachyon matches ansible-inventory --list on every inventory", async (t) => {
  assert.ok(CORPUS.length >= 12, "corpus has at least 12 inventories");
  const peers = await askAll(
    CORPUS,
    6,
    (c) => ansibleInventoryList({ files: c.files, sources: c.peerSources ?? c.sources }),
  );
  for (const [i, c] of CORPUS.entries()) {
    await t.step(c.name, async () => {
      const peer = peers[i]();
      assert.equal(peer.rc, 0, `${c.name}: ansible-inventory failed`);
      await withTempDir(async (dir) => {
        await writeTree(dir, c.files);
        const warnings: string[] = [];
        const inv = await loadInventory(c.sources, { cwd: dir, warn: (m) => warnings.push(m) });
        const list = normalizePeer(placeAnswer(peer.list, dir)) as Json;
        compareLists(c.name, inv.toAnsibleList(), list);
        for (const w of c.warnings ?? []) {
          assert.ok(
            warnings.some((x) => x.includes(w)),
            `${c.name}: expected a warning with "${w}", got ${JSON.stringify(warnings)}`,
          );
        }
      });
    });
  }
});

Deno.test("corpus: inventory_hostname and group_names match Ansible's for every host", async (t) => {
  const expr = "{'ih': inventory_hostname, 'gn': group_names}";
  const peers = await askAll(
    CORPUS,
    6,
    (c) =>
      ansibleHostExpr({
        files: c.files,
        sources: c.peerSources ?? c.sources,
        pattern: "all",
        expr,
      }),
  );
  for (const [i, c] of CORPUS.entries()) {
    await t.step(c.name, async () => {
      await withTempDir(async (dir) => {
        await writeTree(dir, c.files);
        const inv = await loadInventory(c.sources, { cwd: dir });
        const peer = peers[i]();
        if (inv.hosts.size === 0) {
          assert.deepEqual(peer.values, {}, `${c.name}: Ansible has hosts`);
          return;
        }
        assert.equal(peer.rc, 0, `${c.name}: ansible debug failed: ${peer.output}`);
        const values = placeAnswer(peer.values, dir);
        assert.deepEqual(Object.keys(values).sort(), [...inv.hosts.keys()].sort(), "hosts");
        for (const [host, value] of Object.entries(values)) {
          const vars = inv.hostVars(host);
          assert.deepEqual({ ih: vars.inventory_hostname, gn: vars.group_names }, value, host);
        }
      });
    });
  }
});

Deno.test("corpus: implicit localhost gets all-group vars, group_vars/all and host_vars", async () => {
  const files = {
    "inv/hosts": "[all:vars]\nav=1\n[web]\nw1\n",
    "inv/group_vars/all.yml": "gv: 2\n",
    "inv/host_vars/localhost.yml": "hv: 3\n",
  };
  const expr = "{'c': ansible_connection, 'av': av, 'gv': gv, 'hv': hv, 'gn': group_names}";
  const peer = await ansibleHostExpr({ files, sources: ["inv/hosts"], pattern: "localhost", expr });
  assert.equal(peer.rc, 0, `ansible debug failed: ${peer.output}`);
  await withTempDir(async (root) => {
    await writeTree(root, files);
    const inv = await loadInventory(["inv/hosts"], { cwd: root });
    assert.equal(inv.hosts.has("localhost"), false);
    const before = inv.implicitLocalhost;
    assert.equal(before, undefined);
    const v = inv.hostVars("localhost");
    assert.deepEqual(
      { c: v.ansible_connection, av: v.av, gv: v.gv, hv: v.hv, gn: v.group_names },
      peer.values.localhost,
    );
    assert.equal(inv.implicitLocalhost?.name, "localhost");
    assert.equal(inv.groupHosts("all").includes("localhost"), false);
  });
});
