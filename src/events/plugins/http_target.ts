/**
 * Where the HTTP emitter posts: an `http(s)` URL over TCP, or a unix socket
 * when `runner_http_url` is an absolute path (as ansible-runner-http does
 * for a path that exists), and whether this binary's permission set lets it
 * connect there. A binary that may not gets one clear sentence naming what
 * is missing and how to build one that may: never a `NotCapable` failure.
 *
 * @module
 */

/**
 * The receiver: a URL (TCP), or a socket path and the request path sent on it.
 *
 * @example
 * ```ts
 * import type { HttpTarget } from "./http_target.ts";
 *
 * const tcp: HttpTarget = { kind: "tcp", url: "http://127.0.0.1:8080/events" };
 * const unix: HttpTarget = { kind: "unix", socketPath: "/runner/events.sock", requestPath: "/events" };
 * ```
 */
export type HttpTarget =
  | { readonly kind: "tcp"; readonly url: string }
  | { readonly kind: "unix"; readonly socketPath: string; readonly requestPath: string };

/**
 * The receiver named by `url` (`runner_http_url`) and `path`
 * (`runner_http_path`), or why there is none. As in ansible-runner-http,
 * `path` is the request path on a unix socket (default `/`) and is not used
 * with a URL, whose own path is the request's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { httpTarget } from "./http_target.ts";
 *
 * assert.deepEqual(httpTarget("http://127.0.0.1:8080/x", "/ignored"),
 *   { kind: "tcp", url: "http://127.0.0.1:8080/x" });
 * assert.deepEqual(httpTarget("/run/r.sock", "events"),
 *   { kind: "unix", socketPath: "/run/r.sock", requestPath: "/events" });
 * assert.ok("problem" in httpTarget("ftp://example.com/", undefined));
 * ```
 */
export function httpTarget(
  url: string,
  path: string | undefined,
): HttpTarget | { readonly problem: string } {
  if (url.startsWith("/")) {
    const requestPath = path === undefined || path === "" ? "/" : path;
    return {
      kind: "unix",
      socketPath: url,
      requestPath: requestPath.startsWith("/") ? requestPath : `/${requestPath}`,
    };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {
      problem: `runner_http_url is neither an http(s) URL nor an absolute unix socket path`,
    };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return {
      problem: `runner_http_url has the scheme "${parsed.protocol}": only http and https URLs, ` +
        "or an absolute unix socket path, can receive statuses and events",
    };
  }
  return { kind: "tcp", url };
}

/**
 * The target as it may be shown in a job's output: scheme, host and port of
 * a URL (never its credentials, path or query), or the socket path.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { targetLabel } from "./http_target.ts";
 *
 * assert.equal(targetLabel({ kind: "tcp", url: "https://user:pw@example.com/hook?token=1" }),
 *   "https://example.com");
 * assert.equal(targetLabel({ kind: "unix", socketPath: "/runner/r.sock", requestPath: "/" }),
 *   "the unix socket /runner/r.sock");
 * ```
 */
export function targetLabel(target: HttpTarget): string {
  if (target.kind === "unix") return `the unix socket ${target.socketPath}`;
  const url = new URL(target.url);
  return `${url.protocol}//${url.host}`;
}

/**
 * How to get a binary that may reach the receiver: the sentence every
 * permission refusal ends with.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EMITTER_BUILD_HINT } from "./http_target.ts";
 *
 * assert.match(EMITTER_BUILD_HINT, /compile:emitter/);
 * ```
 */
export const EMITTER_BUILD_HINT: string =
  "To send them, build tachyon with the emitter permission set " +
  '(`deno task compile:emitter`: the default set plus network access, "permissions.emitter" ' +
  "in deno.json), or add the receiver to the net (and, for a socket, read and write) entries " +
  "of your own permission set.";

/**
 * Why this process may not connect to `target`, or `undefined` when it may.
 * Only asks (`Deno.permissions.querySync`); never prompts, never connects.
 *
 * @example
 * ```ts
 * import { permissionProblem } from "./http_target.ts";
 *
 * const problem = permissionProblem({ kind: "tcp", url: "http://127.0.0.1:8080/" });
 * if (problem !== undefined) console.log(problem);
 * ```
 */
export function permissionProblem(target: HttpTarget): string | undefined {
  const label = targetLabel(target);
  const lead =
    `runner_http_url (or RUNNER_HTTP_URL) asks tachyon to POST every status and event to ${label}, but ` +
    "this tachyon binary may not connect there";
  const tail = "so nothing is sent there; the job runs without the HTTP emitter. " +
    EMITTER_BUILD_HINT;
  if (target.kind === "tcp") {
    if (granted({ name: "net", host: hostAndPort(new URL(target.url)) })) return undefined;
    return `${lead}: its permission set has no network access to ${
      hostAndPort(new URL(target.url))
    } (the default binary has none at all), ${tail}`;
  }
  const missing = [
    granted({ name: "net", host: `unix:${target.socketPath}` }) ? undefined : "network (net)",
    granted({ name: "read", path: target.socketPath }) ? undefined : "read",
    granted({ name: "write", path: target.socketPath }) ? undefined : "write",
  ].filter((need) => need !== undefined);
  if (missing.length === 0) return undefined;
  return `${lead}: a unix socket needs network, read and write access to its path, and this ` +
    `binary's permission set lacks ${listed(missing)} access to it (the default binary ` +
    "has no network access; the emitter binary may connect to sockets under /runner and " +
    `/tmp), ${tail}`;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** `host:port`, with the scheme's default port, as Deno's net permission names it. */
function hostAndPort(url: URL): string {
  const port = url.port !== "" ? url.port : url.protocol === "https:" ? "443" : "80";
  return `${url.hostname}:${port}`;
}

function granted(descriptor: Deno.PermissionDescriptor): boolean {
  try {
    return Deno.permissions.querySync(descriptor).state === "granted";
  } catch {
    return false;
  }
}
