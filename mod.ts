/**
 * tachyon's library surface: the automation API that `automation/*.ts`
 * modules use.
 *
 * @example
 * ```ts
 * import { defineAutomation } from "./mod.ts";
 *
 * export default defineAutomation({
 *   name: "hello",
 *   async run(ctx) {
 *     await ctx.play("Hello", "all", async (play) => {
 *       await play.debug("hello");
 *     });
 *   },
 * });
 * ```
 *
 * @module
 */
export {
  type Automation,
  type AutomationContext,
  type DebugMessage,
  defineAutomation,
  type Play,
  type TaskOptions,
  TaskResults,
} from "./src/engine/automation.ts";
export type { HostTaskResult, HostView } from "./src/engine/executor.ts";
export type { ModuleArgsInput } from "./src/engine/modules/module.ts";
export type { Inventory, InventoryGroup, InventoryHost } from "./src/engine/inventory/mod.ts";
export type { HostOutcome, HostStats, ModuleResult } from "./src/engine/types.ts";
export { VERSION } from "./src/version.ts";
