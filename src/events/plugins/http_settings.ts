/**
 * The HTTP emitter's configuration from the job's settings (`env/settings`,
 * the `settings` kwarg) and environment, read as ansible-runner-http reads
 * it — `runner_http_url`, `runner_http_path`, `runner_http_headers`, with
 * `RUNNER_HTTP_URL` and `RUNNER_HTTP_PATH` taking precedence — plus
 * tachyon's bounds on its queue and on how long a job's end may wait for it.
 * A value that cannot be used is a warning, never a failed job.
 *
 * @module
 */
import type { QueueBounds } from "./delivery_queue.ts";

/**
 * Reads one environment variable (undefined when unset or not permitted).
 *
 * @example
 * ```ts
 * import type { EnvLookup } from "./http_settings.ts";
 *
 * const env: EnvLookup = (name) => ({ RUNNER_HTTP_URL: "http://127.0.0.1:8080/" } as
 *   Record<string, string>)[name];
 * ```
 */
export type EnvLookup = (name: string) => string | undefined;

/**
 * The emitter's settings.
 *
 * @example
 * ```ts
 * import type { HttpEmitterSettings } from "./http_settings.ts";
 *
 * const settings: HttpEmitterSettings = {
 *   url: "http://127.0.0.1:8080/events",
 *   headers: [["Authorization", "Bearer t0ken"]],
 *   queue: { messages: 10_000, characters: 64 * 1024 * 1024 },
 *   drainTimeoutMs: 5000,
 *   requestTimeoutMs: 10_000,
 * };
 * ```
 */
export interface HttpEmitterSettings {
  /** `RUNNER_HTTP_URL`, else `runner_http_url`: a URL or a unix socket path. */
  readonly url: string;
  /** `RUNNER_HTTP_PATH`, else `runner_http_path`: the request path on a unix socket. */
  readonly path?: string;
  /** `runner_http_headers`, in their order. */
  readonly headers: readonly (readonly [string, string])[];
  /** `tachyon_http_queue_size` messages (default 10000), and 64 Mi characters. */
  readonly queue: QueueBounds;
  /** `tachyon_http_drain_timeout` seconds (default 5): the longest the job's end waits. */
  readonly drainTimeoutMs: number;
  /** `tachyon_http_timeout` seconds (default 10): the longest one request may take. */
  readonly requestTimeoutMs: number;
}

/**
 * The defaults of tachyon's own emitter settings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HTTP_EMITTER_DEFAULTS } from "./http_settings.ts";
 *
 * assert.equal(HTTP_EMITTER_DEFAULTS.drainTimeoutSeconds, 5);
 * ```
 */
export const HTTP_EMITTER_DEFAULTS = {
  /** `tachyon_http_queue_size`. */
  queueSize: 10_000,
  /** The queue's bound on characters waiting (not a setting). */
  queueCharacters: 64 * 1024 * 1024,
  /** `tachyon_http_drain_timeout`. */
  drainTimeoutSeconds: 5,
  /** `tachyon_http_timeout`. */
  requestTimeoutSeconds: 10,
} as const;

/**
 * The receiver's address from the environment or the settings, if any: the
 * cheap test of whether the job wants the emitter at all. An empty value
 * counts as unset.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { httpEmitterUrl } from "./http_settings.ts";
 *
 * const env = (name: string) => name === "RUNNER_HTTP_URL" ? "http://127.0.0.1:9/" : undefined;
 * assert.equal(httpEmitterUrl({ runner_http_url: "/runner/r.sock" }, env), "http://127.0.0.1:9/");
 * assert.equal(httpEmitterUrl({ runner_http_url: "/runner/r.sock" }, () => undefined),
 *   "/runner/r.sock");
 * assert.equal(httpEmitterUrl({}, () => undefined), undefined);
 * ```
 */
export function httpEmitterUrl(
  settings: Readonly<Record<string, unknown>>,
  env: EnvLookup,
): unknown {
  const fromEnv = env("RUNNER_HTTP_URL");
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const fromSettings = settings.runner_http_url;
  return fromSettings === null || fromSettings === "" ? undefined : fromSettings;
}

