/**
 * One HTTP response's head as the target's client saved it (curl's `-D`
 * dump, wget's `-S` lines), read the way Python's `http.client` and
 * `email` read it: status and reason, headers in order, the content type
 * and charset `uri` decodes with, and the file name a server suggests.
 *
 * @module
 */

/** One response's status line and headers. */
export interface ResponseHead {
  /** The status code. */
  readonly status: number;
  /** The reason phrase (`Not Found`), maybe empty. */
  readonly reason: string;
  /** Headers in order, names as sent. */
  readonly headers: readonly (readonly [string, string])[];
}

/**
 * The last response head in a dump of one or more (`100 Continue`, an
 * authentication challenge, then the answer); undefined when there is none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseResponseHead } from "./http_response.ts";
 * const head = parseResponseHead("HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\n");
 * assert.equal(head?.reason, "Not Found");
 * ```
 */
export function parseResponseHead(dump: string): ResponseHead | undefined {
  let last: ResponseHead | undefined;
  let current: { status: number; reason: string; headers: [string, string][] } | undefined;
  for (const raw of dump.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const status = /^HTTP\/[\d.]+\s+(\d{3})(?:\s(.*))?$/.exec(line);
    if (status) {
      current = { status: Number(status[1]), reason: (status[2] ?? "").trim(), headers: [] };
      last = current;
      continue;
    }
    if (!current || line === "") continue;
    if (/^[ \t]/.test(line) && current.headers.length > 0) {
      const [name, value] = current.headers[current.headers.length - 1];
      current.headers[current.headers.length - 1] = [name, `${value} ${line.trim()}`];
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    current.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return last;
}

/**
 * The headers as Ansible's `fetch_url` puts them in its `info`: names
 * lowercased; a repeated header's values joined with `", "` after a
 * success (`joinRepeated`), the last one after an HTTP error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { headerInfo } from "./http_response.ts";
 * assert.deepEqual(headerInfo([["X-A", "1"], ["x-a", "2"]], true), { "x-a": "1, 2" });
 * ```
 */
export function headerInfo(
  headers: readonly (readonly [string, string])[],
  joinRepeated: boolean,
): Record<string, string> {
  const info: Record<string, string> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    info[key] = joinRepeated && key in info ? `${info[key]}, ${value}` : value;
  }
  return info;
}

/**
 * The first value of header `name` (any case).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { headerValue } from "./http_response.ts";
 * assert.equal(headerValue([["Location", "/x"]], "location"), "/x");
 * ```
 */
export function headerValue(
  headers: readonly (readonly [string, string])[],
  name: string,
): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

/**
 * Every value of header `name` (any case), in order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { headerValues } from "./http_response.ts";
 * assert.deepEqual(headerValues([["Set-Cookie", "a=1"], ["set-cookie", "b=2"]], "Set-Cookie"), [
 *   "a=1",
 *   "b=2",
 * ]);
 * ```
 */
export function headerValues(
  headers: readonly (readonly [string, string])[],
  name: string,
): string[] {
  return headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}

/** A response's content type as `uri` reads it (`parse_content_type`). */
export interface ContentType {
  /** `maintype/subtype`, lowercased; `text/plain` when missing or malformed. */
  readonly type: string;
  /** The part after `/`. */
  readonly subType: string;
  /** The `charset` parameter, or `utf-8`. */
  readonly charset: string;
}

/**
 * Python's `email` `get_content_type()` and `get_param('charset')` for a
 * `Content-Type` value (undefined: the header is absent).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseContentType } from "./http_response.ts";
 * assert.deepEqual(parseContentType("Application/JSON; charset=latin-1"), {
 *   type: "application/json", subType: "json", charset: "latin-1",
 * });
 * ```
 */
export function parseContentType(value: string | undefined): ContentType {
  let type = "text/plain";
  if (value !== undefined) {
    const main = value.split(";")[0].trim().toLowerCase();
    if (main.split("/").length === 2) type = main;
  }
  type = type.split(",")[0];
  const slash = type.indexOf("/");
  const charset = headerParam(value ?? "", "charset") ?? "utf-8";
  return { type, subType: type.slice(slash + 1), charset: charset.split(",")[0] };
}

/**
 * A parameter of a header value (`filename` of `Content-Disposition`), with
 * quotes removed, as `email`'s `get_param` returns plain values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { headerParam } from "./http_response.ts";
 * assert.equal(headerParam('attachment; filename="a b.txt"', "filename"), "a b.txt");
 * ```
 */
export function headerParam(value: string, name: string): string | undefined {
  const params = value.split(";").slice(1);
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== name.toLowerCase()) continue;
    let v = param.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
      v = v.slice(1, -1).replace(/\\(.)/g, "$1");
    }
    return v;
  }
  return undefined;
}

/**
 * `get_url`'s file name from `Content-Disposition`
 * (`attachment; ?filename="?([^"]+)` at the start, then its basename).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { attachmentFilename } from "./http_response.ts";
 * assert.equal(attachmentFilename({ "content-disposition": 'attachment; filename="../x.txt"' }), "x.txt");
 * ```
 */
export function attachmentFilename(info: Record<string, unknown>): string | undefined {
  const value = info["content-disposition"];
  if (typeof value !== "string") return undefined;
  const m = /^attachment; ?filename="?([^"]+)/.exec(value);
  if (!m) return undefined;
  return m[1].slice(m[1].lastIndexOf("/") + 1);
}
