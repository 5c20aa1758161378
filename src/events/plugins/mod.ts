/**
 * Event plugins: sinks for a job's status lines and events, compiled into
 * the binary, and the HTTP emitter (ansible-runner-http's `runner_http_url`,
 * `runner_http_path`, `runner_http_headers`; `RUNNER_HTTP_URL`,
 * `RUNNER_HTTP_PATH`) that posts each one as JSON to a URL or a unix socket.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eventPluginsFor } from "./mod.ts";
 *
 * const received: string[] = [];
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
 *   received.push(await request.text());
 *   return new Response(null, { status: 204 });
 * });
 * const plugins = eventPluginsFor(
 *   { runner_http_url: `http://127.0.0.1:${server.addr.port}/events` },
 *   () => undefined,
 * );
 * plugins.dispatch('{"status": "running", "runner_ident": "1"}');
 * plugins.event({ event: "playbook_on_start", uuid: "u", counter: 1, runner_ident: "1" });
 * plugins.status({ status: "successful", runner_ident: "1" });
 * const [report] = await plugins.close();
 * assert.equal(report.delivered, 3);
 * assert.deepEqual(received.map((body) => JSON.parse(body).status ?? JSON.parse(body).event),
 *   ["running", "playbook_on_start", "successful"]);
 * await server.shutdown();
 * ```
 *
 * @module
 */
export {
  type EventPlugin,
  messageKind,
  type PluginReport,
  type RunnerMessage,
} from "./event_plugin.ts";
export {
  BUILTIN_PLUGINS,
  EventPlugins,
  eventPluginsFor,
  type PluginFactory,
  processEnv,
} from "./plugin_list.ts";
export { eventPluginsWanted } from "./wanted.ts";
export { HttpEmitter, MAX_ANSWERED_ATTEMPTS } from "./http_emitter.ts";
export {
  type EnvLookup,
  HTTP_EMITTER_DEFAULTS,
  type HttpEmitterSettings,
  httpEmitterSettings,
} from "./http_settings.ts";
export { EMITTER_BUILD_HINT, type HttpTarget, httpTarget } from "./http_target.ts";
export { type QueueBounds } from "./delivery_queue.ts";
export { type Backoff, DEFAULT_BACKOFF } from "./retry_delay.ts";
export { UnixHttpError } from "./unix_http.ts";
