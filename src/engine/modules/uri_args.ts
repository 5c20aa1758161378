/**
 * The arguments of `uri`, read as Ansible's argument spec reads them:
 * names, aliases (`user`, `password`, `attr`), defaults (`GET`, `raw`,
 * `status_code: [200]`, `timeout: 30`, `follow_redirects: safe`), the
 * `body`/`src` exclusion and the method check.
 *
 * @module
 */
import { ArgReader } from "./args.ts";
import { ModuleArgsError, type ModuleArgsInput } from "./module.ts";
import {
  type HttpCommonArgs,
  orderedChoice,
  readHttpCommon,
  REQUEST_PARAMS,
  requireFirst,
  urlParams,
} from "./http_args.ts";
import type { FollowRedirects } from "./http_fetch.ts";
import { type BodyFormat, encodeBody, UriBodyError } from "./uri_body.ts";

/** Arguments of `uri`. */
export interface UriArgs extends HttpCommonArgs {
  /** The method, uppercase. */
  readonly method: string;
  /** The encoded body (undefined: none, or `src`). */
  readonly body?: Uint8Array;
  /** `src`: a file whose content is the body. */
  readonly src?: string;
  /** `remote_src`: `src` is on the target (else on the controller). */
  readonly remoteSrc: boolean;
  /** `dest`: where to save the body on the target. */
  readonly dest?: string;
  /** `return_content`. */
  readonly returnContent: boolean;
  /** `follow_redirects`. */
  readonly followRedirects: FollowRedirects;
  /** `creates`. */
  readonly creates?: string;
  /** `removes`. */
  readonly removes?: string;
  /** `status_code`: the statuses that succeed. */
  readonly statusCode: readonly number[];
}

const PARAMS = [
  ...urlParams(["user"], ["password"]),
  ...REQUEST_PARAMS,
  { name: "dest" },
  { name: "body" },
  { name: "body_format" },
  { name: "src" },
  { name: "method" },
  { name: "return_content" },
  { name: "follow_redirects" },
  { name: "creates" },
  { name: "removes" },
  { name: "status_code" },
  { name: "unix_socket" },
  { name: "remote_src" },
  { name: "ca_path" },
];

const FORMATS: readonly BodyFormat[] = ["form-urlencoded", "json", "raw", "form-multipart"];
const FOLLOW = ["all", "no", "none", "safe", "urllib2", "yes"] as const;

/**
 * Reads the task arguments of `uri`.
 *
 * @example
 * ```ts
 * import { parseUriArgs } from "./uri_args.ts";
 * const args = parseUriArgs({ url: "http://h/api", method: "post", body: { a: 1 }, body_format: "json" });
 * args.method; // "POST"
 * ```
 */
export function parseUriArgs(input: ModuleArgsInput): UriArgs {
  requireFirst("uri", input, [["url"]]);
  let a: ArgReader;
  try {
    a = ArgReader.from("uri", input, PARAMS);
  } catch (error) {
    // Ansible's uri runs through its action plugin, as ansible.legacy.uri.
    if (!(error instanceof ModuleArgsError)) throw error;
    throw new ModuleArgsError("uri", error.message.replace("(uri)", "(ansible.legacy.uri)"));
  }
  if (!a.has("url")) throw a.error("missing required arguments: url");
  a.exclusive("body", "src");
  const format = orderedChoice(a, "body_format", FORMATS, "raw").toLowerCase() as BodyFormat;
  const follow = orderedChoice(a, "follow_redirects", FOLLOW, "safe");
  const method = (a.string("method") ?? "GET").toUpperCase();
  if (!/^[A-Z]+$/.test(method)) {
    throw a.error(
      "Parameter 'method' needs to be a single word in uppercase, like GET or POST.",
    );
  }
  const common = readHttpCommon(a, 30, {
    caPath: a.string("ca_path"),
    unixSocket: a.string("unix_socket"),
  });
  let encoded;
  try {
    encoded = encodeBody(a.values.body, format);
  } catch (error) {
    if (error instanceof UriBodyError) throw a.error(error.message);
    throw error;
  }
  const headers = [...common.headers];
  if (
    encoded.contentType !== undefined &&
    !headers.some(([name]) => name.toLowerCase() === "content-type")
  ) {
    headers.push(["Content-Type", encoded.contentType]);
  }
  return {
    ...common,
    headers,
    method,
    body: encoded.data,
    src: a.string("src"),
    remoteSrc: a.bool("remote_src", false),
    dest: a.string("dest"),
    returnContent: a.bool("return_content", false),
    followRedirects: follow === "yes" ? "all" : follow === "no" ? "none" : follow,
    creates: a.string("creates"),
    removes: a.string("removes"),
    statusCode: statusCodes(a),
  };
}

function statusCodes(a: ArgReader): number[] {
  const raw = a.values.status_code;
  if (raw === undefined) return [200];
  const items = Array.isArray(raw) ? raw : String(raw).split(",").map((s) => s.trim());
  return items.map((item) => {
    const n = typeof item === "number" ? item : Number(String(item).trim());
    if (!Number.isInteger(n) || String(item).trim() === "") {
      throw a.error(
        `Elements value for option 'status_code' is of type ${
          typeof item === "string" ? "<class 'str'>" : "<class 'float'>"
        } and we were unable to convert to int: ` +
          `<class '${typeof item === "string" ? "str" : "float"}'> cannot be converted to an int`,
      );
    }
    return n;
  });
}
