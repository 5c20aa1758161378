/**
 * `debug`: prints a message or a variable, on the controller.
 *
 * @module
 */
import { ModuleArgsError, type ModuleDefinition, objectArgs } from "./module.ts";
import { parseKeyValue } from "../key_value.ts";
import type { ModuleResult } from "../types.ts";

/** Arguments of `debug`. */
export interface DebugArgs {
  /** The message (default `Hello world!`). */
  msg?: unknown;
  /** A variable name to show instead of `msg`. */
  var?: string;
  /** Minimum verbosity for the message to be shown. */
  verbosity: number;
}

/**
 * The `debug` module (controller-only).
 *
 * @example
 * ```ts
 * await play.debug({ msg: "hello" });
 * ```
 */
export const debugModule: ModuleDefinition<DebugArgs> = {
  name: "debug",
  fqcn: "ansible.builtin.debug",
  controllerOnly: true,
  supportsCheckMode: true,
  parseArgs(input) {
    const args = objectArgs("debug", input, ["msg", "var", "verbosity"], (t) => {
      const { params, raw } = parseKeyValue(t);
      return raw ? { msg: raw, ...params } : params;
    });
    if (args.msg !== undefined && args.var !== undefined) {
      throw new ModuleArgsError("debug", "parameters are mutually exclusive: msg|var");
    }
    return {
      msg: args.msg,
      var: args.var === undefined ? undefined : String(args.var),
      verbosity: Number(args.verbosity ?? 0),
    };
  },
  run(ctx, args): Promise<ModuleResult> {
    if (args.var !== undefined) {
      const value = lookup(ctx.vars, args.var);
      return Promise.resolve({
        [args.var]: value === undefined ? "VARIABLE IS NOT DEFINED!" : value,
        _ansible_verbose_always: true,
        changed: false,
      });
    }
    return Promise.resolve({
      msg: args.msg === undefined ? "Hello world!" : args.msg,
      _ansible_verbose_always: true,
      changed: false,
    });
  },
};

function lookup(vars: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = vars;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
