/**
 * The arguments `get_url` and `uri` share: Ansible's `url_argument_spec`
 * (`url`, `force`, `http_agent`, `validate_certs`, credentials, client
 * certificates, …), the request options both add (`headers`, `timeout`,
 * `unredirected_headers`, `decompress`, `ciphers`, `use_netrc`) and the
 * file options (`mode`, `owner`, `group`), read with Ansible's defaults
 * and types. What tachyon cannot do (`use_gssapi`, SELinux contexts,
 * `attributes`) fails naming the argument.
 *
 * @module
 */
import type { ArgReader, ParamSpec } from "./args.ts";
import { ModuleArgsError } from "./module.ts";
import { type ModeSpec, parseMode } from "./file_mode.ts";
import type { HttpTransport } from "./http_client.ts";

/**
 * Ansible's `url_argument_spec()` names; `aliases` gives each module's
 * aliases of the credentials (`username`/`user`, `password`).
 *
 * @example
 * ```ts
 * import { urlParams } from "./http_args.ts";
 * urlParams(["username"], ["password"]).map((p) => p.name);
 * ```
 */
export function urlParams(
  userAliases: readonly string[],
  passwordAliases: readonly string[],
): ParamSpec[] {
  return [
    { name: "url" },
    { name: "force" },
    { name: "http_agent" },
    { name: "use_proxy" },
    { name: "validate_certs" },
    { name: "url_username", aliases: userAliases },
    { name: "url_password", aliases: passwordAliases },
    { name: "force_basic_auth" },
    { name: "client_cert" },
    { name: "client_key" },
    { name: "use_gssapi" },
  ];
}

/**
 * The request options both modules add, and the file options
 * (`add_file_common_args`).
 *
 * @example
 * ```ts
 * import { REQUEST_PARAMS } from "./http_args.ts";
 * REQUEST_PARAMS.some((p) => p.name === "headers"); // true
 * ```
 */
export const REQUEST_PARAMS: readonly ParamSpec[] = [
  { name: "timeout" },
  { name: "headers" },
  { name: "unredirected_headers" },
  { name: "decompress" },
  { name: "ciphers" },
  { name: "use_netrc" },
  { name: "mode" },
  { name: "owner" },
  { name: "group" },
  { name: "seuser" },
  { name: "serole" },
  { name: "selevel" },
  { name: "setype" },
  { name: "attributes", aliases: ["attr"] },
  { name: "unsafe_writes" },
];

/** What both modules read from their arguments. */
export interface HttpCommonArgs {
  /** `url`. */
  readonly url: string;
  /** `force`. */
  readonly force: boolean;
  /** `http_agent` (default `ansible-httpget`). */
  readonly httpAgent: string;
  /** `url_username`. */
  readonly username?: string;
  /** `url_password` (never shown). */
  readonly password?: string;
  /** `force_basic_auth`. */
  readonly forceBasicAuth: boolean;
  /** `headers`, in order. */
  readonly headers: readonly (readonly [string, string])[];
  /** `unredirected_headers`. */
  readonly unredirectedHeaders: readonly string[];
  /** `decompress` (default true). */
  readonly decompress: boolean;
  /** `use_netrc` (default true). */
  readonly useNetrc: boolean;
  /** How the target's client connects. */
  readonly transport: HttpTransport;
  /** `mode`. */
  readonly mode?: ModeSpec;
  /** `owner`. */
  readonly owner?: string;
  /** `group`. */
  readonly group?: string;
}

/**
 * Reads the shared arguments (`url` must have been checked by the caller).
 *
 * @example
 * ```ts
 * import { ArgReader } from "./args.ts";
 * import { readHttpCommon, REQUEST_PARAMS, urlParams } from "./http_args.ts";
 * const a = ArgReader.from("uri", { url: "http://h/" }, [...urlParams([], []), ...REQUEST_PARAMS]);
 * readHttpCommon(a, 30).transport.timeout; // 30
 * ```
 */
