/**
 * The automations baked into the binary, by playbook stem. Each is imported
 * statically so that `deno compile` embeds it.
 *
 * @module
 */
import type { Automation } from "../src/engine/automation.ts";
import fleet from "./fleet.ts";
import main from "./main.ts";
import showcase from "./showcase.ts";

/**
 * Automations by the playbook stem that selects them (`site.yml` → `site`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AUTOMATIONS } from "./mod.ts";
 * assert.equal(AUTOMATIONS["showcase"].name, "showcase");
 * ```
 */
export const AUTOMATIONS: Readonly<Record<string, Automation>> = Object.freeze({
  fleet,
  main,
  showcase,
});

/**
 * The automation a job runs when its playbook names none of {@linkcode AUTOMATIONS}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_AUTOMATION } from "./mod.ts";
 * assert.equal(DEFAULT_AUTOMATION.name, "main");
 * ```
 */
export const DEFAULT_AUTOMATION: Automation = main;
