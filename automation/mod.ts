/**
 * The automations baked into the binary, by playbook stem. Each is imported
 * statically so that `deno compile` embeds it.
 *
 * @module
 */
import type { Automation } from "../src/engine/automation.ts";
import main from "./main.ts";
import showcase from "./showcase.ts";

/**
 * Automations by the playbook stem that selects them (`site.yml` → `site`).
 *
 * @example
 * ```ts
 * AUTOMATIONS["main"].name; // "main"
 * ```
 */
export const AUTOMATIONS: Readonly<Record<string, Automation>> = Object.freeze({
  main,
  showcase,
});

/** The automation a job runs when its playbook names none of {@linkcode AUTOMATIONS}. */
export const DEFAULT_AUTOMATION: Automation = main;
