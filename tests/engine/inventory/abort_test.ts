/**
 * Inventory loading can always be stopped: an aborted signal stops it before
 * anything runs (the parts that kill scripts' process groups or time the
 * loader are in `abort_interop_test.ts`).
 */
import assert from "node:assert/strict";
import { loadInventory } from "../../../src/engine/inventory/mod.ts";
import { writeTree } from "../../_oracles/ansible_cli.ts";
import { withTempDir } from "../_support.ts";

class Stop extends Error {
  override name = "Stop";
}

const exec = (text: string) => ({ text, mode: 0o755 });

Deno.test("abort: an aborted signal stops before anything runs", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "inv": exec(`#!/bin/sh\ntouch ${dir}/ran\necho '{}'\n`) });
    const reason = new Stop("early");
    await assert.rejects(
      loadInventory([`${dir}/inv`], { signal: AbortSignal.abort(reason) }),
      (e) => e === reason,
    );
    await assert.rejects(Deno.stat(`${dir}/ran`), Deno.errors.NotFound);
  });
});
