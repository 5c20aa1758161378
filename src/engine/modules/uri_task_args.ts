/**
 * The typed task arguments of `uri` (types only; `task_args.ts` maps the
 * module name to them).
 *
 * @module
 */
import type { HttpTaskOptions } from "./http_task_args.ts";

/**
 * `uri`: one HTTP request from the host.
 *
 * @example
 * ```ts
 * import type { UriTaskArgs } from "./uri_task_args.ts";
 * const args: UriTaskArgs = {
 *   url: "http://127.0.0.1:8080/api/items",
 *   method: "POST",
 *   body: { name: "web" },
 *   body_format: "json",
 *   status_code: [200, 201],
 * };
 * ```
 */
export type UriTaskArgs = HttpTaskOptions & {
  /** The URL (`http` or `https`). */
  url: string;
  /** The method (default `GET`). */
  method?: string;
  /** The body: text, or data for `json` and `form-urlencoded`. */
  body?: unknown;
  /** How to encode `body` (default `raw`). */
  body_format?: "raw" | "json" | "form-urlencoded";
  /** A file whose content is the body (on the controller, or the host with `remote_src`). */
  src?: string;
  /** `src` is on the host. */
  remote_src?: boolean;
  /** Save the body to this file (or directory) on the host. */
  dest?: string;
  /** Return the body as `content`. */
  return_content?: boolean;
  /** `safe` (default: GET and HEAD), `all`, `none`, `urllib2`, `yes`, `no`. */
  follow_redirects?: "all" | "no" | "none" | "safe" | "urllib2" | "yes";
  /** Skip the request when this path exists on the host. */
  creates?: string;
  /** Skip the request unless this path exists on the host. */
  removes?: string;
  /** The statuses that succeed (default `[200]`). */
  status_code?: number | readonly number[];
  /** A CA bundle on the host. */
  ca_path?: string;
  /** Connect through this Unix socket on the host. */
  unix_socket?: string;
  /** The same as `url_username`. */
  user?: string;
  /** The same as `url_password`. */
  password?: string;
};
