/**
 * Ansible's `fetch_url` for `get_url` and `uri`, run on the target: the
 * headers urllib sends, its redirect rules (Ansible's `follow_redirects`
 * modes and urllib's own, with its loop limits), cookies kept across
 * redirects, credentials offered only to the first host, and the `info`
 * the modules build their results from (`status`, `msg` `OK (N bytes)` or
 * `HTTP Error 404: Not Found`, lowercased headers, `cookies`, `url`).
 *
 * @module
 */
import type { ModuleContext } from "./module.ts";
import {
  type ExchangeOutcome,
  type HttpExchange,
  type HttpTransport,
  HttpUrlError,
  HttpValueError,
  NoHttpClientError,
  runExchange,
} from "./http_client.ts";
import { headerInfo, headerValue, headerValues, type ResponseHead } from "./http_response.ts";
import { CookieJar } from "./http_cookies.ts";
import { hostPort, redirectTarget, splitUrl, urlCredentials } from "./http_url.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";

/** Ansible's `follow_redirects` (`yes` is `all`, `no` is `none`); `urllib2`: urllib's own. */
export type FollowRedirects = "urllib2" | "safe" | "all" | "none";

/** One request as a module asks for it. */
export interface FetchRequest {
  /** The URL as given (credentials in it are used, then removed). */
  readonly url: string;
  /** The method, uppercase. */
  readonly method: string;
  /** The body (undefined: none). */
  readonly body?: Uint8Array;
  /** The task's headers, in order. */
  readonly headers: readonly (readonly [string, string])[];
  /** Headers not sent again after a redirect (lowercase). */
  readonly unredirectedHeaders: readonly string[];
  /** `url_username`. */
  readonly username?: string;
  /** `url_password`. */
  readonly password?: string;
  /** Send Basic credentials at once instead of after a challenge. */
  readonly forceBasicAuth: boolean;
  /** `User-Agent` (empty: none). */
  readonly httpAgent: string;
  /** `Cache-Control: no-cache` instead of `If-Modified-Since`. */
  readonly force: boolean;
  /** `If-Modified-Since` this time (seconds since the epoch). */
  readonly lastModified?: number;
  /** The redirect rule. */
  readonly followRedirects: FollowRedirects;
  /** Credentials from `~/.netrc` when none are given. */
  readonly useNetrc: boolean;
  /** Decompress a `Content-Encoding: gzip` answer. */
  readonly decompress: boolean;
  /** How the client connects. */
  readonly transport: HttpTransport;
}

/** Where the final body goes on the target. */
export interface FetchPlace {
  /** A name inside the request's temp dir, or an absolute path. */
  readonly output: string;
  /** Return the final body inline up to this many bytes (0: never). */
  readonly inlineLimit: number;
  /** The temp dir of an earlier request of the same task, to share. */
  readonly tempDir?: string;
}

/** The final response of a request (after the redirects it followed). */
export interface FetchedResponse {
  /** The URL it answered. */
  readonly url: string;
  /** Its head. */
  readonly head: ResponseHead;
  /** Its body's path on the target. */
  readonly bodyPath: string;
  /** The body's size. */
  readonly size: number;
  /** The body, when within the inline limit. */
  readonly body?: Uint8Array;
  /** urllib raised `HTTPError` for it (any status but 2xx). */
  readonly httpError: boolean;
}

/** What `fetch_url` returns: `info`, and the response when one came. */
export interface FetchResult {
  /** Ansible's `info` dict (without `body`: see `response.body`). */
  readonly info: Record<string, unknown>;
  /** `info.status` (-1: no response). */
  readonly status: number;
  /** The final response. */
  readonly response?: FetchedResponse;
  /** The temp dir on the target (remove it with {@linkcode removeTempDir}). */
  readonly tempDir?: string;
  /**
   * Set when Ansible's `fetch_url` itself fails the module (`unknown url
   * type: 'x'`, an invalid header): the result is `{ msg, ...info }`.
   */
  readonly fatal?: string;
}

/**
 * Python's `str.title()` on a header name, as urllib sends names.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { titleCase } from "./http_fetch.ts";
 * assert.equal(titleCase("x-my_header1a"), "X-My_Header1A");
 * ```
 */
