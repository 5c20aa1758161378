/**
 * The names of the baked-in automations, without loading them: the planner
 * decides from these, and only a job that runs an automation imports
 * `automation/mod.ts` (and the automations' own dependencies).
 *
 * @module
 */

/**
 * The playbook stems that select a baked-in automation; `mod.ts` checks that
 * it exports exactly these.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AUTOMATION_NAMES } from "./names.ts";
 *
 * assert.ok(AUTOMATION_NAMES.includes("showcase"));
 * ```
 */
export const AUTOMATION_NAMES: readonly string[] = Object.freeze([
  "fleet",
  "main",
  "showcase",
]);

/**
 * The automation the `default-automation` playbook mode runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_AUTOMATION_NAME } from "./names.ts";
 *
 * assert.equal(DEFAULT_AUTOMATION_NAME, "main");
 * ```
 */
export const DEFAULT_AUTOMATION_NAME = "main";
