/**
 * Putting a downloaded body in place on the target, as `get_url` and
 * `uri` do after a request: SHA-1 of the download and of the current
 * destination, Ansible's writability checks, an optional backup, an atomic
 * replace that keeps an existing file's mode and owner (a new file gets
 * the umask's), the digest `get_url` verifies, and then `mode`, `owner`
 * and `group` (Ansible's `set_fs_attributes_if_different`).
 *
 * @module
 */
import type { ModuleContext } from "./module.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";
import { attrCommands, type AttrSpec, planAttrs } from "./file_attrs.ts";
import { pathInfo, readStat, type RemoteStat } from "./remote_stat.ts";

/** The digests `get_url`'s `checksum` may name, and the target's tool for each. */
export const DIGEST_TOOLS: Readonly<Record<string, string>> = {
  md5: "md5sum",
  sha1: "sha1sum",
  sha224: "sha224sum",
  sha256: "sha256sum",
  sha384: "sha384sum",
  sha512: "sha512sum",
};

/** What to install. */
export interface InstallRequest {
  /** The downloaded body on the target. */
  readonly source: string;
  /** The destination file. */
  readonly dest: string;
  /** Keep a timestamped copy of a file that is replaced. */
  readonly backup: boolean;
  /** Compare only (check mode). */
  readonly check: boolean;
  /** Also print this digest of the destination afterwards (a key of {@linkcode DIGEST_TOOLS}). */
  readonly digest?: string;
}

/** What installing did. */
export interface InstallOutcome {
  /** Ansible's failure message (`Destination /x does not exist`), if it failed before moving. */
  readonly error?: string;
  /** SHA-1 of the download. */
  readonly checksumSrc?: string;
  /** SHA-1 of the destination before, or null when it did not exist. */
  readonly checksumDest: string | null;
  /** Whether the destination was replaced. */
  readonly moved: boolean;
  /** The backup's path. */
  readonly backupFile?: string;
  /** The digest of the destination afterwards. */
  readonly digest?: string;
  /** The destination afterwards. */
  readonly stat: RemoteStat | null;
  /** The target's umask. */
  readonly umask: number;
}

/**
 * Compares and (unless `check`) replaces `dest` with `source`.
 *
 * @example
 * ```ts
 * const done = await installBody(ctx, { source: "/tmp/t/body", dest: "/srv/a.tgz", backup: false, check: false });
 * ```
 */
export async function installBody(
  ctx: ModuleContext,
  request: InstallRequest,
): Promise<InstallOutcome> {
  const q = shellQuote;
  const tool = request.digest === undefined ? undefined : DIGEST_TOOLS[request.digest];
  const out = await runLibraryScript(
    ctx,
    `d=${q(request.dest)}; s=${q(request.source)}
printf 'U %s\\n' "$(umask)"
[ -r "$s" ] || { echo 'E unreadable'; exit 0; }
cs=$(sha1sum < "$s") || { echo 'E unreadable'; exit 0; }
cs=\${cs%% *}; printf 'CS %s\\n' "$cs"; cd=
if [ -e "$d" ]; then
  [ -w "$d" ] || { echo 'E dest_unwritable'; exit 0; }
  [ -r "$d" ] || { echo 'E dest_unreadable'; exit 0; }
  cd=$(sha1sum < "$d") && cd=\${cd%% *} && printf 'CD %s\\n' "$cd"
else
  dd=$(dirname -- "$d")
  [ -e "$dd" ] || { echo 'E nodir'; exit 0; }
  [ -w "$dd" ] || { echo 'E dir_unwritable'; exit 0; }
fi
${request.check ? '_tst A "$d" 0; exit 0' : ":"}
if [ "$cs" != "$cd" ]; then
  if [ ${
      request.backup ? 1 : 0
    } = 1 ] && [ -e "$d" ]; then _tbak "$d" || { echo 'E backup'; exit 0; }; fi
  _twrite "$d" < "$s" || { echo 'E move'; exit 0; }
  echo 'MV'
fi
${
      tool === undefined
        ? ":"
        : `[ ! -f "$d" ] || { _h=$(${tool} < "$d") && printf 'DG %s\\n' "\${_h%% *}"; }`
    }
_tst A "$d" 0
`,
  );
  const error = out.first("E");
  const base = {
    checksumSrc: out.first("CS"),
    checksumDest: out.first("CD") ?? null,
    umask: parseInt(out.first("U") ?? "022", 8),
  };
  if (error !== undefined) {
    return { ...base, error: installError(error, request), moved: false, stat: null };
  }
  return {
    ...base,
    moved: out.first("MV") !== undefined,
    backupFile: out.first("BK"),
    digest: out.first("DG"),
    stat: readStat(out, "A"),
  };
}

