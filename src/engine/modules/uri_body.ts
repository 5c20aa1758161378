/**
 * `uri`'s request body by `body_format`, as Ansible builds it: `json`
 * dumps anything but a string the way Python's `json.dumps` does;
 * `form-urlencoded` encodes a mapping or a list of pairs with Python's
 * `urlencode(…, doseq=True)`; `raw` sends a string as is. Each format but
 * `raw` adds its `Content-Type` unless the task set one.
 *
 * @module
 */
import { pythonJsonDumps } from "../../python/json_dumps.ts";
import { pythonStr } from "./http_args.ts";

/** `uri`'s `body_format`. */
export type BodyFormat = "raw" | "json" | "form-urlencoded" | "form-multipart";

/**
 * A body `uri` cannot send (worded as Ansible's failure).
 *
 * @example
 * ```ts
 * import { UriBodyError } from "./uri_body.ts";
 * new UriBodyError("failed to parse body as form_urlencoded: …").name; // "UriBodyError"
 * ```
 */
export class UriBodyError extends Error {
  /** The error's name. */
  override name = "UriBodyError";
}

/**
 * Python's `quote_plus` (UTF-8, nothing but `A-Za-z0-9_.-~` kept, spaces
 * as `+`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quotePlus } from "./uri_body.ts";
 * assert.equal(quotePlus("a b/é"), "a+b%2F%C3%A9");
 * ```
 */
export function quotePlus(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.~-]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/**
 * Ansible's `form_urlencoded`: a string as is; a mapping or a list of
 * `[key, value]` pairs, each value a scalar or a list of them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formUrlencoded } from "./uri_body.ts";
 * assert.equal(formUrlencoded({ a: "x y", b: [1, 2], c: null }), "a=x+y&b=1&b=2");
 * ```
 */
export function formUrlencoded(body: unknown): string {
  if (typeof body === "string") return body;
  let pairs: [unknown, unknown][];
  if (Array.isArray(body)) {
    pairs = body.map((item) => {
      const pair = Array.isArray(item) ? item : typeof item === "string" ? [...item] : [item];
      if (pair.length !== 2) {
        throw new UriBodyError(
          `failed to parse body as form_urlencoded: too many values to unpack (expected 2)`,
        );
      }
      return [pair[0], pair[1]];
    });
  } else if (typeof body === "object" && body !== null) {
    pairs = Object.entries(body);
  } else {
    return pythonStr(body);
  }
  const parts: string[] = [];
  for (const [key, values] of pairs) {
    const list = typeof values === "string" || typeof values !== "object" || values === null
      ? [values]
      : Array.isArray(values)
      ? values
      : Object.keys(values);
    for (const value of list) {
      if (value === null || value === undefined) continue;
      parts.push(`${quotePlus(pythonStr(key))}=${quotePlus(pythonStr(value))}`);
    }
  }
  return parts.join("&");
}

/** The encoded body and the `Content-Type` its format implies. */
export interface EncodedBody {
  /** The bytes to send (undefined: no body). */
  readonly data?: Uint8Array;
  /** The content type to add unless the task set one. */
  readonly contentType?: string;
}

/**
 * Encodes `body` for `format`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeBody } from "./uri_body.ts";
 * assert.equal(new TextDecoder().decode(encodeBody({ a: [1] }, "json").data), '{"a": [1]}');
 * ```
 */
export function encodeBody(body: unknown, format: BodyFormat): EncodedBody {
  const bytes = (text: string) => new TextEncoder().encode(text);
  if (format === "json") {
    const text = typeof body === "string"
      ? body
      : body === undefined
      ? "null"
      : pythonJsonDumps(body);
    return { data: bytes(text), contentType: "application/json" };
  }
  if (format === "form-urlencoded") {
    return {
      data: body === undefined ? undefined : bytes(formUrlencoded(body)),
      contentType: "application/x-www-form-urlencoded",
    };
  }
  if (format === "form-multipart") {
    throw new UriBodyError(
      "body_format=form-multipart is not supported by tachyon's uri module yet",
    );
  }
  if (body === undefined) return {};
  if (typeof body !== "string") {
    throw new UriBodyError(
      `body must be a string with body_format=raw (got ${
        Array.isArray(body) ? "a list" : typeof body
      }); ` +
        `use body_format=json or form-urlencoded`,
    );
  }
  return { data: bytes(body) };
}
