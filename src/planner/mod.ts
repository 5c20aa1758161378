/**
 * The planner: what runs a job (a baked-in automation, tachyon's own ad hoc
 * module, the EE's Ansible, the default automation) and the policy that
 * allows it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { effectiveMode, planJob } from "./mod.ts";
 *
 * const plan = planJob({
 *   kwargs: { playbook: "site.yml" },
 *   argsFile: false,
 *   mode: effectiveMode("auto", undefined, undefined),
 *   automations: ["main"],
 *   defaultAutomation: "main",
 *   modules: ["ping"],
 * });
 * assert.equal(plan.route, "ansible");
 * ```
 *
 * @module
 */
export {
  AUTOMATION_LINE,
  automationNamedBy,
  type JobPlan,
  type JobRoute,
  type PlanInput,
  planJob,
  type PlaybookFile,
  playbookStem,
  type ProjectAutomation,
} from "./plan.ts";
export {
  BUILD_POLICY,
  type BuildPolicy,
  type EffectiveMode,
  effectiveMode,
  parseBuildPolicy,
  PLAYBOOK_MODES,
  type PlaybookMode,
  playbookMode,
  PlaybookPolicyError,
} from "./policy.ts";
