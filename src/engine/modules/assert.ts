/**
 * `assert`: checks conditions on the controller. Without Jinja, each
 * condition is a boolean or a function of the host's variables:
 * `that: [(vars) => vars.port === 443, true]`.
 *
 * @module
 */
import { ModuleArgsError, type ModuleDefinition } from "./module.ts";
import type { ModuleResult } from "../types.ts";

/** One condition: a boolean, or a function of the host's variables. */
export type Assertion = boolean | ((vars: Readonly<Record<string, unknown>>) => unknown);

/** Arguments of `assert`. */
export interface AssertArgs {
  /** The conditions, all of which must hold. */
  that: Assertion[];
  /** Message when one fails (`fail_msg`, else `msg`; a string or a list of strings). */
  failMsg: string | string[];
  /** Message when all hold. */
  successMsg: string | string[];
  /** Leave out `_ansible_verbose_always`. */
  quiet: boolean;
}

const VALID = ["fail_msg", "msg", "quiet", "success_msg", "that"];

function message(value: unknown, name: string, fallback: string): string | string[] {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value;
  throw new ModuleArgsError("assert", `Incorrect type for ${name}, expected a string or list`);
}

/**
 * The `assert` module (controller-only).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineAutomation } from "../automation.ts";
 * import { assertModule } from "./assert.ts";
 *
 * assert.equal(assertModule.fqcn, "ansible.builtin.assert");
 * const check = defineAutomation({
 *   name: "check",
 *   async run(ctx) {
 *     await ctx.play("Check", "all", async (play) => {
 *       await play.task("assert", { that: [(vars) => vars.env === "prod"], fail_msg: "not prod" });
 *     });
 *   },
 * });
 * assert.equal(check.name, "check");
 * ```
 */
export const assertModule: ModuleDefinition<AssertArgs> = {
  name: "assert",
  fqcn: "ansible.builtin.assert",
  controllerOnly: true,
  supportsCheckMode: true,
  parseArgs(input) {
    if (typeof input === "string") {
      throw new ModuleArgsError(
        "assert",
        "assert takes an object: `that` is a boolean or a function (vars) => boolean " +
          "(tachyon has no Jinja expressions)",
      );
    }
    const args = { ...(input ?? {}) };
    const unknown = Object.keys(args).filter((k) => !VALID.includes(k));
    if (unknown.length > 0) {
      throw new ModuleArgsError(
        "assert",
        `Invalid options for assert: ${unknown.sort().join(", ")}`,
      );
    }
    if (args.that === undefined) {
      throw new ModuleArgsError("assert", 'conditional required in "that" string');
    }
    const that = Array.isArray(args.that) ? args.that : [args.that];
    for (const t of that) {
      if (typeof t !== "boolean" && typeof t !== "function") {
        throw new ModuleArgsError(
          "assert",
          `each condition in "that" must be a boolean or a function (vars) => boolean, ` +
            `got ${JSON.stringify(t)} (tachyon has no Jinja expressions)`,
        );
      }
    }
    const quiet = args.quiet;
    return {
      that: that as Assertion[],
      failMsg: message(args.fail_msg ?? args.msg, "fail_msg or msg", "Assertion failed"),
      successMsg: message(args.success_msg, "success_msg", "All assertions passed"),
      quiet: quiet === true ||
        ["yes", "true", "on", "1", "y"].includes(String(quiet).toLowerCase()),
    };
  },
  run(ctx, args): Promise<ModuleResult> {
    const result: ModuleResult = { changed: false };
    if (!args.quiet) result._ansible_verbose_always = true;
    for (const that of args.that) {
      const shown = typeof that === "function" ? that.toString() : String(that);
      let value: unknown;
      try {
        value = typeof that === "function" ? that(ctx.vars) : that;
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        return Promise.resolve({
          ...result,
          failed: true,
          msg: `The conditional check '${shown}' failed. The error was: ${text}`,
        });
      }
      if (!value) {
        return Promise.resolve({
          ...result,
          failed: true,
          evaluated_to: false,
          assertion: shown,
          msg: args.failMsg,
        });
      }
    }
    return Promise.resolve({ ...result, msg: args.successMsg });
  },
};
