/**
 * setup: factGroups follows Ansible's gather_subset rules. Gathering facts
 * (slow: dozens of commands) and comparing them with what Ansible gathers on
 * this machine (facts are the machine's, not recordable) is in
 * `setup_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { factGroups } from "../../../src/engine/modules/setup.ts";

Deno.test("factGroups follows Ansible's gather_subset rules", () => {
  assert.deepEqual(factGroups(["all"]), { hardware: true, network: true });
  assert.deepEqual(factGroups(["!all"]), { hardware: false, network: false });
  assert.deepEqual(factGroups(["min"]), { hardware: false, network: false });
  assert.deepEqual(factGroups(["!hardware"]), { hardware: false, network: true });
  assert.deepEqual(factGroups(["!all", "network"]), { hardware: false, network: true });
});
