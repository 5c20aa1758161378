/**
 * The job's event plugins: the ones compiled into the binary that its
 * settings and environment turn on (today the HTTP emitter), plus any a
 * library caller adds, behind one sink that takes the worker's protocol
 * messages as they are written. ansible-runner finds its plugins through
 * Python entry points and fails the job when one raises; tachyon's are
 * compiled in, and a plugin that throws never stops a job.
 *
 * @module
 */
import { type EventPlugin, messageKind, type PluginReport } from "./event_plugin.ts";
import type { EnvLookup } from "./http_settings.ts";
import { httpPlugin } from "./http_plugin.ts";
import { pythonJsonDumps } from "../../python/json_dumps.ts";

/**
 * Makes a plugin from the job's settings and environment, or says why not.
 *
 * @example
 * ```ts
 * import type { PluginFactory } from "./plugin_list.ts";
 *
 * const none: PluginFactory = () => ({ warnings: [] });
 * ```
 */
export type PluginFactory = (
  settings: Readonly<Record<string, unknown>>,
  env: EnvLookup,
) => { readonly plugin?: EventPlugin; readonly warnings: readonly string[] };

/**
 * The plugins compiled into the binary, in the order they receive messages.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BUILTIN_PLUGINS } from "./plugin_list.ts";
 *
 * assert.equal(BUILTIN_PLUGINS.length, 1); // the HTTP emitter
 * ```
 */
export const BUILTIN_PLUGINS: readonly PluginFactory[] = [httpPlugin];

/**
 * The process environment, as far as the permission set grants it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { processEnv } from "./plugin_list.ts";
 *
 * assert.equal(processEnv("TACHYON_SURELY_UNSET_VARIABLE"), undefined);
 * ```
 */
export function processEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * A job's plugins behind one sink.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EventPlugins } from "./plugin_list.ts";
 * import type { EventPlugin, RunnerMessage } from "./event_plugin.ts";
 *
 * const seen: string[] = [];
 * const collect: EventPlugin = {
 *   name: "collect",
 *   status: (m: RunnerMessage) => void seen.push(m.json),
 *   event: (m: RunnerMessage) => void seen.push(String(m.data.event)),
 *   close: () => Promise.resolve({ plugin: "collect", delivered: seen.length, dropped: 0,
 *     failed: 0, undelivered: 0 }),
 * };
 * const plugins = new EventPlugins([collect]);
 * plugins.dispatch('{"status": "running", "runner_ident": "1"}');
 * plugins.dispatch('{"event": "keepalive", "counter": 0, "uuid": 0}'); // not for plugins
 * plugins.event({ event: "playbook_on_start", counter: 1 });
 * assert.deepEqual(seen, ['{"status": "running", "runner_ident": "1"}', "playbook_on_start"]);
 * assert.equal((await plugins.close())[0].delivered, 2);
 * ```
 */
export class EventPlugins {
  /** The plugins, in the order they receive messages. */
  readonly plugins: readonly EventPlugin[];
  /** Why a plugin the job asked for is off or runs with defaults (for the job's output). */
  readonly warnings: readonly string[];

  /** A sink for `plugins`, with the `warnings` found while making them. */
  constructor(plugins: readonly EventPlugin[], warnings: readonly string[] = []) {
    this.plugins = plugins;
    this.warnings = warnings;
  }

  /** Whether any plugin receives messages. */
  get active(): boolean {
    return this.plugins.length > 0;
  }

  /**
   * One protocol message as written to stdout (its JSON text without the
   * newline, and its value when the writer has it): status lines and events
   * go to every plugin, everything else (keepalives, `zipfile`, `eof`) is
   * ignored, as are lines that are not JSON objects.
   */
  dispatch(json: string, value?: Readonly<Record<string, unknown>>): void {
    if (!this.active) return;
    let data = value;
    if (data === undefined) {
      try {
        const parsed: unknown = JSON.parse(json);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return;
        data = parsed as Record<string, unknown>;
      } catch {
        return;
      }
    }
    const kind = messageKind(data);
    if (kind === undefined) return;
    const message = { data, json };
    for (const plugin of this.plugins) {
      try {
        if (kind === "status") plugin.status(message);
        else plugin.event(message);
      } catch {
        // A plugin's failure is its own: the job and the other plugins go on.
      }
    }
  }

  /** A status line, as a value (serialized as the worker writes it). */
  status(data: Readonly<Record<string, unknown>>): void {
    if (this.active) this.dispatch(pythonJsonDumps(data), data);
  }

  /** An event, as a value (serialized as the worker writes it). */
  event(data: Readonly<Record<string, unknown>>): void {
    if (this.active) this.dispatch(pythonJsonDumps(data), data);
  }

  /**
   * Closes every plugin at once (each within its own bound) and returns
   * their reports; a plugin whose close fails has none.
   */
  async close(): Promise<PluginReport[]> {
    const reports = await Promise.all(
      this.plugins.map((plugin) => plugin.close().catch(() => undefined)),
    );
    return reports.filter((report) => report !== undefined);
  }
}

/**
 * The plugins a job's `settings` (`env/settings` merged over the `settings`
 * kwarg, as ansible-runner merges them) and environment turn on, followed by
 * `extra` (a library caller's own). This is what the worker, `run` and the
 * library call; the caller hands it every status line and event in order
 * ({@linkcode EventPlugins.dispatch} with the JSON line it wrote, or
 * {@linkcode EventPlugins.status} / {@linkcode EventPlugins.event} with the
 * value), shows its {@linkcode EventPlugins.warnings} in the job's output,
 * and awaits {@linkcode EventPlugins.close} once the job's last message is
 * out (the HTTP emitter waits at most `tachyon_http_drain_timeout`, 5 s by
 * default).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eventPluginsFor } from "./plugin_list.ts";
 *
 * const none = eventPluginsFor({}, () => undefined);
 * assert.equal(none.active, false);
 *
 * // A binary without network access keeps the job running and says why nothing is sent:
 * const refused = eventPluginsFor({ runner_http_url: "http://127.0.0.1:8080/" }, () => undefined);
 * if (!refused.active) assert.match(refused.warnings[0], /compile:emitter/);
 * await refused.close();
 * ```
 */
export function eventPluginsFor(
  settings: Readonly<Record<string, unknown>>,
  env: EnvLookup = processEnv,
  extra: readonly EventPlugin[] = [],
): EventPlugins {
  const plugins: EventPlugin[] = [];
  const warnings: string[] = [];
  for (const factory of BUILTIN_PLUGINS) {
    const made = factory(settings, env);
    if (made.plugin !== undefined) plugins.push(made.plugin);
    warnings.push(...made.warnings);
  }
  return new EventPlugins([...plugins, ...extra], warnings);
}