function installError(code: string, request: InstallRequest): string {
  const dir = request.dest.slice(0, request.dest.lastIndexOf("/") + 1).replace(/(.)\/+$/, "$1");
  switch (code) {
    case "unreadable":
      return `Source ${request.source} is not readable`;
    case "dest_unwritable":
      return `Destination ${request.dest} is not writable`;
    case "dest_unreadable":
      return `Destination ${request.dest} is not readable`;
    case "nodir":
      return `Destination ${dir} does not exist`;
    case "dir_unwritable":
      return `Destination ${dir} is not writable`;
    case "backup":
      return `Could not make a backup of ${request.dest}`;
    default:
      return `failed to copy ${request.source} to ${request.dest}`;
  }
}

/** What applying `mode`, `owner` and `group` did. */
export interface AttrsOutcome {
  /** Whether anything changed (or would, in check mode). */
  readonly changed: boolean;
  /** The path afterwards. */
  readonly stat: RemoteStat | null;
  /** Ansible's failure message (`chown failed: …`). */
  readonly error?: string;
}

/**
 * Ansible's `set_fs_attributes_if_different` on `path` (whose current state
 * is `stat`).
 *
 * @example
 * ```ts
 * const attrs = await applyAttrs(ctx, "/srv/a.tgz", { mode: { kind: "octal", value: 0o600 } }, st, 0o022);
 * ```
 */
export async function applyAttrs(
  ctx: ModuleContext,
  path: string,
  spec: AttrSpec,
  stat: RemoteStat | null,
  umask: number,
): Promise<AttrsOutcome> {
  if (!stat) return { changed: false, stat };
  const plan = planAttrs(spec, stat, umask);
  if (!plan.changed || ctx.check) return { changed: plan.changed, stat };
  const out = await runLibraryScript(
    ctx,
    `${attrCommands(path, plan)}\n_tst A ${shellQuote(path)} 0\n`,
  );
  const error = out.first("E");
  if (error !== undefined) return { changed: false, stat, error };
  return { changed: true, stat: readStat(out, "A") };
}

/**
 * A path's state on the target and the umask there.
 *
 * @example
 * ```ts
 * const { stat, umask } = await pathState(ctx, "/srv/a.tgz");
 * ```
 */
export async function pathState(
  ctx: ModuleContext,
  path: string,
): Promise<{ stat: RemoteStat | null; umask: number }> {
  const out = await runLibraryScript(
    ctx,
    `printf 'U %s\\n' "$(umask)"\n_tst A ${shellQuote(path)} 0\n`,
  );
  return { stat: readStat(out, "A"), umask: parseInt(out.first("U") ?? "022", 8) };
}

/**
 * Ansible's `add_path_info` for `path`: `uid`, `gid`, `owner`, `group`,
 * `mode`, `state`, `size` when it exists.
 *
 * @example
 * ```ts
 * Object.assign(result, await pathFacts(ctx, "/srv/a.tgz"));
 * ```
 */
export async function pathFacts(
  ctx: ModuleContext,
  path: string,
): Promise<Record<string, unknown>> {
  return pathInfo((await pathState(ctx, path)).stat);
}
