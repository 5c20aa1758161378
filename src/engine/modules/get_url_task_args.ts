/**
 * The typed task arguments of `get_url` (types only; `task_args.ts` maps
 * the module name to them).
 *
 * @module
 */
import type { HttpTaskOptions } from "./http_task_args.ts";

/**
 * `get_url`: downloads a URL to a file on the host.
 *
 * @example
 * ```ts
 * import type { GetUrlTaskArgs } from "./get_url_task_args.ts";
 * const args: GetUrlTaskArgs = {
 *   url: "https://example.com/app.tgz",
 *   dest: "/opt/",
 *   checksum: "sha256:https://example.com/SHA256SUMS",
 * };
 * ```
 */
export type GetUrlTaskArgs = HttpTaskOptions & {
  /** The URL (`http` or `https`). */
  url: string;
  /** A file, or a directory (the name then comes from the server or the URL). */
  dest: string;
  /** Keep a timestamped copy of a file that is replaced. */
  backup?: boolean;
  /** `algorithm:hexdigest` or `algorithm:URL-of-a-checksum-file` (`sha256:…`). */
  checksum?: string;
  /** A directory on the host to download into first. */
  tmp_dest?: string;
  /** The same as `url_username`. */
  username?: string;
  /** The same as `url_password`. */
  password?: string;
};
