/**
 * setup on a lab host against the real `ansible -m setup` (ansible-core
 * 2.14) on the SAME host, as root through sudo and as the login user: the same fact keys,
 * the same values for every key that does not move between two runs
 * (`VOLATILE` in `_setup_lab.ts` lists the others, with the reason), for
 * the default subset, `gather_subset` variants, `filter` (string and list),
 * local facts (`fact_path`: JSON, INI, executable, broken), and the same
 * error for a bad subset. setup only reads, so one host serves
 * every case.
 */
import assert from "node:assert/strict";
import { type LabFiles, startLabHosts } from "../../_support/lab/mod.ts";
import { withDeadline } from "../../_support/deadline.ts";
import { withTemp } from "./_support.ts";
import { ansibleSetup, factDifferences, type Json, tachyonSetup } from "./_setup_lab.ts";
import type { ModuleArgsInput } from "../../../src/engine/modules/module.ts";

const facts = (r: Json) => (r.ansible_facts ?? {}) as Json;

/** Local facts (`ansible_local`): JSON, INI, an executable one and one that is neither. */
const LOCAL_FACTS: LabFiles = {
  "/etc/ansible/facts.d/app.fact": '{"version": "1.2", "ports": [80, 443]}\n',
  "/etc/ansible/facts.d/settings.fact": "[general]\nName = web\nmode: fast\n\n[db]\nhost=db1\n",
  "/etc/ansible/facts.d/run.fact": {
    content: `#!/bin/sh\necho '{"ran": true, "uid": '"$(id -u)"'}'\n`,
    mode: 0o755,
  },
  "/etc/ansible/facts.d/broken.fact": "neither json = nor ini\n",
};

Deno.test("setup on a lab host returns Ansible's facts", async (t) => {
  await using lab = await withDeadline(
    240_000,
    "startLabHosts",
    () => startLabHosts({ count: 1, namePrefix: "facts", files: LOCAL_FACTS }),
  );
  const [host] = lab.hosts;
  await withTemp(async (dir) => {
    const both = (ansibleArgs: string, ours: ModuleArgsInput, become = true) =>
      withDeadline(180_000, `setup ${ansibleArgs}`, async () => {
        const theirs = await ansibleSetup(dir, lab, host, ansibleArgs, become);
        const mine = await tachyonSetup(dir, lab, host, ours, become);
        return { theirs, mine };
      });

    await t.step("every fact, same keys and non-volatile values", async () => {
      const { theirs, mine } = await both("", undefined);
      assert.equal(
        theirs.failed,
        undefined,
        JSON.stringify(theirs).slice(0, 500),
      );
      assert.equal(mine.changed, false);
      assert.equal(theirs.changed, false);
      assert.deepEqual(factDifferences(facts(mine), facts(theirs)), []);
      assert.ok(
        Object.keys(facts(theirs)).length > 100,
        "Ansible's full Linux set",
      );
      assert.ok("ansible_eth0" in facts(mine) && "ansible_lo" in facts(mine));
      assert.deepEqual((facts(mine).ansible_local as Json).run, { ran: true, uid: 0 });
    });

    await t.step("every fact as the login user (no become)", async () => {
      const { theirs, mine } = await both("", undefined, false);
      assert.deepEqual(factDifferences(facts(mine), facts(theirs)), []);
      assert.equal(facts(mine).ansible_user_id, "lab-sudo");
    });

    await t.step(
      "gather_subset variants gather the same collectors",
      async () => {
        const cases: [string, string[]][] = [
          ["gather_subset=!all", ["!all"]],
          ["gather_subset=!all,!min,network", ["!all", "!min", "network"]],
          ["gather_subset=all,!hardware", ["all", "!hardware"]],
          ["gather_subset=!all,mounts,virtual", ["!all", "mounts", "virtual"]],
        ];
        for (const [ansibleArgs, subset] of cases) {
          const { theirs, mine } = await both(ansibleArgs, {
            gather_subset: subset,
          });
          assert.deepEqual(
            factDifferences(facts(mine), facts(theirs)),
            [],
            ansibleArgs,
          );
          assert.deepEqual(
            facts(mine).gather_subset,
            facts(theirs).gather_subset,
            ansibleArgs,
          );
        }
      },
    );

    await t.step("filter, as a string and as a list", async () => {
      const cases: [string, ModuleArgsInput][] = [
        ["filter=ansible_distribution*", { filter: "ansible_distribution*" }],
        ["filter=*_mb,eth0,ansible_lsb", {
          filter: ["*_mb", "eth0", "ansible_lsb"],
        }],
        ["filter=gather_subset", { filter: ["gather_subset"] }],
      ];
      for (const [ansibleArgs, args] of cases) {
        const { theirs, mine } = await both(ansibleArgs, args);
        assert.deepEqual(
          Object.keys(facts(mine)).sort(),
          Object.keys(facts(theirs)).sort(),
          ansibleArgs,
        );
        assert.deepEqual(
          factDifferences(facts(mine), facts(theirs)),
          [],
          ansibleArgs,
        );
      }
    });

    await t.step("a bad subset fails with Ansible's message", async () => {
      const { theirs, mine } = await both("gather_subset=bogus", {
        gather_subset: ["bogus"],
      });
      assert.match(String(theirs.msg), /^Bad subset 'bogus' given to Ansible/);
      assert.equal(mine.failed, true);
      assert.equal(mine.msg, theirs.msg);
    });
  });
});
