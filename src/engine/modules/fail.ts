/**
 * `fail`: fails the host with a message, on the controller.
 *
 * @module
 */
import { ModuleArgsError, type ModuleDefinition } from "./module.ts";
import { parseKeyValue } from "../key_value.ts";
import type { ModuleResult } from "../types.ts";

/** Arguments of `fail`. */
export interface FailArgs {
  /** The message (default `Failed as requested from task`); any value. */
  msg: unknown;
}

/**
 * The `fail` module (controller-only): always fails.
 *
 * @example
 * ```ts
 * await play.task("fail", { msg: "unsupported platform" });
 * ```
 */
export const failModule: ModuleDefinition<FailArgs> = {
  name: "fail",
  fqcn: "ansible.builtin.fail",
  controllerOnly: true,
  supportsCheckMode: true,
  parseArgs(input) {
    const args = typeof input === "string" ? parseKeyValue(input).params : { ...(input ?? {}) };
    const unknown = Object.keys(args).filter((k) => k !== "msg");
    if (unknown.length > 0) {
      throw new ModuleArgsError("fail", `Invalid options for fail: ${unknown.sort().join(", ")}`);
    }
    return { msg: args.msg ?? "Failed as requested from task" };
  },
  run(_ctx, args): Promise<ModuleResult> {
    return Promise.resolve({ changed: false, failed: true, msg: args.msg });
  },
};
