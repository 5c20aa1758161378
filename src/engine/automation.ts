/**
 * The TypeScript automation API: what an automation under `automation/`
 * exports, the context it runs with, and the typed module calls of a play.
 * Types and `defineAutomation` only; the objects behind them are built by
 * `play.ts` and `run.ts`.
 *
 * @module
 */
import type { InventoryView } from "./inventory/view.ts";
import type { HostView, PlayOptions, TaskOptions } from "./types.ts";
import type {
  ModuleName,
  ModuleTaskArgs,
  ShortModuleName,
  TaskArgsOf,
} from "./modules/task_args.ts";
import type { VarSchemas, VarsOf } from "./extra_vars.ts";
import type { TaskResults } from "./task_results.ts";

/**
 * A value `debug` can print.
 *
 * @example
 * ```ts
 * import type { DebugMessage } from "./automation.ts";
 * const msg: DebugMessage = { port: 8080, hosts: ["web1"] };
 * ```
 */
export type DebugMessage =
  | string
  | number
  | boolean
  | null
  | readonly unknown[]
  | { readonly [key: string]: unknown };

/**
 * The arguments after the module name of `play.task(module, …)`: the
 * module's typed arguments (or a function of the host giving them; required
 * when the module has a required parameter), then the task options.
 *
 * @example
 * ```ts
 * import type { TaskCall } from "./automation.ts";
 * const call: TaskCall<"file"> = [(host) => ({ path: `/srv/${host.name}`, state: "directory" })];
 * ```
 */
export type TaskCall<M extends ModuleName> = Partial<ModuleTaskArgs[ShortModuleName<M>]> extends
  ModuleTaskArgs[ShortModuleName<M>]
  ? [args?: TaskArgsOf<M> | ((host: HostView) => TaskArgsOf<M>), options?: TaskOptions]
  : [args: TaskArgsOf<M> | ((host: HostView) => TaskArgsOf<M>), options?: TaskOptions];

/**
 * A play: a named set of hosts that runs tasks in order (Ansible's linear
 * strategy: a host that fails or is unreachable takes no further tasks).
 *
 * @example
 * ```ts
 * import type { Play } from "./automation.ts";
 * const deploy = async (play: Play) => {
 *   await play.task("file", { path: "/srv/app", state: "directory", mode: "0755" });
 *   await play.command("systemctl restart app", { name: "Restart" });
 * };
 * ```
 */
export interface Play {
  /** The play's name. */
  readonly name: string;
  /** Hosts still active in the play. */
  readonly hosts: readonly string[];
  /**
   * Runs a built-in module as one task on the active hosts. The module name
   * and its arguments are type-checked (`ModuleTaskArgs` lists them).
   */
  task<M extends ModuleName>(module: M, ...call: TaskCall<M>): Promise<TaskResults>;
  /** `ping` on the active hosts. */
  ping(options?: TaskOptions): Promise<TaskResults>;
  /** `command` (no shell) on the active hosts. */
  command(cmd: string | ((host: HostView) => string), options?: TaskOptions): Promise<TaskResults>;
  /** `shell` on the active hosts. */
  shell(cmd: string | ((host: HostView) => string), options?: TaskOptions): Promise<TaskResults>;
  /** `debug` with a message (a value, or a function of the host). */
  debug(
    msg: DebugMessage | ((host: HostView) => unknown),
    options?: TaskOptions,
  ): Promise<TaskResults>;
}

/**
 * What an automation receives. `V` is the type of its extra vars: the
 * declared ones when it declares `vars`, else any.
 *
 * @example
 * ```ts
 * import type { AutomationContext } from "./automation.ts";
 * const targets = (ctx: AutomationContext) => ctx.hosts(String(ctx.vars.target_hosts ?? "all"));
 * ```
 */
export interface AutomationContext<
  V extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>,
