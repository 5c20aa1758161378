/**
 * Read-then-write of a whole text file on the host, for `lineinfile` and
 * `blockinfile`: one exec reads it (content, stat, umask, ids), a second
 * writes the new content (stdin), backup and attributes, only on change.
 *
 * @module
 */
import type { ModuleContext } from "./module.ts";
import { attrCommands, type AttrPlan, type AttrSpec, planAttrs } from "./file_attrs.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";
import { readStat, type RemoteStat } from "./remote_stat.ts";

/** A text file as read from the host. */
export interface TextFile {
  /** The path as given. */
  readonly path: string;
  /** The path written to (symlinks resolved). */
  readonly realPath: string;
  /** The file's stat (symlinks followed), or null when it does not exist. */
  readonly stat: RemoteStat | null;
  /** Its content (empty when it does not exist). */
  readonly text: string;
  /** The target's umask. */
  readonly umask: number;
  /** The connecting user's uid, gid and names (what a new file gets). */
  readonly user: { uid: number; gid: number; owner: string; group: string };
}

/**
 * Reading the file failed: a directory (`rc` 256), or not UTF-8 text.
 *
 * @example
 * ```ts
 * throw new TextFileError("Path /etc is a directory !", 256);
 * ```
 */
export class TextFileError extends Error {
  override name = "TextFileError";
  /** Ansible's `rc` for this failure, if any. */
  readonly rc?: number;

  /** Creates the error. */
  constructor(message: string, rc?: number) {
    super(message);
    this.rc = rc;
  }
}

/**
 * Reads `path` (following symlinks) in one exec.
 *
 * @example
 * ```ts
 * const file = await readTextFile(ctx, "/etc/hosts");
 * ```
 */
export async function readTextFile(ctx: ModuleContext, path: string): Promise<TextFile> {
  const out = await runLibraryScript(
    ctx,
    `p=${shellQuote(path)}
if [ -d "$p" ]; then echo 'E isdir'; exit 0; fi
printf 'U %s\\n' "$(umask)"
printf 'ID %s %s %s %s\\n' "$(id -u)" "$(id -g)" "$(id -un)" "$(id -gn)"
if [ -e "$p" ]; then
  printf 'RP %s\\n' "$(readlink -f -- "$p" 2>/dev/null || printf '%s' "$p")"
  _tst P "$p" 1
  _tenc C "$p"
fi
`,
  );
  if (out.first("E") === "isdir") throw new TextFileError(`Path ${path} is a directory !`, 256);
  const stat = readStat(out, "P");
  let text = "";
  if (stat) {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(out.bytes("C") ?? new Uint8Array());
    } catch {
      throw new TextFileError(`${path} is not UTF-8 text; tachyon edits text files only`);
    }
  }
  const [uid = "0", gid = "0", owner = uid, group = gid] = (out.first("ID") ?? "").split(" ");
  return {
    path,
    realPath: out.first("RP") || path,
    stat,
    text,
    umask: parseInt(out.first("U") ?? "022", 8),
    user: { uid: Number(uid), gid: Number(gid), owner, group },
  };
}

/**
 * The attribute changes the file needs after the write (a new file gets
 * the user's ids and `0666 & ~umask`).
 *
 * @example
 * ```ts
 * const plan = attrPlanFor(file, { mode: { kind: "octal", value: 0o600 } });
 * ```
 */
export function attrPlanFor(file: TextFile, spec: AttrSpec): AttrPlan {
  const stat: RemoteStat = file.stat ?? {
    type: "file",
    mode: 0o666 & ~file.umask,
    uid: file.user.uid,
    gid: file.user.gid,
    owner: file.user.owner,
    group: file.user.group,
    size: 0,
    nlink: 1,
    inode: 0,
    dev: 0,
    blocks: 0,
    blockSize: 0,
    atime: 0,
    mtime: 0,
    ctime: 0,
    rdev: 0,
  };
  return planAttrs(spec, stat, file.umask);
}

/** What {@linkcode writeTextFile} did. */
export interface WriteOutcome {
  /** The backup's path, when one was made. */
  readonly backupFile?: string;
  /** The failure message, when it failed. */
  readonly error?: string;
}

/**
 * Writes `text` (undefined: content unchanged) and applies `plan` in one exec;
 * does nothing (and returns `{}`) in check mode or when neither changes.
 *
 * @example
 * ```ts
 * await writeTextFile(ctx, file, "new\n", plan, { backup: true });
 * ```
 */
export async function writeTextFile(
  ctx: ModuleContext,
  file: TextFile,
  text: string | undefined,
  plan: AttrPlan,
  options: { backup: boolean },
): Promise<WriteOutcome> {
  if ((text === undefined && !plan.changed) || ctx.check) return {};
  const lines = [`p=${shellQuote(file.realPath)}`];
  if (text !== undefined) {
    lines.push(
      `dd=$(dirname -- "$p")`,
      `[ -d "$dd" ] || mkdir -p -- "$dd" || { printf 'E Error creating %s\\n' "$dd"; exit 0; }`,
    );
    if (options.backup && file.stat) {
      lines.push(`_tbak "$p" || { echo 'E Unable to make a backup'; exit 0; }`);
    }
    lines.push(`_twrite "$p" || { printf 'E Unable to write %s\\n' "$p"; exit 0; }`);
  }
  lines.push(attrCommands(file.realPath, plan));
  const out = await runLibraryScript(
    ctx,
    lines.join("\n") + "\n",
    text === undefined ? undefined : new TextEncoder().encode(text),
  );
  return { backupFile: out.first("BK"), error: out.first("E") };
}

/**
 * Ansible's `check_file_attrs`: appends the attribute message.
 *
 * @example
 * ```ts
 * attrMessage("line added", true); // "line added and ownership, perms or SE linux context changed"
 * ```
 */
export function attrMessage(msg: string, attrsChanged: boolean): string {
  if (!attrsChanged) return msg;
  return (msg ? `${msg} and ` : "") + "ownership, perms or SE linux context changed";
}
