/**
 * The typed task arguments of `group` (types only; `task_args.ts` maps the
 * module name to them).
 *
 * @module
 */

/**
 * `group`: a group present (with a gid) or absent.
 *
 * @example
 * ```ts
 * import type { GroupTaskArgs } from "./group_task_args.ts";
 * const args: GroupTaskArgs = { name: "deploy", gid: 2001 };
 * ```
 */
export type GroupTaskArgs = {
  /** The group's name. */
  name: string;
  /** `present` (default) or `absent`. */
  state?: "present" | "absent";
  /** Its gid. */
  gid?: number;
  /** A system group, when created. */
  system?: boolean;
  /** Not supported by tachyon (fails naming it); `false` is accepted. */
  local?: boolean;
  /** Allow a gid another group has (needs `gid`). */
  non_unique?: boolean;
};
