/**
 * Picks the automation a job runs: `automation/<stem>.ts` for the playbook AWX
 * named, else the default `automation/main.ts`; in the uncompiled entrypoint
 * only, `TACHYON_AUTOMATION=path.ts` (read with the job, see `job_spec.ts`)
 * loads one from disk.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { toFileUrl } from "./file_url.ts";
import { AUTOMATIONS, DEFAULT_AUTOMATION } from "../../automation/mod.ts";
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
 * The automation for `playbook` (e.g. `site.yml` → `automation/site.ts`), or
 * the one in `fromDisk` when given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectAutomation } from "./automation_catalog.ts";
 *
 * const automation = await selectAutomation("site.yml");
 * assert.equal(typeof automation.run, "function");
 * ```
 */
export async function selectAutomation(
  playbook: string | undefined,
  fromDisk?: string,
): Promise<Automation> {
  if (fromDisk) return await loadFromDisk(fromDisk);
  const stem = playbook?.replace(/^.*\//, "").replace(/\.(ya?ml|json|ts)$/, "");
  return (stem && AUTOMATIONS[stem]) || DEFAULT_AUTOMATION;
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
