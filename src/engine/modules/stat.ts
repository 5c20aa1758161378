/**
 * `stat`: a path's metadata, in one exec.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";
import { readStat } from "./remote_stat.ts";

/** Arguments of `stat`. */
export interface StatArgs {
  /** The path. */
  path: string;
  /** Stat a symlink's target instead of the link. */
  follow: boolean;
  /** Add `checksum` for readable regular files. */
  getChecksum: boolean;
  /** `sha1` (default), `md5` or `sha256`: the target's `<algo>sum` computes it. */
  checksumAlgorithm: "sha1" | "md5" | "sha256";
}

/**
 * The `stat` module: `{ stat: { exists, path, mode, isdir, isreg, islnk, size,
 * uid, gid, pw_name, gr_name, mtime, checksum?, lnk_source?, … } }`.
 * `get_mime` and `get_attributes` are accepted; `mimetype`, `charset` and
 * `attributes` are not reported.
 *
 * @example
 * ```ts
 * await play.task("stat", { path: "/etc/hosts" });
 * ```
 */
export const statModule: ModuleDefinition<StatArgs> = {
  name: "stat",
  fqcn: "ansible.builtin.stat",
  supportsCheckMode: true,
  targetPaths: ["path"],
  parseArgs(input) {
    const a = ArgReader.from("stat", input, [
      { name: "path", aliases: ["dest", "name"] },
      { name: "follow" },
      { name: "get_checksum" },
      { name: "checksum_algorithm", aliases: ["checksum", "checksum_algo"] },
      { name: "get_md5" },
      { name: "get_mime", aliases: ["mime", "mime_type", "mime-type"] },
      { name: "get_attributes", aliases: ["attr", "attributes"] },
    ]);
    a.bool("get_mime", true);
    a.bool("get_attributes", true);
    return {
      path: a.requiredString("path"),
      follow: a.bool("follow", false),
      getChecksum: a.bool("get_checksum", true),
      checksumAlgorithm: a.choice("checksum_algorithm", ["md5", "sha1", "sha256"], "sha1"),
    };
  },
  async run(ctx, args) {
    const p = shellQuote(args.path);
    const tool = `${args.checksumAlgorithm}sum`;
    const follow = args.follow ? 1 : 0;
    const sum = args.getChecksum ? 1 : 0;
    const out = await runLibraryScript(
      ctx,
      `p=${p}
_tst P "$p" ${follow}
if [ -e "$p" ] || [ -L "$p" ]; then
  [ -r "$p" ] && echo 'R 1'; [ -w "$p" ] && echo 'W 1'; [ -x "$p" ] && echo 'X 1'
  if [ -L "$p" ]; then echo "F $(readlink -f -- "$p" 2>/dev/null)"; fi
  if [ ${sum} = 1 ] && [ -f "$p" ] && [ -r "$p" ] && { [ ${follow} = 1 ] || [ ! -L "$p" ]; } &&
    command -v ${tool} >/dev/null 2>&1; then
    _th=$(${tool} < "$p") && echo "C \${_th%% *}"
  fi
fi
`,
    );
    const st = readStat(out, "P");
    if (!st) return { changed: false, stat: { exists: false } };
    const m = st.mode;
    const stat: Record<string, unknown> = {
      exists: true,
      path: args.path,
      mode: (m & 0o7777).toString(8).padStart(4, "0"),
      isdir: st.type === "directory",
      ischr: st.type === "char",
      isblk: st.type === "block",
      isreg: st.type === "file",
      isfifo: st.type === "fifo",
      islnk: st.type === "link",
      issock: st.type === "socket",
      uid: st.uid,
      gid: st.gid,
      size: st.size,
      inode: st.inode,
      dev: st.dev,
      nlink: st.nlink,
      atime: st.atime,
      mtime: st.mtime,
      ctime: st.ctime,
      wusr: (m & 0o200) !== 0,
      rusr: (m & 0o400) !== 0,
      xusr: (m & 0o100) !== 0,
      wgrp: (m & 0o020) !== 0,
      rgrp: (m & 0o040) !== 0,
      xgrp: (m & 0o010) !== 0,
      woth: (m & 0o002) !== 0,
      roth: (m & 0o004) !== 0,
      xoth: (m & 0o001) !== 0,
      isuid: (m & 0o4000) !== 0,
      isgid: (m & 0o2000) !== 0,
      blocks: st.blocks,
      block_size: st.blockSize,
      device_type: st.rdev,
      readable: out.first("R") !== undefined,
      writeable: out.first("W") !== undefined,
      executable: out.first("X") !== undefined,
      pw_name: st.owner,
      gr_name: st.group,
    };
    if (st.type === "link") {
      stat.lnk_source = out.first("F") || null;
      stat.lnk_target = st.linkTarget ?? null;
    }
    const checksum = out.first("C");
    if (checksum !== undefined) stat.checksum = checksum;
    return { changed: false, stat };
  },
};
