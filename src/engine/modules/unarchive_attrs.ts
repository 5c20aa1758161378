/**
 * `mode`, `owner` and `group` of every unpacked path, as Ansible's
 * `unarchive` applies them after unpacking (`set_fs_attributes_if_different`
 * on each entry, then on each top folder): owners and groups of the path
 * itself (`lchown`, symlinks included), modes of everything but symlinks
 * (Ansible's chmod of a symlink is undone, and never reported). Pure: it
 * plans the commands; `unarchive.ts` runs them.
 *
 * @module
 */
import { applyMode, type ModeSpec } from "./file_mode.ts";
import { octalArg } from "./file_attrs.ts";
import type { RemoteStat } from "./remote_stat.ts";
import { shellQuote } from "./remote_sh.ts";

/** The attributes a task asks for, owner and group resolved on the target. */
export interface UnarchiveAttrSpec {
  /** Wanted mode. */
  readonly mode?: ModeSpec;
  /** Wanted owner, as given. */
  readonly owner?: string;
  /** Its uid (a number given, or the target's passwd entry), null when unknown. */
  readonly uid?: number | null;
  /** Wanted group, as given. */
  readonly group?: string;
  /** Its gid, null when unknown. */
  readonly gid?: number | null;
  /** The target's umask (for symbolic modes). */
  readonly umask: number;
}

/** A failure, in Ansible's words; `path` names the path when Ansible's result does. */
export interface AttrFailure {
  /** The message. */
  readonly msg: string;
  /** The path it is about (its facts join the result). */
  readonly path?: string;
}

/** What must be done on the unpacked paths. */
export interface UnarchiveAttrPlan {
  /** The sh commands, in order (each prints `E <msg>` and exits on failure). */
  readonly commands: string[];
  /** Whether something changes. */
  readonly changed: boolean;
  /** Where Ansible would stop, after the commands before it. */
  readonly failure?: AttrFailure;
}

/**
 * Plans `spec` over `paths` (each with its lstat, null when absent) as
 * Ansible walks them.
 *
 * @example
 * ```ts
 * import { planUnarchiveAttrs } from "./unarchive_attrs.ts";
 * const plan = planUnarchiveAttrs([{ path: "/srv/app/a", stat }], { owner: "web", uid: 1000, umask: 0o022 });
 * ```
 */
export function planUnarchiveAttrs(
  paths: readonly { path: string; stat: RemoteStat | null }[],
  spec: UnarchiveAttrSpec,
): UnarchiveAttrPlan {
  const commands: string[] = [];
  let changed = false;
  if (spec.mode === undefined && spec.owner === undefined && spec.group === undefined) {
    return { commands, changed };
  }
  for (const { path, stat } of paths) {
    const p = shellQuote(path);
    if (!stat) {
      return {
        commands,
        changed,
        failure: {
          msg: `Unexpected error when accessing exploded file: [Errno 2] No such file or ` +
            `directory: b'${path}'`,
        },
      };
    }
    let owned = false;
    if (spec.owner !== undefined) {
      if (spec.uid === null || spec.uid === undefined) {
        return {
          commands,
          changed,
          failure: { msg: `chown failed: failed to look up user ${spec.owner}`, path },
        };
      }
      if (stat.uid !== spec.uid) {
        commands.push(failing(`chown -h ${spec.uid} -- ${p}`, "chown failed"));
        owned = changed = true;
      }
    }
    if (spec.group !== undefined) {
      if (spec.gid === null || spec.gid === undefined) {
        return {
          commands,
          changed,
          failure: { msg: `chgrp failed: failed to look up group ${spec.group}`, path },
        };
      }
      if (stat.gid !== spec.gid) {
        commands.push(failing(`chgrp -h ${spec.gid} -- ${p}`, "chgrp failed"));
        owned = changed = true;
      }
    }
    if (spec.mode !== undefined && stat.type !== "link") {
      const wanted = applyMode(spec.mode, stat.mode, stat.type === "directory", spec.umask);
      // A new owner clears set-id bits: the mode is set again then (changed already).
      if (wanted !== stat.mode || (owned && (wanted & 0o6000) !== 0)) {
        commands.push(failing(`chmod ${octalArg(wanted)} -- ${p}`, "chmod failed"));
        changed = true;
      }
    }
  }
  return { commands, changed };
}

function failing(command: string, what: string): string {
  return `_ue=$(${command} 2>&1) || { printf 'E %s: %s\\n' ${shellQuote(what)} "$_ue"; exit 0; }`;
}

/**
 * The paths Ansible sets attributes on: each entry under `dest` (joined as
 * `os.path.join` joins), then the top folder of each entry with a `/`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { attrPaths } from "./unarchive_attrs.ts";
 * assert.deepEqual(attrPaths("/srv", ["app/", "app/a"]), ["/srv/app/", "/srv/app/a", "/srv/app"]);
 * ```
 */
export function attrPaths(dest: string, files: readonly string[]): string[] {
  const paths = files.map((f) => joinPath(dest, f));
  const tops: string[] = [];
  for (const f of files) {
    if (!f.includes("/")) continue;
    const top = f.split("/")[0];
    if (!tops.includes(top)) tops.push(top);
  }
  return [...paths, ...tops.map((top) => `${dest}/${top}`)];
}

/**
 * Python's `os.path.join(dest, name)`: an absolute name replaces dest.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { joinPath } from "./unarchive_attrs.ts";
 * assert.equal(joinPath("/srv/", "a"), "/srv/a");
 * assert.equal(joinPath("/srv", "/etc/x"), "/etc/x");
 * ```
 */
export function joinPath(dest: string, name: string): string {
  if (name.startsWith("/")) return name;
  return dest === "" || dest.endsWith("/") ? dest + name : `${dest}/${name}`;
}
