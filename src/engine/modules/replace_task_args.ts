/**
 * The typed task arguments of `replace` (types only; `task_args.ts` maps
 * the module name to them).
 *
 * @module
 */
import type { FileAttributes, OneOf } from "./file_task_args.ts";

/**
 * `replace`: every match of a Python regular expression in a file replaced.
 *
 * @example
 * ```ts
 * import type { ReplaceTaskArgs } from "./replace_task_args.ts";
 * const args: ReplaceTaskArgs = { path: "/etc/app.conf", regexp: "^port=\\d+", replace: "port=8080" };
 * ```
 */
export type ReplaceTaskArgs =
  & OneOf<"path" | "dest" | "destfile", string>
  & FileAttributes
  & {
    /** A Python regular expression, matched with `re.MULTILINE`. */
    regexp: string;
    /** The replacement (`\1`, `\g<name>` refer to groups); default empty. */
    replace?: string;
    /** Only replace after the first match of this pattern. */
    after?: string;
    /** Only replace before the last match of this pattern. */
    before?: string;
    /** Keep a timestamped copy before changing. */
    backup?: boolean;
    /** A command that must accept the new file (`%s` is its path). */
    validate?: string;
    /** `utf-8` (default), `latin-1` or `ascii`. */
    encoding?: string;
    /** Accepted and ignored: writes are always atomic. */
    unsafe_writes?: boolean;
  };
