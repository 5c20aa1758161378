/**
 * Builds the HTTP emitter for a job from its settings and environment: the
 * receiver, the headers and bounds, and whether this binary may connect
 * there. Whatever stops it (no receiver named, a value it cannot use, a
 * permission set without access) is a warning for the job's output, and the
 * job runs without it.
 *
 * @module
 */
import type { EventPlugin } from "./event_plugin.ts";
import { HttpEmitter } from "./http_emitter.ts";
import { type EnvLookup, httpEmitterSettings } from "./http_settings.ts";
import { httpTarget, permissionProblem } from "./http_target.ts";

/**
 * The HTTP emitter the job asks for, if it can run, and the warnings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { httpPlugin } from "./http_plugin.ts";
 *
 * assert.deepEqual(httpPlugin({}, () => undefined), { warnings: [] });
 * const bad = httpPlugin({ runner_http_url: "gopher://example.com/" }, () => undefined);
 * assert.equal(bad.plugin, undefined);
 * assert.match(bad.warnings[0], /only http and https/);
 * ```
 */
export function httpPlugin(
  settings: Readonly<Record<string, unknown>>,
  env: EnvLookup,
): { readonly plugin?: EventPlugin; readonly warnings: readonly string[] } {
  const read = httpEmitterSettings(settings, env);
  if (read.settings === undefined) return { warnings: read.warnings };
  const target = httpTarget(read.settings.url, read.settings.path);
  if ("problem" in target) {
    return {
      warnings: [...read.warnings, `${target.problem}: the HTTP emitter is off for this job.`],
    };
  }
  const problem = permissionProblem(target);
  if (problem !== undefined) return { warnings: [...read.warnings, problem] };
  return { plugin: new HttpEmitter(target, read.settings), warnings: read.warnings };
}