export function readHttpCommon(
  a: ArgReader,
  defaultTimeout: number,
  extra: Partial<Pick<HttpTransport, "caPath" | "unixSocket">> = {},
): HttpCommonArgs {
  for (const name of ["seuser", "serole", "selevel", "setype", "attributes"]) {
    if (a.has(name)) throw a.error(`${name} is not supported by tachyon's ${a.module} module yet`);
  }
  if (a.bool("use_gssapi", false)) {
    throw a.error(`use_gssapi is not supported by tachyon's ${a.module} module yet`);
  }
  a.bool("unsafe_writes", false);
  const timeout = a.number("timeout", defaultTimeout);
  const ciphers = a.list("ciphers");
  const password = a.string("url_password");
  return {
    url: a.requiredString("url"),
    force: a.bool("force", false),
    httpAgent: a.string("http_agent") ?? "ansible-httpget",
    username: a.string("url_username"),
    password,
    forceBasicAuth: a.bool("force_basic_auth", false),
    headers: readHeaders(a),
    unredirectedHeaders: a.list("unredirected_headers") ?? [],
    decompress: a.bool("decompress", true),
    useNetrc: a.bool("use_netrc", true),
    transport: {
      timeout,
      validateCerts: a.bool("validate_certs", true),
      clientCert: a.string("client_cert"),
      clientKey: a.string("client_key"),
      useProxy: a.bool("use_proxy", true),
      ciphers: ciphers && ciphers.length > 0 ? ciphers.join(":") : undefined,
      ...extra,
    },
    mode: parseMode(a.module, a.values.mode),
    owner: a.string("owner"),
    group: a.string("group"),
  };
}

/** `headers` (type dict): an object, JSON text, or `k=v, k=v`. */
function readHeaders(a: ArgReader): [string, string][] {
  const raw = a.values.headers;
  if (raw === undefined) return [];
  let dict: Record<string, unknown>;
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    dict = raw as Record<string, unknown>;
  } else if (typeof raw === "string") {
    dict = parseDictText(a, raw);
  } else {
    throw a.error(
      `argument 'headers' is of type ${
        Array.isArray(raw) ? "<class 'list'>" : `<class '${typeof raw}'>`
      } and we were unable to convert to dict: dictionary requested, could not parse JSON or key=value`,
    );
  }
  return Object.entries(dict).map(([k, v]) => [k, pythonStr(v)]);
}

function parseDictText(a: ArgReader, text: string): Record<string, unknown> {
  const fail = () =>
    a.error(
      "argument 'headers' is of type <class 'str'> and we were unable to convert to dict: " +
        "dictionary requested, could not parse JSON or key=value",
    );
  if (text.trim().startsWith("{")) {
    try {
      const parsed = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed;
    } catch {
      // fall through to the error
    }
    throw fail();
  }
  const out: Record<string, unknown> = {};
  for (const field of text.split(/[,\s]+/).filter((f) => f !== "")) {
    const eq = field.indexOf("=");
    if (eq < 0) throw fail();
    out[field.slice(0, eq)] = field.slice(eq + 1);
  }
  return out;
}

/**
 * A header or form value as Python's `str()` writes it (`True`, `1`, `1.5`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonStr } from "./http_args.ts";
 * assert.equal(pythonStr(true), "True");
 * ```
 */
export function pythonStr(value: unknown): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null || value === undefined) return "None";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * One of `choices` (or `fallback`), with Ansible's message listing the
 * choices in the spec's order.
 *
 * @example
 * ```ts
 * import { ArgReader } from "./args.ts";
 * import { orderedChoice } from "./http_args.ts";
 * const a = ArgReader.from("uri", { body_format: "json" }, [{ name: "body_format" }]);
 * orderedChoice(a, "body_format", ["raw", "json"], "raw"); // "json"
 * ```
 */
export function orderedChoice<T extends string>(
  a: ArgReader,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const v = a.string(name);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v)) {
    throw a.error(`value of ${name} must be one of: ${choices.join(", ")}, got: ${v}`);
  }
  return v as T;
}

/**
 * Ansible checks required arguments before unknown ones: `missing
 * required arguments: dest, url` comes first, whatever else is wrong.
 *
 * @example
 * ```ts
 * import { ModuleArgsError } from "./module.ts";
 * import { requireFirst } from "./http_args.ts";
 * try {
 *   requireFirst("get_url", { url: "http://h/" }, [["dest"], ["url"]]);
 * } catch (error) {
 *   if (!(error instanceof ModuleArgsError)) throw error;
 * }
 * ```
 */
export function requireFirst(
  module: string,
  input: Record<string, unknown> | string | undefined,
  required: readonly (readonly string[])[],
): void {
  if (typeof input !== "object") return;
  const missing = required
    .filter((names) => names.every((n) => input[n] === undefined || input[n] === null))
    .map((names) => names[0]);
  if (missing.length > 0) {
    throw new ModuleArgsError(module, `missing required arguments: ${missing.sort().join(", ")}`);
  }
}
