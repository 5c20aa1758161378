/**
 * The typed task arguments of `authorized_key` (types only; `task_args.ts`
 * maps the module name to them).
 *
 * @module
 */

/**
 * `authorized_key`: SSH keys in a user's `authorized_keys`.
 *
 * @example
 * ```ts
 * import type { AuthorizedKeyTaskArgs } from "./authorized_key_task_args.ts";
 * const args: AuthorizedKeyTaskArgs = { user: "deploy", key: "ssh-ed25519 AAAA… ci", exclusive: true };
 * ```
 */
export type AuthorizedKeyTaskArgs = {
  /** The user whose keys they are. */
  user: string;
  /** The keys, one per line (not a URL: tachyon does not fetch keys). */
  key: string;
  /** Another file than `~user/.ssh/authorized_keys`. */
  path?: string;
  /** Create the key file's directory, owned by the user, mode 0700 (default true). */
  manage_dir?: boolean;
  /** `present` (default) or `absent`. */
  state?: "present" | "absent";
  /** Options for every key, e.g. `no-port-forwarding,from="10.0.0.0/8"`. */
  key_options?: string;
  /** Remove every other line of the file. */
  exclusive?: boolean;
  /** A comment for every key. */
  comment?: string;
  /** Accepted and ignored (keys are never fetched). */
  validate_certs?: boolean;
  /** Write through a symlinked key file instead of replacing the link. */
  follow?: boolean;
};
