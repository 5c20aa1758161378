/**
 * `service`: Ansible's action of that name, which runs the module for the
 * target's service manager (`use`, default `auto`: the host's
 * `service_mgr` fact, else the collector run on the target,
 * `service_mgr.ts`): `systemd` where systemd is the running init (without
 * `pattern`, `runlevel`, `sleep`, `arguments`, which it ignores, with a
 * warning), `sysvinit` where SysV init scripts are (the lab's Debian
 * hosts), and Ansible's generic `service` module otherwise or with
 * `use: service`. The arguments go to that module as given and are checked
 * there, with its own rules and its `ansible.legacy.*` name in messages, as
 * in Ansible: `runlevel` is refused on a SysV host, `daemonize` accepted.
 *
 * @module
 */
import type { ModuleArgsInput, ModuleContext, ModuleDefinition } from "./module.ts";
import { ModuleArgsError } from "./module.ts";
import { parseKeyValue } from "../key_value.ts";
import {
  argsFailure,
  parseLegacyServiceArgs,
  parseSystemdArgs,
  parseSysvinitArgs,
} from "./service_args.ts";
import { serviceManager } from "./service_mgr.ts";
import { runLegacyService } from "./service_linux.ts";
import { withOutputLines } from "./service_result.ts";
import { runSysvinit } from "./sysvinit.ts";
import { runSystemd } from "./systemd.ts";
import { ShlexError } from "../../python/shlex.ts";
import type { ModuleResult } from "../types.ts";

/**
 * The task's arguments, as given (the module that runs checks them).
 *
 * @example
 * ```ts
 * const args: ServiceArgs = { use: "auto", given: { name: "cron", state: "started" } };
 * ```
 */
export interface ServiceArgs {
  /** `use`, lowercased (default `auto`). */
  readonly use: string;
  /** Every other argument. */
  readonly given: Readonly<Record<string, unknown>>;
}

/** What the `systemd` module does not take, and `service` drops for it. */
const UNUSED_BY_SYSTEMD = ["pattern", "runlevel", "sleep", "arguments", "args"];

/**
 * Which module runs for service manager `manager` (`use` or detected).
 *
 * @example
 * ```ts
 * serviceModuleFor("sysvinit"); // "sysvinit"
 * serviceModuleFor("upstart"); // "service"
 * ```
 */
export function serviceModuleFor(manager: string): "systemd" | "sysvinit" | "service" {
  return manager === "systemd" || manager === "sysvinit" ? manager : "service";
}

/**
 * The `service` module.
 *
 * @example
 * ```ts
 * await play.task("service", { name: "cron", state: "started", enabled: true });
 * ```
 */
export const serviceModule: ModuleDefinition<ServiceArgs> = {
  name: "service",
  fqcn: "ansible.builtin.service",
  supportsCheckMode: true,
  parseArgs(input: ModuleArgsInput): ServiceArgs {
    const raw = typeof input === "string" ? parseKeyValue(input).params : { ...(input ?? {}) };
    const use = raw.use ?? "auto";
    if (typeof use !== "string") {
      throw new ModuleArgsError("service", "argument 'use' must be a string");
    }
    delete raw.use;
    return { use: use.toLowerCase(), given: raw };
  },
  async run(ctx, args) {
    try {
      return withOutputLines(await dispatch(ctx, args));
    } catch (error) {
      if (error instanceof ModuleArgsError) return argsFailure(error);
      if (error instanceof ShlexError) return { changed: false, failed: true, msg: error.message };
      throw error;
    }
  },
};

async function dispatch(ctx: ModuleContext, args: ServiceArgs): Promise<ModuleResult> {
  const manager = args.use === "auto" ? await serviceManager(ctx) : args.use;
  if (manager === "openwrt_init") {
    return {
      changed: false,
      failed: true,
      msg:
        "tachyon's service module does not support openwrt_init yet (use: service, systemd or sysvinit)",
    };
  }
  const module = serviceModuleFor(manager);
  if (module === "systemd") {
    const given = { ...args.given };
    const warnings: string[] = [];
    for (const unused of UNUSED_BY_SYSTEMD) {
      if (unused in given) {
        delete given[unused];
        warnings.push(`Ignoring "${unused}" as it is not used in "systemd"`);
      }
    }
    const result = await runSystemd(ctx, parseSystemdArgs("ansible.legacy.systemd", given));
    if (warnings.length === 0) return result;
    const own = Array.isArray(result.warnings) ? result.warnings : [];
    return { ...result, warnings: [...warnings, ...own] };
  }
  if (module === "sysvinit") {
    return await runSysvinit(ctx, parseSysvinitArgs("ansible.legacy.sysvinit", args.given));
  }
  return await runLegacyService(ctx, parseLegacyServiceArgs("ansible.legacy.service", args.given));
}
