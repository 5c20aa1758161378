/**
 * Whether a job asks for any event plugin: the one cheap question the worker
 * asks of every job, so that the plugins themselves load only for the jobs
 * that use them.
 *
 * @module
 */
import { type EnvLookup, httpEmitterUrl } from "./http_settings.ts";

/**
 * Whether `settings` or `env` name an event plugin's receiver
 * (`runner_http_url`, `RUNNER_HTTP_URL`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eventPluginsWanted } from "./wanted.ts";
 *
 * assert.equal(eventPluginsWanted({}, () => undefined), false);
 * assert.equal(eventPluginsWanted({ runner_http_url: "http://127.0.0.1:8080/" }, () => undefined),
 *   true);
 * ```
 */
export function eventPluginsWanted(
  settings: Readonly<Record<string, unknown>>,
  env: EnvLookup,
): boolean {
  return httpEmitterUrl(settings, env) !== undefined;
}