/**
 * The emitter's settings (undefined when no receiver is named) and the
 * warnings about values that were ignored.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { httpEmitterSettings } from "./http_settings.ts";
 *
 * const { settings, warnings } = httpEmitterSettings({
 *   runner_http_url: "http://127.0.0.1:8080/",
 *   runner_http_headers: { "X-Job": 42 },
 *   tachyon_http_drain_timeout: 2,
 *   tachyon_http_queue_size: "many",
 * }, () => undefined);
 * assert.deepEqual(settings?.headers, [["X-Job", "42"]]);
 * assert.equal(settings?.drainTimeoutMs, 2000);
 * assert.equal(settings?.queue.messages, 10_000);
 * assert.equal(warnings.length, 1);
 * ```
 */
export function httpEmitterSettings(
  settings: Readonly<Record<string, unknown>>,
  env: EnvLookup,
): { readonly settings?: HttpEmitterSettings; readonly warnings: readonly string[] } {
  const url = httpEmitterUrl(settings, env);
  if (url === undefined) return { warnings: [] };
  const warnings: string[] = [];
  if (typeof url !== "string") {
    return {
      warnings: ["runner_http_url is not a string: the HTTP emitter is off for this job."],
    };
  }
  const envPath = env("RUNNER_HTTP_PATH");
  const path = envPath !== undefined && envPath !== "" ? envPath : settings.runner_http_path;
  if (path !== undefined && path !== null && typeof path !== "string") {
    warnings.push("runner_http_path is not a string: the socket's request path is /.");
  }
  const number = (key: string, fallback: number, minimum: number, integer: boolean) => {
    const value = settings[key];
    if (value === undefined || value === null) return fallback;
    const parsed = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (
      typeof parsed === "number" && Number.isFinite(parsed) && parsed >= minimum &&
      (!integer || Number.isInteger(parsed))
    ) {
      return parsed;
    }
    warnings.push(
      `${key} is not ${integer ? "an integer" : "a number"} of at least ${minimum}: ` +
        `the HTTP emitter uses ${fallback}.`,
    );
    return fallback;
  };
  const defaults = HTTP_EMITTER_DEFAULTS;
  return {
    settings: {
      url,
      path: typeof path === "string" && path !== "" ? path : undefined,
      headers: headerList(settings.runner_http_headers, warnings),
      queue: {
        messages: number("tachyon_http_queue_size", defaults.queueSize, 1, true),
        characters: defaults.queueCharacters,
      },
      drainTimeoutMs: 1000 *
        number("tachyon_http_drain_timeout", defaults.drainTimeoutSeconds, 0, false),
      requestTimeoutMs: 1000 *
        number("tachyon_http_timeout", defaults.requestTimeoutSeconds, 0.001, false),
    },
    warnings,
  };
}

/**
 * `runner_http_headers` as name/value pairs in their order: string and
 * number values are sent, anything else (and a name or value HTTP does not
 * allow) is left out with a warning that names the header, never its value.
 */
function headerList(value: unknown, warnings: string[]): [string, string][] {
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value)) {
    warnings.push("runner_http_headers is not a mapping: no extra header is sent.");
    return [];
  }
  const headers: [string, string][] = [];
  for (const [name, raw] of Object.entries(value)) {
    const text = typeof raw === "string"
      ? raw
      : typeof raw === "number" || typeof raw === "boolean"
      ? String(raw)
      : undefined;
    if (text === undefined || !validHeader(name, text)) {
      warnings.push(
        `runner_http_headers: the header ${JSON.stringify(name)} is not sent ` +
          "(its name or value is not a valid HTTP header).",
      );
      continue;
    }
    headers.push([name, text]);
  }
  return headers;
}

function validHeader(name: string, value: string): boolean {
  if (/[\r\n\0]/.test(value)) return false;
  try {
    new Headers([[name, value]]);
    return true;
  } catch {
    return false;
  }
}