export function titleCase(name: string): string {
  return name.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_, pre, c) => pre + c.toUpperCase());
}

/**
 * RFC 2822 date as Ansible's `rfc2822_date_string(…, 'GMT')`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { httpDate } from "./http_fetch.ts";
 * assert.equal(httpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
 * ```
 */
export function httpDate(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toUTCString();
}

/**
 * Base64 `Authorization` value (Ansible's `basic_auth_header`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { basicAuth } from "./http_fetch.ts";
 * assert.equal(basicAuth("a", "b"), "Basic YTpi");
 * ```
 */
export function basicAuth(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** One hop's request, as urllib's `Request` holds it. */
interface Hop {
  url: string;
  method: string;
  body?: Uint8Array;
  /** `req.headers`: sent, and carried over redirects (names as `capitalize()`d). */
  headers: Map<string, [string, string]>;
  /** `req.unredirected_hdrs`. */
  unredirected: Map<string, [string, string]>;
}

/** urllib's `User-agent` on a Debian bookworm target (Python 3.11). */
const PYTHON_AGENT = "Python-urllib/3.11";

const INFINITE_LOOP = "The HTTP server returned a redirect error that would lead to an " +
  "infinite loop.\nThe last 30x error message was:\n";

/**
 * Sends `request` from the target, following redirects as Ansible would.
 *
 * @example
 * ```ts
 * const fetched = await fetchUrl(ctx, request, { output: "body", inlineLimit: 1 << 20 });
 * if (fetched.status === 200) { … }
 * ```
 */
export async function fetchUrl(
  ctx: ModuleContext,
  request: FetchRequest,
  place: FetchPlace,
): Promise<FetchResult> {
  const info: Record<string, unknown> = { url: request.url, status: -1 };
  const scheme = splitUrl(request.url).scheme;
  if (scheme === "") {
    return { info, status: -1, fatal: `unknown url type: '${request.url}'` };
  }
  if (scheme === "ftp" || scheme === "file") {
    return {
      info,
      status: -1,
      fatal: `tachyon runs http and https requests only, not ${scheme} (url: ${request.url})`,
    };
  }
  if (scheme !== "http" && scheme !== "https") {
    info.msg = `Request failed: <urlopen error unknown url type: ${scheme}>`;
    return { info, status: -1 };
  }
  let url = request.url;
  let username = request.username;
  let password = request.password;
  if (!username) {
    const stripped = urlCredentials(url);
    url = stripped.url;
    if (stripped.username !== undefined) {
      username = stripped.username;
      password = stripped.password;
    }
  } else {
    url = urlCredentials(url).url;
  }
  const first: Hop = {
    url,
    method: request.method,
    body: request.body,
    headers: new Map(),
    unredirected: new Map(),
  };
  const add = (map: Map<string, [string, string]>, name: string, value: string) => {
    const key = name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
    map.set(key, [key, value]);
  };
  if (username && request.forceBasicAuth) {
    add(first.headers, "Authorization", basicAuth(username, password ?? ""));
  }
  if (request.httpAgent) add(first.headers, "User-agent", request.httpAgent);
  if (request.force) add(first.headers, "cache-control", "no-cache");
  else if (request.lastModified !== undefined) {
    add(first.headers, "If-Modified-Since", httpDate(request.lastModified));
  }
  const unredirected = new Set(request.unredirectedHeaders.map((h) => h.toLowerCase()));
  for (const [name, value] of request.headers) {
    add(unredirected.has(name.toLowerCase()) ? first.unredirected : first.headers, name, value);
  }
  const challenge = username && !request.forceBasicAuth
    ? { username, password: password ?? "", netloc: hostPort(url) }
    : undefined;
  const jar = new CookieJar();
  const visited = new Map<string, number>();
  let hop = first;
  let tempDir = place.tempDir;
  let staged: boolean = false;
  for (;;) {
    const exchange = exchangeOf(hop, jar, challenge, request.useNetrc && !username);
    const stage: boolean = hop.body !== undefined && !staged;
    let outcome: ExchangeOutcome;
    try {
      const result = await runExchange(
        ctx,
        { ...exchange, bodyData: stage ? hop.body : undefined },
        request.transport,
        { tempDir, output: place.output, inlineLimit: place.inlineLimit },
      );
      outcome = result.outcome;
      tempDir = result.tempDir;
    } catch (error) {
      if (error instanceof HttpValueError) {
        return { info, status: -1, tempDir, fatal: error.message };
      }
      if (error instanceof NoHttpClientError) {
        return { info, status: -1, tempDir, fatal: error.message };
      }
      if (error instanceof HttpUrlError) {
        info.msg = error.message;
        return { info, status: -1, tempDir };
      }
      throw error;
    }
    staged ||= stage;
    if (outcome.kind === "failure") {
      info.msg = outcome.msg;
      return { info, status: -1, tempDir };
    }
    const { head } = outcome;
    jar.add(hop.url, headerValues(head.headers, "set-cookie"), Date.now() / 1000);
    const response = {
      url: hop.url,
      head,
      bodyPath: outcome.bodyPath,
      size: outcome.size,
      body: outcome.body,
    };
    if (head.status >= 200 && head.status < 300) {
      Object.assign(info, headerInfo(head.headers, true));
      info.cookies_string = jar.cookiesString();
      info.cookies = jar.cookiesDict();
      const length = headerValue(head.headers, "content-length");
      info.msg = `OK (${length ?? "unknown"} bytes)`;
      info.url = hop.url;
      info.status = head.status;
      const fetched = { ...response, httpError: false };
      const final = request.decompress ? await gunzip(ctx, fetched, place.inlineLimit) : fetched;
      return { info, status: head.status, response: final, tempDir };
    }
    const next = redirect(hop, head, request.followRedirects, visited);
    if (typeof next === "string") {
      Object.assign(info, headerInfo(head.headers, false));
      info.msg = `HTTP Error ${head.status}: ${next}`;
      info.status = head.status;
      return { info, status: head.status, response: { ...response, httpError: true }, tempDir };
    }
    hop = next;
  }
}

/** The exchange of one hop: urllib's header order and defaults. */
function exchangeOf(
  hop: Hop,
  jar: CookieJar,
  challenge: { username: string; password: string; netloc: string } | undefined,
  netrc: boolean,
): HttpExchange {
  const headers = new Map(hop.unredirected);
  const cookie = jar.header(hop.url);
  if (cookie !== undefined) headers.set("Cookie", ["Cookie", cookie]);
  if (hop.body !== undefined && !headers.has("Content-type") && !hop.headers.has("Content-type")) {
    headers.set("Content-type", ["Content-type", "application/x-www-form-urlencoded"]);
  }
  for (const [key, entry] of hop.headers) if (!headers.has(key)) headers.set(key, entry);
  // urllib's own `addheaders`, when the task's http_agent is empty.
  if (!headers.has("User-agent")) headers.set("User-agent", ["User-agent", PYTHON_AGENT]);
  // urllib always sends `Connection: close`, whatever the task says.
  headers.delete("Connection");
  const list: [string, string][] = [...headers.values()].map(([n, v]) => [titleCase(n), v]);
  if (!headers.has("Accept-encoding")) list.push(["Accept-Encoding", "identity"]);
  list.push(["Connection", "close"]);
  return {
    method: hop.method,
    url: hop.url,
    headers: list,
    sendBody: hop.body !== undefined,
    challengeAuth: challenge && hostPort(hop.url) === challenge.netloc
      ? { username: challenge.username, password: challenge.password }
      : undefined,
    netrc,
  };
}

const REDIRECTS = [301, 302, 303, 307, 308];

/**
 * urllib's `http_error_30x` and the redirect handler of Ansible's
 * `follow_redirects` mode: the next hop, or the reason phrase of the
 * `HTTPError` raised instead.
 */
function redirect(
  hop: Hop,
  head: ResponseHead,
  mode: FollowRedirects,
  visited: Map<string, number>,
): Hop | string {
  const location = headerValue(head.headers, "location") ?? headerValue(head.headers, "uri");
  if (!REDIRECTS.includes(head.status) || location === undefined) return head.reason;
  const target = redirectTarget(hop.url, location);
  if (target === undefined) {
    return `${head.reason} - Redirection to url '${location}' is not allowed`;
  }
  const code = head.status;
  const method = hop.method;
  let next: Hop;
  if (mode === "none") return head.reason;
  if (mode === "urllib2") {
    const allowed = (["GET", "HEAD"].includes(method)) ||
      ([301, 302, 303].includes(code) && method === "POST");
    if (!allowed) return head.reason;
    next = {
      url: target,
      method: method === "HEAD" ? "HEAD" : "GET",
      headers: withoutContentHeaders(hop.headers, false),
      unredirected: new Map(),
    };
  } else {
    if (mode === "safe" && !["GET", "HEAD"].includes(method)) return head.reason;
    if (code === 307 || code === 308) {
      next = { url: target, method, body: hop.body, headers: hop.headers, unredirected: new Map() };
    } else {
      let nextMethod = method;
      if ((code === 303 || code === 302) && method !== "HEAD") nextMethod = "GET";
      if (code === 301 && method === "POST") nextMethod = "GET";
      next = {
        url: target,
        method: nextMethod,
        headers: withoutContentHeaders(hop.headers, true),
        unredirected: new Map(),
      };
    }
  }
  const seen = visited.get(target) ?? 0;
  if (seen >= 4 || visited.size >= 10) return INFINITE_LOOP + head.reason;
  visited.set(target, seen + 1);
  return next;
}

function withoutContentHeaders(
  headers: Map<string, [string, string]>,
  transferEncoding: boolean,
): Map<string, [string, string]> {
  const dropped = [
    "content-length",
    "content-type",
    ...(transferEncoding ? ["transfer-encoding"] : []),
  ];
  return new Map([...headers].filter(([key]) => !dropped.includes(key.toLowerCase())));
}

/** Ansible's `GzipDecodedReader`: a gzip answer decompressed on the target. */
async function gunzip(
  ctx: ModuleContext,
  response: FetchedResponse,
  inlineLimit: number,
): Promise<FetchedResponse> {
  const encoding = headerValue(response.head.headers, "content-encoding") ?? "";
  if (encoding.toLowerCase() !== "gzip" || response.size === 0) return response;
  const p = shellQuote(response.bodyPath);
  const out = await runLibraryScript(
    ctx,
    `if gzip -dc < ${p} > ${p}.gz.tmp 2>/dev/null && mv -f -- ${p}.gz.tmp ${p}; then
  s=$(wc -c < ${p}); s=$((s)); printf 'SZ %s\\n' "$s"
  if [ "$s" -le ${inlineLimit} ] && [ ${inlineLimit} -gt 0 ]; then _tenc BODY ${p}; fi
else rm -f -- ${p}.gz.tmp; echo 'E gzip'; fi
`,
  );
  if (out.first("E") !== undefined) {
    throw new Error("the gzip-encoded response could not be decompressed on the target");
  }
  return { ...response, size: Number(out.first("SZ") ?? 0), body: out.bytes("BODY") };
}

/**
 * The whole body of a response (when it was over the inline limit).
 *
 * @example
 * ```ts
 * const bytes = await readRemoteBody(ctx, fetched.response!.bodyPath);
 * ```
 */
export async function readRemoteBody(ctx: ModuleContext, path: string): Promise<Uint8Array> {
  const out = await runLibraryScript(ctx, `_tdata ${shellQuote(path)}\n`);
  return out.data ?? new Uint8Array();
}

/**
 * Removes a request's temp dir on the target (errors ignored).
 *
 * @example
 * ```ts
 * await removeTempDir(ctx, fetched.tempDir);
 * ```
 */
export async function removeTempDir(ctx: ModuleContext, dir: string | undefined): Promise<void> {
  if (!dir) return;
  try {
    await runLibraryScript(ctx, `rm -rf -- ${shellQuote(dir)}\n`);
  } catch {
    // best effort: the dir is private and in the target's temp dir
  }
}
