/**
 * tachyon's library surface: the automation API that `automation/*.ts`
 * modules use.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as v from "valibot";
 * import { defineAutomation } from "./mod.ts";
 *
 * const hello = defineAutomation({
 *   name: "hello",
 *   vars: { greeting: v.optional(v.string(), "hello") },
 *   async run(ctx) {
 *     await ctx.play("Hello", "all", async (play) => {
 *       await play.debug(ctx.vars.greeting);
 *       await play.task("file", { path: "/tmp/hello", state: "touch", mode: "0644" });
 *     });
 *   },
 * });
 * assert.equal(hello.name, "hello");
 * ```
 *
 * @module
 */
export {
  type Automation,
  type AutomationContext,
  type AutomationDefinition,
  type DebugMessage,
  type DeclaredVars,
  defineAutomation,
  type Play,
  type TaskCall,
} from "./src/engine/automation.ts";
export { TaskResults } from "./src/engine/task_results.ts";
export { AutomationApiError } from "./src/engine/api_guard.ts";
export {
  ExtraVarsError,
  type VarIssue,
  type VarOutput,
  type VarResult,
  type VarSchema,
  type VarSchemas,
  type VarsOf,
} from "./src/engine/extra_vars.ts";
export type { HostTaskResult } from "./src/engine/executor.ts";
export type { Assertion } from "./src/engine/modules/assert.ts";
export type { ModuleArgsInput } from "./src/engine/modules/module.ts";
export type {
  AssertTaskArgs,
  BuiltinModule,
  CommandOptions,
  CommandTaskArgs,
  DebugTaskArgs,
  FailTaskArgs,
  ModuleName,
  ModuleTaskArgs,
  PingTaskArgs,
  RawTaskArgs,
  ScriptTaskArgs,
  SetupTaskArgs,
  ShellTaskArgs,
  ShortModuleName,
  TaskArgsOf,
  WaitForTaskArgs,
} from "./src/engine/modules/task_args.ts";
export type {
  BlockinfileTaskArgs,
  CopyTaskArgs,
  FetchTaskArgs,
  FileAttributes,
  FileMode,
  FileTaskArgs,
  LineinfileTaskArgs,
  OneOf,
  SlurpTaskArgs,
  StatTaskArgs,
} from "./src/engine/modules/file_task_args.ts";
export type { TemplateTaskArgs } from "./src/engine/modules/template_task_args.ts";
export type { UserTaskArgs } from "./src/engine/modules/user_task_args.ts";
export type { GroupTaskArgs } from "./src/engine/modules/group_task_args.ts";
export type { AuthorizedKeyTaskArgs } from "./src/engine/modules/authorized_key_task_args.ts";
export type { ReplaceTaskArgs } from "./src/engine/modules/replace_task_args.ts";
export type { CronTaskArgs } from "./src/engine/modules/cron_task_args.ts";
export type { HostnameTaskArgs } from "./src/engine/modules/hostname_task_args.ts";
export type { SysctlTaskArgs } from "./src/engine/modules/sysctl_task_args.ts";
export type { PauseTaskArgs } from "./src/engine/modules/pause_task_args.ts";
export type {
  AptTaskArgs,
  PackageSelection,
  PackageTaskArgs,
} from "./src/engine/modules/apt_task_args.ts";
export type { GetUrlTaskArgs } from "./src/engine/modules/get_url_task_args.ts";
export type { UriTaskArgs } from "./src/engine/modules/uri_task_args.ts";
export type { HttpTaskOptions } from "./src/engine/modules/http_task_args.ts";
export type { UnarchiveTaskArgs } from "./src/engine/modules/unarchive_task_args.ts";
export type { GitTaskArgs } from "./src/engine/modules/git_task_args.ts";
export type {
  ServiceStateArg,
  ServiceTaskArgs,
  StateOrEnabled,
  SystemdOptions,
  SystemdTaskArgs,
  SysvinitTaskArgs,
} from "./src/engine/modules/service_task_args.ts";
export type { Inventory, InventoryGroup, InventoryHost } from "./src/engine/inventory/mod.ts";
export type {
  InventoryView,
  ReadonlyInventoryGroup,
  ReadonlyInventoryHost,
} from "./src/engine/inventory/view.ts";
export type {
  BecomeOptions,
  HostOutcome,
  HostStats,
  HostView,
  ModuleResult,
  PlayOptions,
  TaskOptions,
} from "./src/engine/types.ts";
export { VERSION } from "./src/version.ts";
// The library: ansible-runner's `run()`/`run_async()` and `Runner` for TypeScript (src/runner/mod.ts).
export {
  run,
  runAsync,
  Runner,
  RunnerCallbackError,
  RunnerConfigError,
  RunnerError,
  type RunnerEvent,
  RunnerOutputError,
  type RunnerSink,
  type RunnerStats,
  type RunnerStatusData,
  type RunnerView,
  type RunOptions,
} from "./src/runner/mod.ts";
// Event plugins: status and event sinks, and the HTTP emitter (src/events/plugins/mod.ts).
export {
  type EventPlugin,
  EventPlugins,
  eventPluginsFor,
  HttpEmitter,
  type PluginReport,
  type RunnerMessage,
  UnixHttpError,
} from "./src/events/plugins/mod.ts";