> {
  /** The job's extra vars; declared ones validated, with their schema's defaults. */
  readonly vars: V;
  /** The job's inventory (read-only). */
  readonly inventory: InventoryView;
  /** Check mode (`--check`). */
  readonly check: boolean;
  /** Diff mode (`--diff`). */
  readonly diff: boolean;
  /** Aborted when the job is canceled or times out. */
  readonly signal: AbortSignal;
  /**
   * A host's variables, lowest precedence first: inventory (group vars,
   * host vars, `group_vars/` and `host_vars/` files, in Ansible's order),
   * then facts that tasks reported, then the defaults of the declared vars
   * the job did not send, then extra vars as the job sent them.
   */
  hostVars(host: string): Readonly<Record<string, unknown>>;
  /** Hosts a pattern selects (with the job's limit applied). */
  hosts(pattern: string): string[];
  /**
   * Runs `fn` as a play on the hosts `pattern` selects; `options` sets
   * become for all its tasks (`{ become: true, becomeUser: "app" }`).
   */
  play(
    name: string,
    pattern: string,
    fn: (play: Play) => Promise<void>,
    options?: PlayOptions,
  ): Promise<void>;
  /** Sets data for `artifact_data` of the final stats (AWX job artifacts). */
  setStats(data: Record<string, unknown>): void;
  /** Prints a line of output (a `verbose` event). */
  log(message: string): void;
  /** Prints a warning (a `warning` event). */
  warn(message: string): void;
}

/**
 * An automation: the default export of a module under `automation/`.
 *
 * @example
 * ```ts
 * import type { Automation } from "./automation.ts";
 * const noop: Automation = { name: "noop", run: async () => {} };
 * ```
 */
export interface Automation {
  /** A short name, shown as the playbook name when AWX sent none. */
  readonly name: string;
  /** What it does, for people listing automations. */
  readonly description?: string;
  /** The extra vars it reads, each with a schema; validated before it runs. */
  readonly vars?: VarSchemas;
  /** The automation's body. */
  run(ctx: AutomationContext): Promise<void>;
}

/**
 * The extra vars' type for declared schemas `S`: exactly the declared names
 * when there are any (a typo is a type error), else any name.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import type { DeclaredVars } from "./automation.ts";
 * const vars: DeclaredVars<{ port: v.NumberSchema<undefined> }> = { port: 80 };
 * ```
 */
export type DeclaredVars<S extends VarSchemas> = [keyof S] extends [never]
  ? Readonly<Record<string, unknown>>
  : VarsOf<S>;

/**
 * What `defineAutomation` takes.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import type { AutomationDefinition } from "./automation.ts";
 * const definition: AutomationDefinition<{ port: v.NumberSchema<undefined> }> = {
 *   name: "port",
 *   vars: { port: v.number() },
 *   run: async (ctx) => ctx.log(`port ${ctx.vars.port + 1}`),
 * };
 * ```
 */
export interface AutomationDefinition<S extends VarSchemas> {
  /** A short name, shown as the playbook name when AWX sent none. */
  name: string;
  /** What it does, for people listing automations. */
  description?: string;
  /**
   * The extra vars it reads, each with a Standard Schema (valibot, pinned in
   * `deno.json`): `ctx.vars` is then typed, and a value that does not match
   * fails the job before its first play, naming the variable.
   */
  vars?: S;
  /** The automation's body. */
  run(ctx: AutomationContext<DeclaredVars<S>>): Promise<void>;
}

/**
 * Defines an automation (the default export of `automation/<name>.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { defineAutomation } from "./automation.ts";
 *
 * const uptime = defineAutomation({
 *   name: "uptime",
 *   vars: { target_hosts: v.optional(v.string(), "all") },
 *   async run(ctx) {
 *     await ctx.play("Uptime", ctx.vars.target_hosts, async (play) => {
 *       await play.command("uptime");
 *     });
 *   },
 * });
 * assert.equal(uptime.name, "uptime");
 * ```
 */
export function defineAutomation<const S extends VarSchemas = Record<never, never>>(
  definition: AutomationDefinition<S>,
): Automation {
  return Object.freeze({ ...definition });
}
