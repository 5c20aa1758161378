/**
 * Picks the automation a job runs: `automation/<stem>.ts` for the playbook AWX
 * named, else the default `automation/main.ts`; in the uncompiled entrypoint
 * only, `TACHYON_AUTOMATION=path.ts` loads one from disk.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { toFileUrl } from "./file_url.ts";
import { AUTOMATIONS, DEFAULT_AUTOMATION } from "../../automation/mod.ts";
import type { Automation } from "../engine/automation.ts";
import { readEnv } from "./env.ts";

/**
 * An automation could not be loaded (dev mode) or is not an automation.
 *
 * @example
 * ```ts
 * throw new AutomationLoadError("automation/x.ts has no default export made by defineAutomation");
 * ```
 */
export class AutomationLoadError extends Error {
  override name = "AutomationLoadError";
}

/**
 * The automation for `playbook` (e.g. `site.yml` → `automation/site.ts`).
 *
 * @example
 * ```ts
 * const automation = await selectAutomation("site.yml");
 * ```
 */
export async function selectAutomation(playbook: string | undefined): Promise<Automation> {
  const fromDisk = Deno.build.standalone ? undefined : readEnv("TACHYON_AUTOMATION");
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
