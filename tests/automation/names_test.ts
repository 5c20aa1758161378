import assert from "node:assert/strict";
import { AUTOMATION_NAMES, DEFAULT_AUTOMATION_NAME } from "../../automation/names.ts";
import { AUTOMATIONS, DEFAULT_AUTOMATION } from "../../automation/mod.ts";

Deno.test("the planner's automation names are exactly the baked-in automations", () => {
  assert.deepEqual([...AUTOMATION_NAMES].sort(), Object.keys(AUTOMATIONS).sort());
  assert.equal(AUTOMATIONS[DEFAULT_AUTOMATION_NAME], DEFAULT_AUTOMATION);
});
