/**
 * The modules tachyon ships, by short and fully qualified name.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import type { BuiltinModule } from "./task_args.ts";

/**
 * An unknown module name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UnknownModuleError } from "./registry.ts";
 * assert.match(new UnknownModuleError("frobnicate").message, /couldn't resolve module\/action 'frobnicate'/);
 * ```
 */
export class UnknownModuleError extends Error {
  override name = "UnknownModuleError";
  /** Creates the error for `module`. */
  constructor(module: string) {
    super(
      `couldn't resolve module/action '${module}'. This often indicates a misspelling, ` +
        `or that tachyon does not ship this module.`,
    );
  }
}

type Loader = () => Promise<ModuleDefinition<never>>;
type Loaded = Record<string, unknown>;

/** Picks the export `name` of a lazily imported module file. */
const pick = (name: string) => (m: Loaded) => m[name] as ModuleDefinition<never>;

/**
 * Each module is loaded on first use: a job pays start-up time only for the
 * modules it calls. The specifiers are literal, so `deno compile` embeds them all.
 * Keyed by `BuiltinModule`: a module without typed task arguments, or typed
 * arguments without a module, is a type error.
 */
const LOADERS: { readonly [M in BuiltinModule]: Loader } = {
  ping: () => import("./ping.ts").then(pick("pingModule")),
  debug: () => import("./debug.ts").then(pick("debugModule")),
  command: () => import("./command.ts").then(pick("commandModule")),
  shell: () => import("./command.ts").then(pick("shellModule")),
  raw: () => import("./raw.ts").then(pick("rawModule")),
  copy: () => import("./copy.ts").then(pick("copyModule")),
  file: () => import("./file.ts").then(pick("fileModule")),
  lineinfile: () => import("./lineinfile.ts").then(pick("lineinfileModule")),
  blockinfile: () => import("./blockinfile.ts").then(pick("blockinfileModule")),
  stat: () => import("./stat.ts").then(pick("statModule")),
  slurp: () => import("./slurp.ts").then(pick("slurpModule")),
  fail: () => import("./fail.ts").then(pick("failModule")),
  assert: () => import("./assert.ts").then(pick("assertModule")),
  fetch: () => import("./fetch.ts").then(pick("fetchModule")),
  script: () => import("./script.ts").then(pick("scriptModule")),
  setup: () => import("./setup.ts").then(pick("setupModule")),
  gather_facts: () => import("./gather_facts.ts").then(pick("gatherFactsModule")),
  wait_for: () => import("./wait_for.ts").then(pick("waitForModule")),
  template: () => import("./template.ts").then(pick("templateModule")),
  group: () => import("./group.ts").then(pick("groupModule")),
  user: () => import("./user.ts").then(pick("userModule")),
  authorized_key: () => import("./authorized_key.ts").then(pick("authorizedKeyModule")),
  replace: () => import("./replace.ts").then(pick("replaceModule")),
  cron: () => import("./cron.ts").then(pick("cronModule")),
  hostname: () => import("./hostname.ts").then(pick("hostnameModule")),
  sysctl: () => import("./sysctl.ts").then(pick("sysctlModule")),
  pause: () => import("./pause.ts").then(pick("pauseModule")),
  service: () => import("./service.ts").then(pick("serviceModule")),
  sysvinit: () => import("./sysvinit.ts").then(pick("sysvinitModule")),
  systemd: () => import("./systemd.ts").then(pick("systemdModule")),
  systemd_service: () => import("./systemd.ts").then(pick("systemdServiceModule")),
  unarchive: () => import("./unarchive.ts").then(pick("unarchiveModule")),
  git: () => import("./git.ts").then(pick("gitModule")),
  get_url: () => import("./get_url.ts").then(pick("getUrlModule")),
  uri: () => import("./uri.ts").then(pick("uriModule")),
  apt: () => import("./apt.ts").then(pick("aptModule")),
  package: () => import("./package.ts").then(pick("packageModule")),
};

/**
 * The short names of every module tachyon ships.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MODULE_NAMES } from "./registry.ts";
 * assert.ok(MODULE_NAMES.includes("copy"));
 * ```
 */
export const MODULE_NAMES: readonly BuiltinModule[] = Object.keys(LOADERS) as BuiltinModule[];

/**
 * Loads a module by short (`ping`) or qualified (`ansible.builtin.ping`,
 * `ansible.legacy.ping`) name; throws {@linkcode UnknownModuleError}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findModule } from "./registry.ts";
 * const ping = await findModule("ansible.builtin.ping");
 * assert.equal(ping.fqcn, "ansible.builtin.ping");
 * ```
 */
export async function findModule(name: string): Promise<ModuleDefinition<unknown>> {
  const short = name.replace(/^ansible\.(builtin|legacy|posix)\./, "");
  if (!Object.hasOwn(LOADERS, short)) throw new UnknownModuleError(name);
  const module = (await LOADERS[short as BuiltinModule]()) as unknown as ModuleDefinition<unknown>;
  // ansible.posix.* names only the modules that live there (sysctl, authorized_key).
  if (name.startsWith("ansible.posix.") && module.fqcn !== name) throw new UnknownModuleError(name);
  return module;
}
