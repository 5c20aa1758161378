/**
 * `copy`: puts `content` or one controller-side file on the host, by
 * checksum, through the exec's stdin.
 *
 * @module
 */
import { basename } from "node:path";
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { type ModeSpec, parseMode } from "./file_mode.ts";
import { attrCommands, planAttrs, setAllCommands } from "./file_attrs.ts";
import { md5Hex, posixCksum, sha1Hex } from "./checksum.ts";
import { ControllerFileError, readControllerFile } from "./controller_files.ts";
import { contentDiff } from "./content_diff.ts";
import { runLibraryScript, type ShellOutput, shellQuote } from "./remote_sh.ts";
import { pathInfo, readStat } from "./remote_stat.ts";
import { pythonJsonDumps } from "../../python/json_dumps.ts";
import type { ModuleResult } from "../types.ts";

/** Arguments of `copy`. */
export interface CopyArgs {
  /** Text to write (instead of `src`). */
  content?: string;
  /** A controller-side file (absolute, or under the project dir / its `files/`). */
  src?: string;
  /** Where to write on the host; an existing directory or a trailing `/` gets the src's name. */
  dest: string;
  /** Mode of the file. */
  mode?: ModeSpec;
  /** Owner of the file. */
  owner?: string;
  /** Group of the file. */
  group?: string;
  /** Keep a timestamped copy of a file that is replaced. */
  backup: boolean;
  /** Replace a file whose content differs (default true); false: only create. */
  force: boolean;
}

/** Content up to this size travels with the first exec; larger content only when needed. */
const INLINE_LIMIT = 64 * 1024;

const encoder = new TextEncoder();

/**
 * The `copy` module: one exec checks the destination's checksum and writes
 * the content (stdin) only when it differs; a second exec only for mode or
 * ownership changes of an unchanged file, or for large content.
 *
 * @example
 * ```ts
 * await play.task("copy", { content: "hello\n", dest: "/etc/motd", mode: "0644" });
 * ```
 */
export const copyModule: ModuleDefinition<CopyArgs> = {
  name: "copy",
  fqcn: "ansible.builtin.copy",
  supportsCheckMode: true,
  targetPaths: ["dest"],
  parseArgs(input) {
    const a = ArgReader.from("copy", input, [
      { name: "src" },
      { name: "content" },
      { name: "dest" },
      { name: "mode" },
      { name: "owner" },
      { name: "group" },
      { name: "backup" },
      { name: "force", aliases: ["thirsty"] },
    ]);
    if (a.has("src") && a.has("content")) throw a.error("src and content are mutually exclusive");
    if (!a.has("src") && !a.has("content")) throw a.error("src (or content) is required");
    if (!a.has("dest")) throw a.error("dest is required");
    const raw = a.values.content;
    const content = raw === undefined
      ? undefined
      : typeof raw === "object"
      ? pythonJsonDumps(raw)
      : String(raw);
    const dest = a.requiredString("dest");
    if (content !== undefined && dest.endsWith("/")) {
      throw a.error("can not use content with a dir as dest");
    }
    return {
      content,
      src: a.string("src"),
      dest,
      mode: parseMode("copy", a.values.mode),
      owner: a.string("owner"),
      group: a.string("group"),
      backup: a.bool("backup", false),
      force: a.bool("force", true),
    };
  },
  async run(ctx, args) {
    let data: Uint8Array;
    let srcPath: string | undefined;
    if (args.content !== undefined) {
      data = encoder.encode(args.content);
    } else {
      try {
        const file = await readControllerFile(ctx.controller, args.src!);
        data = file.data;
        srcPath = file.path;
      } catch (error) {
        if (error instanceof ControllerFileError) {
          return { changed: false, failed: true, msg: error.message };
        }
        throw error;
      }
    }
    return await copyData(ctx, args, data, srcPath);
  },
};

