/**
 * `gather_facts`: the action behind a play's implicit "Gathering Facts" task.
 * It runs `setup` (on Linux targets that is all Ansible's action does), and
 * its events name `gather_facts` as Ansible's do (`task_action`,
 * `resolved_action`), which AWX shows and counts.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { type SetupArgs, setupModule } from "./setup.ts";

/**
 * The `gather_facts` module: `setup`'s arguments and results under its own name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gatherFactsModule } from "./gather_facts.ts";
 *
 * assert.equal(gatherFactsModule.fqcn, "ansible.builtin.gather_facts");
 * ```
 */
export const gatherFactsModule: ModuleDefinition<SetupArgs> = {
  ...setupModule,
  name: "gather_facts",
  fqcn: "ansible.builtin.gather_facts",
};
