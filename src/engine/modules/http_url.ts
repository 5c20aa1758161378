/**
 * URL handling of `get_url` and `uri` as Ansible's Python does it
 * (`urlsplit`, `urljoin`, `os.path.basename`): the credentials in a URL's
 * netloc, a download's file name, redirect targets and the `location`
 * value `uri` reports. Pure string work, so results match byte for byte.
 *
 * @module
 */

/** A URL split like Python's `urlsplit`: scheme, netloc, path, query, fragment. */
export interface SplitUrl {
  /** Lowercased scheme (`http`), or `""`. */
  readonly scheme: string;
  /** `user:pass@host:port`, or `""`. */
  readonly netloc: string;
  /** The path, as written. */
  readonly path: string;
  /** The query without `?`. */
  readonly query: string;
  /** The fragment without `#`. */
  readonly fragment: string;
}

/**
 * Python's `urllib.parse.urlsplit` for the URLs these modules take.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitUrl } from "./http_url.ts";
 * assert.equal(splitUrl("http://h:8080/a/b?x=1").path, "/a/b");
 * ```
 */
export function splitUrl(url: string): SplitUrl {
  let rest = url;
  let scheme = "";
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  }
  let netloc = "";
  if (rest.startsWith("//")) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? "" : rest.slice(end + 2);
  }
  let fragment = "";
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query = "";
  const q = rest.indexOf("?");
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  return { scheme, netloc, path: rest, query, fragment };
}

/** A URL with the credentials of its netloc taken out. */
export interface UrlCredentials {
  /** The URL without `user:pass@`. */
  readonly url: string;
  /** The user named in the URL. */
  readonly username?: string;
  /** The password named in the URL (`""` when only a user is). */
  readonly password?: string;
}

/**
 * Takes `user:pass@` out of a URL's netloc, as Ansible's `open_url` does
 * when no `url_username` is given (split at the first `@` and `:`, nothing
 * decoded).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { urlCredentials } from "./http_url.ts";
 * assert.deepEqual(urlCredentials("http://a:b@h/x"), { url: "http://h/x", username: "a", password: "b" });
 * ```
 */
export function urlCredentials(url: string): UrlCredentials {
  const parts = splitUrl(url);
  const at = parts.netloc.indexOf("@");
  if (at < 0) return { url };
  const credentials = parts.netloc.slice(0, at);
  const netloc = parts.netloc.slice(at + 1);
  const colon = credentials.indexOf(":");
  const username = colon < 0 ? credentials : credentials.slice(0, colon);
  const password = colon < 0 ? "" : credentials.slice(colon + 1);
  const start = url.indexOf(parts.netloc);
  return {
    url: url.slice(0, start) + netloc + url.slice(start + parts.netloc.length),
    username,
    password,
  };
}

/**
 * The netloc's host and port without credentials (`h:8080`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostPort } from "./http_url.ts";
 * assert.equal(hostPort("http://u:p@h:8080/x"), "h:8080");
 * ```
 */
export function hostPort(url: string): string {
  const netloc = splitUrl(url).netloc;
  return netloc.slice(netloc.lastIndexOf("@") + 1);
}

/**
 * Python's `os.path.basename` (the text after the last `/`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pathBasename } from "./http_url.ts";
 * assert.equal(pathBasename("/a/b.txt"), "b.txt");
 * ```
 */
export function pathBasename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * Python's `os.path.dirname` (the text before the last `/`, trailing
 * slashes trimmed unless all slashes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pathDirname } from "./http_url.ts";
 * assert.equal(pathDirname("http://h/a/b"), "http://h/a");
 * ```
 */
export function pathDirname(path: string): string {
  const head = path.slice(0, path.lastIndexOf("/") + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, "");
}

/**
 * `get_url`'s file name for a URL: the last path segment (not decoded), or
 * `index.html`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { urlFilename } from "./http_url.ts";
 * assert.equal(urlFilename("http://h/dir/"), "index.html");
 * ```
 */
export function urlFilename(url: string): string {
  return pathBasename(splitUrl(url).path) || "index.html";
}

/**
 * `uri`'s `location`: absolute as is; `/x` replaces every occurrence of the
 * request's path in its URL (Python's `str.replace`, a quirk kept); other
 * values join the URL's `dirname`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { absoluteLocation } from "./http_url.ts";
 * assert.equal(absoluteLocation("http://h/r?to=x", "/echo"), "http://h?to=x/echo");
 * ```
 */
export function absoluteLocation(url: string, location: string): string {
  if (location.includes("://")) return location;
  if (location.startsWith("/")) {
    const path = splitUrl(url).path;
    const base = path === "" ? url : url.split(path).join("");
    return `${base}${location}`;
  }
  return `${pathDirname(url)}/${location}`;
}

/**
 * Where a redirect's `Location` leads from `url` (urllib's `urljoin`, an
 * empty path of a netloc becoming `/`, spaces as `%20`); undefined for a
 * scheme urllib refuses to follow.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { redirectTarget } from "./http_url.ts";
 * assert.equal(redirectTarget("http://h/a/b", "c?x=1"), "http://h/a/c?x=1");
 * ```
 */
export function redirectTarget(url: string, location: string): string | undefined {
  const scheme = splitUrl(location).scheme;
  if (!["http", "https", "ftp", ""].includes(scheme)) return undefined;
  let joined: string;
  try {
    joined = new URL(location.replaceAll(" ", "%20"), url).href;
  } catch {
    return undefined;
  }
  return joined;
}
