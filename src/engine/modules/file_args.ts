/**
 * The arguments of the `file` module: their types and how they are read
 * from a task (aliases, choices, booleans, octal or symbolic modes), kept
 * apart from what the module does with them.
 *
 * @module
 */
import { ArgReader } from "./args.ts";
import type { ModuleArgsInput } from "./module.ts";
import { type ModeSpec, parseMode } from "./file_mode.ts";

/**
 * The states `file` can ensure.
 *
 * @example
 * ```ts
 * import type { FileState } from "./file_args.ts";
 *
 * const state: FileState = "directory";
 * ```
 */
export type FileState = "absent" | "directory" | "file" | "hard" | "link" | "touch";

/**
 * Arguments of `file`.
 *
 * @example
 * ```ts
 * import type { FileArgs } from "./file_args.ts";
 *
 * const args: FileArgs = { path: "/srv/app", recurse: false, force: false, follow: true };
 * ```
 */
export interface FileArgs {
  /** The path (aliases `dest`, `name`). */
  path: string;
  /** Wanted state; default: the current one (`file` when absent). */
  state?: FileState;
  /** Target of a link. */
  src?: string;
  /** Mode (octal or symbolic). */
  mode?: ModeSpec;
  /** Owner. */
  owner?: string;
  /** Group. */
  group?: string;
  /** Apply mode and ownership to a directory's contents too. */
  recurse: boolean;
  /** Replace what stands in a link's way. */
  force: boolean;
  /** Operate on a symlink's target for `file` and `directory`. */
  follow: boolean;
}

const STATES: readonly FileState[] = ["absent", "directory", "file", "hard", "link", "touch"];

/**
 * Reads the task arguments of `file` (`dest` and `name` are aliases of `path`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFileArgs } from "./file_args.ts";
 *
 * const args = parseFileArgs({ dest: "/srv/app", state: "directory", recurse: "yes" });
 * assert.equal(args.path, "/srv/app");
 * assert.equal(args.recurse, true);
 * ```
 */
export function parseFileArgs(input: ModuleArgsInput): FileArgs {
  const a = ArgReader.from("file", input, [
    { name: "path", aliases: ["dest", "name"] },
    { name: "state" },
    { name: "src" },
    { name: "mode" },
    { name: "owner" },
    { name: "group" },
    { name: "recurse" },
    { name: "force" },
    { name: "follow" },
  ]);
  return {
    path: a.requiredString("path"),
    state: a.choice("state", STATES),
    src: a.string("src"),
    mode: parseMode("file", a.values.mode),
    owner: a.string("owner"),
    group: a.string("group"),
    recurse: a.bool("recurse", false),
    force: a.bool("force", false),
    follow: a.bool("follow", true),
  };
}