async function copyData(
  ctx: ModuleContext,
  args: CopyArgs,
  data: Uint8Array,
  srcPath: string | undefined,
): Promise<ModuleResult> {
  const sha1 = sha1Hex(data);
  const script = (withData: boolean) => copyScript(ctx, args, data, sha1, withData);
  const inline = !ctx.check && data.length <= INLINE_LIMIT;
  let out = await runLibraryScript(ctx, script(inline), inline ? data : undefined);
  if (out.first("NEED") !== undefined) out = await runLibraryScript(ctx, script(true), data);
  const failure = failureOf(out, args);
  if (failure) return { changed: false, failed: true, msg: failure, checksum: sha1 };
  const dest = out.first("D") ?? args.dest;
  const before = readStat(out, "P");
  const wrote = out.first("WR") === "1";
  const diffEntry = () =>
    contentDiff(
      { data: out.bytes("OLD"), header: dest, tooLarge: out.first("OLDBIG") !== undefined },
      { data, header: srcPath ?? "dynamically generated" },
    );
  if (wrote) {
    const result: ModuleResult = { changed: true, dest };
    if (!ctx.check) {
      if (srcPath !== undefined) result.src = srcPath;
      Object.assign(result, {
        checksum: sha1,
        md5sum: md5Hex(data),
        ...pathInfo(readStat(out, "A")),
      });
      const backup = out.first("BK");
      if (backup !== undefined) result.backup_file = backup;
    }
    if (ctx.diff) result.diff = [diffEntry()];
    return result;
  }
  if (before && out.first("H") !== undefined && !sameChecksum(out, data, sha1)) {
    return { changed: false, dest, ...(srcPath ? { src: srcPath } : {}) };
  }
  const plan = before ? planAttrs(args, before, parseInt(out.first("U") ?? "022", 8)) : undefined;
  let after = before;
  if (plan?.changed && !ctx.check) {
    const applied = await runLibraryScript(
      ctx,
      `${attrCommands(dest, plan)}\n_tst A ${shellQuote(dest)} 0\n`,
    );
    const error = applied.first("E");
    if (error !== undefined) return { changed: false, failed: true, msg: error, path: dest };
    after = readStat(applied, "A");
  }
  const result: ModuleResult = {
    changed: plan?.changed ?? false,
    dest,
    path: dest,
    checksum: sha1,
    ...pathInfo(after),
  };
  if (ctx.diff) {
    result.diff = {
      before: { path: dest, ...plan?.before },
      after: { path: dest, ...plan?.after },
    };
  }
  return result;
}

function sameChecksum(out: ShellOutput, data: Uint8Array, sha1: string): boolean {
  const remote = out.checksum("H");
  if (!remote) return false;
  if (remote.algorithm === "sha1") return remote.value === sha1;
  if (remote.algorithm === "md5") return remote.value === md5Hex(data);
  return remote.value === posixCksum(data);
}

function failureOf(out: ShellOutput, args: CopyArgs): string | undefined {
  const error = out.first("E");
  if (error === undefined) return undefined;
  if (error === "content_dir") return "can not use content with a dir as dest";
  if (error.startsWith("nodir ")) {
    return `Destination directory ${error.slice(6)} does not exist`;
  }
  if (error === "mkdir") return `Error creating the directory of ${args.dest}`;
  if (error === "backup") return `Could not make a backup of ${args.dest}`;
  if (error === "write") return `Destination ${args.dest} not writable`;
  return error;
}

function copyScript(
  ctx: ModuleContext,
  args: CopyArgs,
  data: Uint8Array,
  sha1: string,
  withData: boolean,
): string {
  const q = shellQuote;
  const base = args.src !== undefined ? basename(args.src) : "";
  const flag = (b: boolean) => (b ? "1" : "0");
  const sums = [`H sha1 ${sha1}`, `H md5 ${md5Hex(data)}`, `H cksum ${posixCksum(data)}`]
    .map(q).join("|");
  return `d=${q(args.dest)}
b=${q(base)}
if [ ${flag(args.dest.endsWith("/"))} = 1 ]; then d="$d$b"
elif [ -d "$d" ]; then
  if [ -z "$b" ]; then echo 'E content_dir'; exit 0; fi
  d="$d/$b"
fi
printf 'D %s\\n' "$d"
dd=$(dirname -- "$d")
if [ ! -d "$dd" ]; then
  if [ ${flag(args.dest.endsWith("/"))} = 1 ]; then
    [ ${flag(ctx.check)} = 1 ] || mkdir -p -- "$dd" || { echo 'E mkdir'; exit 0; }
  else printf 'E nodir %s\\n' "$dd"; exit 0; fi
fi
printf 'U %s\\n' "$(umask)"
_tst P "$d" 0
same=0
if [ -f "$d" ]; then
  h=$(_tsum H "$d"); printf '%s\\n' "$h"
  case "$h" in ${sums}) same=1;; esac
fi
w=0
if [ ! -e "$d" ]; then w=1; elif [ $same = 0 ] && [ ${flag(args.force)} = 1 ]; then w=1; fi
echo "WR $w"
if [ $w = 1 ] && [ ${flag(ctx.diff)} = 1 ] && [ -f "$d" ]; then
  if [ $(($(wc -c < "$d"))) -le 104448 ]; then _tenc OLD "$d"; else echo 'OLDBIG'; fi
fi
if [ $w = 1 ] && [ ${flag(ctx.check)} = 0 ]; then
  if [ ${flag(withData)} = 0 ]; then echo 'NEED'; exit 0; fi
  if [ ${
    flag(args.backup)
  } = 1 ] && [ -f "$d" ]; then _tbak "$d" || { echo 'E backup'; exit 0; }; fi
  t="$dd/.tachyon.$$.tmp"
  if [ -f "$d" ]; then cp -p -- "$d" "$t" || { echo 'E write'; exit 0; }; fi
  cat > "$t" || { rm -f -- "$t"; echo 'E write'; exit 0; }
${setAllCommands('"$t"', args, 'rm -f -- "$t"')}
  mv -f -- "$t" "$d" || { rm -f -- "$t"; echo 'E write'; exit 0; }
  _tst A "$d" 0
fi
`;
}
