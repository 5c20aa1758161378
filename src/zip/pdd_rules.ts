/**
 * Where a private data dir (pdd) payload may not put what: the places
 * tachyon itself reads or writes after extraction must stay inside the pdd,
 * so no zip entry may turn them into a way out.
 *
 * - No symlink at `artifacts`, `env` or `inventory`, nor anywhere below
 *   them: tachyon writes `artifacts/<ident>/…` (fact cache included) and
 *   reads `env/*` and the default `inventory`; a link there would send those
 *   writes or reads outside the pdd (AWX never puts links there).
 * - No entry at all whose first component starts with `.tachyon-`: those
 *   names are tachyon's own (the transmit and artifacts zips, the ssh key
 *   dir, the agent socket dir).
 *
 * Symlinks elsewhere (in `project/`, typically) are the job's content and
 * are kept, wherever they point.
 *
 * @module
 */

/** First path components below which a payload may hold no symlink. */
export const NO_SYMLINK_DIRS: readonly string[] = ["artifacts", "env", "inventory"];

/** Prefix of the top-level names reserved for tachyon's own files. */
export const RESERVED_PREFIX = ".tachyon-";

/**
 * Why an entry at `parts` (its safe path components) of `kind` may not be
 * extracted into a pdd, or `undefined` when it may.
 *
 * @example
 * ```ts
 * pddEntryRefusal(["artifacts", "1"], "symlink"); // "it is a symlink under artifacts/, …"
 * pddEntryRefusal(["project", "link"], "symlink"); // undefined
 * ```
 */
export function pddEntryRefusal(
  parts: readonly string[],
  kind: "file" | "dir" | "symlink",
): string | undefined {
  const top = parts[0];
  if (top === undefined) return undefined;
  if (top.startsWith(RESERVED_PREFIX)) {
    return `names starting with ${RESERVED_PREFIX} are reserved for tachyon's own files`;
  }
  if (kind === "symlink" && NO_SYMLINK_DIRS.includes(top)) {
    return `it is a symlink ${parts.length === 1 ? "at" : "under"} ${top}/, where tachyon ` +
      "reads and writes after extraction: it could lead outside the private data dir";
  }
  return undefined;
}
