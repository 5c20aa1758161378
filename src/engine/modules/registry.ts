/**
 * The modules tachyon ships, by short and fully qualified name.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { pingModule } from "./ping.ts";
import { debugModule } from "./debug.ts";
import { commandModule, shellModule } from "./command.ts";
import { rawModule } from "./raw.ts";
import { copyModule } from "./copy.ts";
import { fileModule } from "./file.ts";
import { lineinfileModule } from "./lineinfile.ts";
import { blockinfileModule } from "./blockinfile.ts";
import { statModule } from "./stat.ts";
import { slurpModule } from "./slurp.ts";
import { failModule } from "./fail.ts";
import { assertModule } from "./assert.ts";
import { fetchModule } from "./fetch.ts";
import { scriptModule } from "./script.ts";
import { setupModule } from "./setup.ts";
import { waitForModule } from "./wait_for.ts";

/**
 * An unknown module name.
 *
 * @example
 * ```ts
 * throw new UnknownModuleError("frobnicate");
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

const MODULES: readonly ModuleDefinition<never>[] = [
  pingModule,
  debugModule,
  commandModule,
  shellModule,
  rawModule,
  copyModule,
  fileModule,
  lineinfileModule,
  blockinfileModule,
  statModule,
  slurpModule,
  failModule,
  assertModule,
  fetchModule,
  scriptModule,
  setupModule,
  waitForModule,
] as unknown as ModuleDefinition<never>[];

const BY_NAME = new Map<string, ModuleDefinition<never>>();
for (const m of MODULES) {
  BY_NAME.set(m.name, m);
  BY_NAME.set(m.fqcn, m);
}

/**
 * Finds a module by short (`ping`) or qualified (`ansible.builtin.ping`) name.
 *
 * @example
 * ```ts
 * const ping = findModule("ansible.builtin.ping");
 * ```
 */
export function findModule(name: string): ModuleDefinition<unknown> {
  const found = BY_NAME.get(name);
  if (!found) throw new UnknownModuleError(name);
  return found as unknown as ModuleDefinition<unknown>;
}
