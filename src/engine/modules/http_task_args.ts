/**
 * The typed task arguments `get_url` and `uri` share (types only):
 * Ansible's `url_argument_spec` and the request options both modules add.
 *
 * @module
 */
import type { FileAttributes } from "./file_task_args.ts";

/**
 * Connection, credential and request options of `get_url` and `uri`.
 *
 * @example
 * ```ts
 * import type { HttpTaskOptions } from "./http_task_args.ts";
 * const options: HttpTaskOptions = { validate_certs: false, timeout: 5, headers: { Accept: "text/plain" } };
 * ```
 */
export type HttpTaskOptions = FileAttributes & {
  /** `get_url`: download even when `dest` exists; `uri`: `Cache-Control: no-cache`. */
  force?: boolean;
  /** `User-Agent` (default `ansible-httpget`). */
  http_agent?: string;
  /** Use the proxies of the target's environment (default true). */
  use_proxy?: boolean;
  /** Verify the server's certificate (default true). */
  validate_certs?: boolean;
  /** The user for HTTP authentication. */
  url_username?: string;
  /** Its password (never shown in results or on the target's process list). */
  url_password?: string;
  /** Send Basic credentials with the first request instead of after a 401. */
  force_basic_auth?: boolean;
  /** A client certificate (PEM) on the target. */
  client_cert?: string;
  /** Its private key on the target. */
  client_key?: string;
  /** Only `false` (Kerberos is not supported). */
  use_gssapi?: false;
  /** Seconds without progress before the request fails. */
  timeout?: number;
  /** Request headers. */
  headers?: Readonly<Record<string, string | number | boolean>>;
  /** Headers not sent again after a redirect. */
  unredirected_headers?: readonly string[];
  /** Decompress a gzip-encoded answer (default true). */
  decompress?: boolean;
  /** OpenSSL cipher names. */
  ciphers?: readonly string[];
  /** Use `~/.netrc` on the target when no credentials are given (default true). */
  use_netrc?: boolean;
  /** Accepted and ignored (writes are always atomic). */
  unsafe_writes?: boolean;
};
