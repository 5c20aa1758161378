/**
 * The contract every module implements.
 *
 * @module
 */
import type { Connection } from "../connection/connection.ts";
import type { ModuleResult } from "../types.ts";

/**
 * What a module gets when it runs on one host.
 *
 * @example
 * ```ts
 * import type { ModuleContext } from "./module.ts";
 * const where = (ctx: ModuleContext) => `${ctx.host}${ctx.check ? " (check mode)" : ""}`;
 * ```
 */
export interface ModuleContext {
  /** The host's inventory name. */
  readonly host: string;
  /** The host's variables: inventory vars, then facts tasks reported, then extra vars. */
  readonly vars: Readonly<Record<string, unknown>>;
  /** Opens (or reuses) the host's connection. */
  connection(): Promise<Connection>;
  /** Check mode: report what would change, change nothing. */
  readonly check: boolean;
  /** Diff mode: include a `diff` in results where the module supports it. */
  readonly diff: boolean;
  /** Aborted on cancel and timeouts. */
  readonly signal: AbortSignal;
  /** The controller side of the job (where local files and fetched files live). */
  readonly controller: ControllerPaths;
}

/**
 * Paths on the controller (the worker's machine) that modules may use.
 *
 * @example
 * ```ts
 * import type { ControllerPaths } from "./module.ts";
 * const paths: ControllerPaths = { projectDir: "/runner/project", privateDataDir: "/runner" };
 * ```
 */
export interface ControllerPaths {
  /** Base for relative local paths (`copy src=`, `script`): the job's `project/` dir or its cwd. */
  readonly projectDir: string;
  /** The private data dir: controller-side writes (`fetch`) must stay inside it. */
  readonly privateDataDir: string;
  /** Where `setup` writes facts (`fact_cache/<host>`), when the job uses the fact cache. */
  readonly factCacheDir?: string;
}

/**
 * Module arguments as a task gives them: an object, or Ansible's free-form text.
 *
 * @example
 * ```ts
 * import type { ModuleArgsInput } from "./module.ts";
 * const inputs: ModuleArgsInput[] = [{ path: "/tmp/x" }, "path=/tmp/x state=touch", undefined];
 * ```
 */
export type ModuleArgsInput = Record<string, unknown> | string | undefined;

/**
 * A module: parses its arguments, then runs on one host at a time.
 *
 * @example
 * ```ts
 * import type { ModuleDefinition } from "./module.ts";
 * const ping: ModuleDefinition<{ data: string }> = {
 *   name: "ping",
 *   fqcn: "ansible.builtin.ping",
 *   supportsCheckMode: true,
 *   parseArgs: () => ({ data: "pong" }),
 *   run: async (ctx, args) => ({ ping: args.data }),
 * };
 * ```
 */
export interface ModuleDefinition<A = Record<string, unknown>> {
  /** Short name (`command`). */
  readonly name: string;
  /** Fully qualified name (`ansible.builtin.command`), shown as `resolved_action`. */
  readonly fqcn: string;
  /** Runs on the controller without touching the host (debug, fail, assert). */
  readonly controllerOnly?: boolean;
  /**
   * Runs once per task, for the first host only, as Ansible's action plugins
   * that bypass the host loop do (`pause`).
   */
  readonly runOnce?: boolean;
  /** Whether the module honours check mode (otherwise it is skipped in check mode). */
  readonly supportsCheckMode: boolean;
  /**
   * The parsed arguments that are Ansible options of type `path` on the
   * target: the executor expands `~`, `~user` and `$VAR` in them there
   * (`target_paths.ts`) before `run`, as `AnsibleModule` does. `a.b` names
   * field `b` of the object argument `a`.
   */
  readonly targetPaths?: readonly (keyof A & string | `${keyof A & string}.${string}`)[];
  /** Validates and normalizes arguments; throws {@linkcode ModuleArgsError}. */
  parseArgs(input: ModuleArgsInput): A;
  /** Runs on one host. Throw `UnreachableError` when the host cannot be reached. */
  run(ctx: ModuleContext, args: A): Promise<ModuleResult>;
}

/**
 * A task gave a module arguments it does not accept.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ModuleArgsError } from "./module.ts";
 * const error = new ModuleArgsError("ping", "Unsupported parameters for (ping) module: foo");
 * assert.equal(error.module, "ping");
 * ```
 */
export class ModuleArgsError extends Error {
  override name = "ModuleArgsError";
  /** The module's name. */
  readonly module: string;

  /** Creates the error for `module`. */
  constructor(module: string, message: string) {
    super(message);
    this.module = module;
  }
}

/**
 * Turns a task's arguments into an object: free-form text becomes its `k=v`
 * pairs plus `_raw_params`; unknown keys are rejected.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { objectArgs } from "./module.ts";
 * import { parseKeyValue } from "../key_value.ts";
 * const allowed = ["msg", "var", "verbosity"];
 * assert.deepEqual(objectArgs("debug", { msg: "hi" }, allowed), { msg: "hi" });
 * assert.deepEqual(objectArgs("debug", "msg=hi", allowed, (t) => parseKeyValue(t).params), {
 *   msg: "hi",
 * });
 * assert.throws(() => objectArgs("debug", { mesg: "hi" }, allowed), /Unsupported parameters/);
 * ```
 */
export function objectArgs(
  module: string,
  input: ModuleArgsInput,
  allowed: readonly string[],
  parseFreeForm?: (text: string) => Record<string, unknown>,
): Record<string, unknown> {
  const args = typeof input === "string" ? (parseFreeForm?.(input) ?? {}) : { ...(input ?? {}) };
  const unknown = Object.keys(args).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new ModuleArgsError(
      module,
      `Unsupported parameters for (${module}) module: ${unknown.sort().join(", ")}. ` +
        `Supported parameters include: ${[...allowed].sort().join(", ")}.`,
    );
  }
  return args;
}
