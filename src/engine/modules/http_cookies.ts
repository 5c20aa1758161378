/**
 * The cookie jar of one `get_url`/`uri` request and its redirects, as
 * Python's `http.cookiejar` keeps it: by domain, then path, then name, each
 * level in first-seen order (what `cookies` and `cookies_string` list),
 * expired cookies dropped, matching cookies sent on each redirect.
 *
 * @module
 */
import { splitUrl } from "./http_url.ts";

/**
 * Cookies set by the responses of one request chain.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CookieJar } from "./http_cookies.ts";
 * const jar = new CookieJar();
 * jar.add("http://h/a", ["zeta=1; Path=/", "alpha=two"], 0);
 * assert.equal(jar.cookiesString(), "zeta=1; alpha=two");
 * ```
 */
export class CookieJar {
  readonly #cookies = new Map<string, Map<string, Map<string, string>>>();

  /** Stores the `Set-Cookie` values a response to `url` carried (`now` in seconds). */
  add(url: string, setCookies: readonly string[], now: number): void {
    const { netloc, path: requestPath } = splitUrl(url);
    let host = netloc.slice(netloc.lastIndexOf("@") + 1).replace(/:\d*$/, "").toLowerCase();
    if (!host.includes(".")) host += ".local";
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(";");
      const eq = pair.indexOf("=");
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (name === "") continue;
      let domain = host;
      let path: string | undefined;
      let expired = false;
      for (const attribute of attributes) {
        const aeq = attribute.indexOf("=");
        const key = (aeq < 0 ? attribute : attribute.slice(0, aeq)).trim().toLowerCase();
        const v = aeq < 0 ? "" : attribute.slice(aeq + 1).trim();
        if (key === "domain" && v !== "") domain = v.startsWith(".") ? v : `.${v}`;
        if (key === "path" && v.startsWith("/")) path = v;
        if (key === "max-age" && /^-?\d+$/.test(v)) expired = Number(v) <= 0;
        if (key === "expires") {
          const at = Date.parse(v);
          if (!Number.isNaN(at) && at / 1000 <= now) expired = true;
        }
      }
      if (path === undefined) {
        const cut = requestPath.lastIndexOf("/");
        path = cut > 0 ? requestPath.slice(0, cut) : "/";
      }
      domain = domain.toLowerCase();
      if (expired) {
        this.#cookies.get(domain)?.get(path)?.delete(name);
        continue;
      }
      let paths = this.#cookies.get(domain);
      if (!paths) this.#cookies.set(domain, paths = new Map());
      let names = paths.get(path);
      if (!names) paths.set(path, names = new Map());
      names.set(name, value);
    }
  }

  /** Every cookie as `[name, value]`, in the jar's order. */
  entries(): [string, string][] {
    const out: [string, string][] = [];
    for (const paths of this.#cookies.values()) {
      for (const names of paths.values()) {
        for (const [name, value] of names) out.push([name, value]);
      }
    }
    return out;
  }

  /** `uri`'s `cookies`: name → value (a later duplicate name wins). */
  cookiesDict(): Record<string, string> {
    return Object.fromEntries(this.entries());
  }

  /** `uri`'s `cookies_string`: `name=value; name=value`. */
  cookiesString(): string {
    return this.entries().map(([n, v]) => `${n}=${v}`).join("; ");
  }

  /** The `Cookie` header for a request to `url`, if any cookie matches. */
  header(url: string): string | undefined {
    const { netloc, path } = splitUrl(url);
    const host = netloc.slice(netloc.lastIndexOf("@") + 1).replace(/:\d*$/, "").toLowerCase();
    const pairs: string[] = [];
    for (const [domain, paths] of this.#cookies) {
      const bare = domain.startsWith(".") ? domain.slice(1) : domain.replace(/\.local$/, "");
      if (host !== bare && !host.endsWith(`.${bare}`)) continue;
      for (const [cookiePath, names] of paths) {
        if (!(path || "/").startsWith(cookiePath)) continue;
        for (const [name, value] of names) pairs.push(`${name}=${value}`);
      }
    }
    return pairs.length > 0 ? pairs.join("; ") : undefined;
  }
}
