/**
 * Loads the automation the planner chose (`src/planner/`): a baked-in one
 * from `automation/mod.ts`, or a file — the project's own
 * (`project/<playbook>.ts`, when the build policy allows it) or, in the
 * uncompiled entrypoint only, `TACHYON_AUTOMATION=path.ts`.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { toFileUrl } from "./file_url.ts";
import { AUTOMATIONS } from "../../automation/mod.ts";
import type { JobPlan } from "../planner/mod.ts";
import type { Automation } from "../engine/automation.ts";

/**
 * An automation could not be loaded (dev mode) or is not an automation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AutomationLoadError } from "./automation_catalog.ts";
 *
 * assert.equal(new AutomationLoadError("no default export").name, "AutomationLoadError");
 * ```
 */
export class AutomationLoadError extends Error {
  /** The error name. */
  override name = "AutomationLoadError";
}

/**
 * The automation the planner chose: a file (`TACHYON_AUTOMATION`, or the
 * project's own), else the baked-in one it names.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadPlannedAutomation } from "./automation_catalog.ts";
 *
 * const automation = await loadPlannedAutomation({
 *   route: "automation",
 *   mode: "auto",
 *   automation: "showcase",
 *   message: "tachyon: showcase.yml runs the automation showcase natively",
 * });
 * assert.equal(automation.name, "showcase");
 * ```
 */
export async function loadPlannedAutomation(plan: JobPlan): Promise<Automation> {
  if (plan.automationFile !== undefined) return await loadFromDisk(plan.automationFile);
  const automation = plan.automation === undefined ? undefined : AUTOMATIONS[plan.automation];
  if (automation === undefined) {
    throw new AutomationLoadError(`No automation named ${plan.automation} is baked in`);
  }
  return automation;
}

async function loadFromDisk(path: string): Promise<Automation> {
  const absolute = isAbsolute(path) ? path : resolve(path);
  let module: { default?: unknown };
  try {
    module = await import(toFileUrl(absolute));
  } catch (error) {
    throw new AutomationLoadError(`Cannot load ${path}: ${(error as Error).message}`);
  }
  const candidate = module.default as Partial<Automation> | undefined;
  if (!candidate || typeof candidate.run !== "function") {
    throw new AutomationLoadError(`${path} has no default export made by defineAutomation()`);
  }
  return candidate as Automation;
}
