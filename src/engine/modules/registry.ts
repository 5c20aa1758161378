/**
 * The modules tachyon ships, by short and fully qualified name.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { pingModule } from "./ping.ts";
import { debugModule } from "./debug.ts";
import { commandModule, shellModule } from "./command.ts";

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
