/**
 * The module side of editing a text file on the host (`lineinfile`,
 * `blockinfile`): reading it or failing as Ansible does, and the two diff
 * entries (content, file attributes).
 *
 * @module
 */
import type { ModuleContext } from "./module.ts";
import type { AttrPlan } from "./file_attrs.ts";
import { readTextFile, type TextFile, TextFileError } from "./text_file.ts";
import type { ModuleResult } from "../types.ts";

/**
 * The file as read, or the module's failed result when it cannot be edited.
 *
 * @example
 * ```ts
 * const read: TextFileRead = { failure: { changed: false, failed: true, msg: "…" } };
 * ```
 */
export type TextFileRead =
  | { readonly file: TextFile; readonly failure?: undefined }
  | { readonly file?: undefined; readonly failure: ModuleResult };

/**
 * {@linkcode readTextFile}, with a {@linkcode TextFileError} turned into the
 * module's failed result (`msg`, `rc`).
 *
 * @example
 * ```ts
 * const read = await readForEdit(ctx, args.path);
 * if (read.failure) return read.failure;
 * const file = read.file;
 * ```
 */
export async function readForEdit(ctx: ModuleContext, path: string): Promise<TextFileRead> {
  try {
    return { file: await readTextFile(ctx, path) };
  } catch (error) {
    if (!(error instanceof TextFileError)) throw error;
    return { failure: { changed: false, failed: true, msg: error.message, rc: error.rc } };
  }
}

/**
 * Ansible's content diff entry of a file module.
 *
 * @example
 * ```ts
 * const diff: ContentDiff = {
 *   before: "a\n",
 *   after: "a\nb\n",
 *   before_header: "/etc/hosts (content)",
 *   after_header: "/etc/hosts (content)",
 * };
 * ```
 */
export interface ContentDiff {
  /** The old content (empty unless in diff mode). */
  before: string;
  /** The new content (empty unless in diff mode). */
  after: string;
  /** `PATH (content)`. */
  before_header: string;
  /** `PATH (content)`. */
  after_header: string;
}

/**
 * The content diff entry for `path`: the texts only in diff mode.
 *
 * @example
 * ```ts
 * contentDiff(ctx, "/etc/hosts", "a\n", "a\nb\n");
 * // { before: "a\n", after: "a\nb\n", before_header: "/etc/hosts (content)", … } in diff mode
 * ```
 */
export function contentDiff(
  ctx: ModuleContext,
  path: string,
  before: string,
  after: string,
): ContentDiff {
  return {
    before: ctx.diff ? before : "",
    after: ctx.diff ? after : "",
    before_header: `${path} (content)`,
    after_header: `${path} (content)`,
  };
}

/**
 * The file attributes diff entry for `path`: headers, plus `plan`'s
 * `before`/`after` when the attributes change.
 *
 * @example
 * ```ts
 * result.diff = [contentDiff(ctx, path, before, after), attrDiff(path, plan)];
 * ```
 */
export function attrDiff(path: string, plan: AttrPlan): Record<string, unknown> {
  const diff: Record<string, unknown> = {
    before_header: `${path} (file attributes)`,
    after_header: `${path} (file attributes)`,
  };
  if (plan.changed) Object.assign(diff, { before: plan.before, after: plan.after });
  return diff;
}
