/**
 * `unarchive`'s first two scripts. `prepareScript`: `creates`, `dest` and a
 * private staging dir, as Ansible's action plugin checks them before it
 * transfers anything. `detectScript`: the archive staged from stdin (or
 * downloaded with curl, for a URL), Ansible's source checks, then its
 * handlers tried in its order (`unzip -l`, `unzip -Z`, GNU `tar --list`
 * with `-z`, none, `-j`, `-J`, zstd) and, for the one that can, what its
 * `is_unarchived` needs: `zipinfo -T -s`, the names and CRCs (zip), or
 * `tar --diff` (tar); who unpacks.
 *
 * @module
 */
import { BIN_PATH_SH } from "./cron_bin_path.ts";
import { PARSABLE_LOCALE_SH } from "./unarchive_locale.ts";
import { type ShellOutput, shellQuote } from "./remote_sh.ts";
import {
  type Captured,
  captured,
  type ShellVariable,
  shellWords,
  UNARCHIVE_SH,
} from "./unarchive_sh.ts";
import { TAR_HANDLERS, tarArguments, type TarHandler } from "./unarchive_tar.ts";
import type { UnarchiveArgs } from "./unarchive_args.ts";

/** The sh functions every `unarchive` script starts with (after `SH_LIBRARY`). */
export const UNARCHIVE_PRELUDE: string = BIN_PATH_SH + PARSABLE_LOCALE_SH + UNARCHIVE_SH;

const SRC: ShellVariable = { sh: '"$s"' };

/**
 * `~` and `~/…` as the target user's home, in sh (`$HOME`).
 *
 * @example
 * ```ts
 * import { expandHome } from "./unarchive_probe.ts";
 * expandHome("d", "~/app"); // sh that sets d to $HOME/app
 * ```
 */
export function expandHome(variable: string, path: string): string {
  return `${variable}=${shellQuote(path)}
case "$${variable}" in "~") ${variable}=$HOME;; "~/"*) ${variable}="$HOME/\${${variable}#"~/"}";; esac
`;
}

/**
 * The first script: prints `SKIP <creates>` when `creates` exists, `NODEST
 * <dest>` unless dest is a directory (symlinks followed), else `DEST <dest>`
 * and `T <staging dir>`.
 *
 * @example
 * ```ts
 * import { prepareScript } from "./unarchive_probe.ts";
 * const script = prepareScript({ dest: "/srv/app", creates: "/srv/app/bin" });
 * ```
 */
export function prepareScript(args: Pick<UnarchiveArgs, "dest" | "creates">): string {
  return `${expandHome("d", args.dest)}${
    args.creates === undefined ? "c=" : expandHome("c", args.creates)
  }
if [ -n "$c" ] && { [ -e "$c" ] || [ -L "$c" ]; }; then printf 'SKIP %s\\n' "$c"; exit 0; fi
if [ ! -d "$d" ]; then printf 'NODEST %s\\n' "$d"; exit 0; fi
printf 'DEST %s\\n' "$d"
t=$(mktemp -d "\${TMPDIR:-/tmp}/.tachyon-unarchive.XXXXXXXX" 2>/dev/null) ||
  { t="\${TMPDIR:-/tmp}/.tachyon-unarchive.$$"; mkdir -m 700 "$t"; } || { echo 'E staging'; exit 0; }
printf 'T %s\\n' "$t"
`;
}

/** Where the archive comes from. */
export type SourceKind = "controller" | "remote" | "url";

/** How the detection script finds the archive. */
export interface DetectInput {
  /** The task's arguments. */
  readonly args: UnarchiveArgs;
  /** dest, `~` expanded. */
  readonly dest: string;
  /** The staging dir. */
  readonly staging: string;
  /** Where the archive is. */
  readonly source: SourceKind;
  /** Check mode (the tar handlers do not support it). */
  readonly check: boolean;
}

/** The file name a URL's download gets in the staging dir. */
function downloadName(url: string): string {
  const path = url.replace(/[?#].*$/, "").replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  const name = path.slice(path.lastIndexOf("/") + 1);
  return /^[A-Za-z0-9._+-]+$/.test(name) ? name : "download";
}

function sourceLines(input: DetectInput): string {
  const { args, source } = input;
  if (source === "controller") {
    return `s="$t/source"
cat > "$s" && chmod u+x "$s" || { printf 'NOSRC failed to transfer\\n'; exit 0; }
`;
  }
  const fetch = source === "url"
    ? `  command -v curl >/dev/null 2>&1 || { echo 'DL E curl is not installed on the target'; exit 0; }
  s="$t/${downloadName(args.src)}"
  if ! curl -fsSL ${args.validateCerts ? "" : "-k "}-o "$s" -- ${
      shellQuote(args.src)
    } 2> "$t/.e" < /dev/null; then
    printf 'DL E %s\\n' "$(tr '\\n' ' ' < "$t/.e")"; exit 0
  fi
  printf 'DL %s\\n' "$s"`
    : `  printf 'NOSRC does not exist\\n'; exit 0`;
  return `${expandHome("s", args.src)}if [ ! -e "$s" ]; then
${fetch}
fi
`;
}

/** The sh that tries one tar handler (when none was found yet). */
function tarAttempt(input: DetectInput, handler: TarHandler, index: number): string {
  const words = tarArguments("list", handler, input.args, input.dest, "\0");
  const line = shellWords(words.map((w) => (w === "\0" ? SRC : w)));
  return `if [ -z "$h" ] && [ -n "$tp" ] && [ "$tt" = gnu ]; then
  _ucap TL${index} "$d" "$tp" ${line}
  [ "$_ucr" != 0 ] || [ ! -s "$t/.o" ] || h=${handler.name}
fi
`;
}

/**
 * The second script (stdin: the archive, for a controller file). Prints
 * `NOSRC …`, `NOREAD`, `EMPTY` or `DL E …` for a source it cannot use;
 * `SRC <path>`; the attempts (`ZL`, `ZZ`, `TV`, `TL<n>`); `CHECKSKIP` in
 * check mode when no zip handler can; then `H <handler>` and its data.
 *
 * @example
 * ```ts
 * import { detectScript } from "./unarchive_probe.ts";
 * const script = detectScript({ args, dest: "/srv/app", staging: "/tmp/x", source: "controller", check: false });
 * ```
 */
export function detectScript(input: DetectInput): string {
  const { args } = input;
  const zipinfoTail = shellWords([
    "-T",
    "-s",
    SRC,
    ...(args.exclude.length > 0 ? ["-x", ...args.exclude] : []),
    ...args.include,
  ]);
  const diffLine = (handlerFlag: string) =>
    shellWords(
      tarArguments("diff", { name: "", flag: handlerFlag }, args, input.dest, "\0")
        .map((w) => (w === "\0" ? SRC : w)),
    );
  const tarDiffs = TAR_HANDLERS.map((handler) =>
    `  ${handler.name}) _ucap TD "$d" "$tp" ${diffLine(handler.flag)};;`
  ).join("\n");
  return `${UNARCHIVE_PRELUDE}
t=${shellQuote(input.staging)}
d=${shellQuote(input.dest)}
_uloc
${sourceLines(input)}[ -r "$s" ] || { echo NOREAD; exit 0; }
[ -s "$s" ] || { echo EMPTY; exit 0; }
printf 'SRC %s\\n' "$s"
h=
_tbin BUZ unzip; uz=$_tbp
_tbin BZI zipinfo; zi=$_tbp
if [ -n "$uz" ] && [ -n "$zi" ]; then
  _urun ZL - "$uz" -l "$s"; [ "$_ucr" != 0 ] || h=ZipArchive
fi
if [ -z "$h" ] && [ -n "$uz" ]; then
  if [ -z "$zi" ]; then _urun ZL - "$uz" -l "$s"; fi
  if [ "$_ucr" = 0 ]; then
    _ucap ZZ - "$uz" -Z
    case "$(tr '[:upper:]' '[:lower:]' < "$t/.o")" in *zipinfo*) h=ZipZArchive;; esac
  fi
fi
if [ -z "$h" ] && [ ${input.check ? 1 : 0} = 1 ]; then echo CHECKSKIP; exit 0; fi
tt=
if [ -z "$h" ]; then
  _tbin BTG gtar; tp=$_tbp
  [ -n "$tp" ] || { _tbin BTB tar; tp=$_tbp; }
  if [ -n "$tp" ]; then
    _ucap TV - "$tp" --version
    case "$(cat "$t/.o")" in bsdtar*) tt=bsd;; tar*GNU*) tt=gnu;; esac
  fi
fi
${TAR_HANDLERS.map((handler, i) => tarAttempt(input, handler, i)).join("")}[ -n "$h" ] || exit 0
printf 'H %s\\n' "$h"
case $h in
Zip*)
  if [ "$h" = ZipArchive ]; then zc=$zi; else zc="$uz -Z"; fi
  _ucap ZN - "$uz" -Z1 "$s"
  _ucap ZI - $zc ${zipinfoTail}
  _ucap ZV - "$uz" -v "$s"
  printf 'ID %s %s\\n' "$(id -u)" "$(id -g)"
  printf 'IDN %s\\n' "$(id -un 2>/dev/null || id -u)"
  printf 'IDG %s\\n' "$(id -gn 2>/dev/null || id -g)"
  printf 'IDS %s\\n' "$(id -G)"
  printf 'UM %s\\n' "$(umask)"
${args.owner !== undefined ? `  _uent OWN passwd ${shellQuote(args.owner)}\n` : ""}${
    args.group !== undefined ? `  _uent GRP group ${shellQuote(args.group)}\n` : ""
  }  ;;
*)
  printf 'ID %s %s\\n' "$(id -u)" "$(id -g)"
  case $h in
${tarDiffs}
  esac;;
esac
`;
}

/** The zip handler's data. */
export interface ZipDetection {
  /** `zip`. */
  readonly kind: "zip";
  /** `ZipArchive` or `ZipZArchive`. */
  readonly name: string;
  /** The unzip program. */
  readonly unzip: string;
  /** `unzip -Z1`: the archive's names. */
  readonly names: Captured;
  /** `zipinfo -T -s …`. */
  readonly zipinfo: Captured;
  /** `unzip -v`: the CRCs. */
  readonly verbose: Captured;
  /** The run user's uid and gid. */
  readonly ids: readonly [number, number];
  /** The run user's name and its group's name. */
  readonly runNames: readonly [string, string];
  /** The run user's groups. */
  readonly groups: readonly number[];
  /** The umask. */
  readonly umask: number;
  /** `owner`'s passwd entry (name, uid), null when none. */
  readonly owner: readonly [string, number] | null;
  /** `group`'s group entry (name, gid), null when none. */
  readonly group: readonly [string, number] | null;
}

/** A tar handler's data. */
export interface TarDetection {
  /** `tar`. */
  readonly kind: "tar";
  /** The handler. */
  readonly handler: TarHandler;
  /** The tar program. */
  readonly tar: string;
  /** `tar --list …`. */
  readonly listing: Captured;
  /** `tar --diff …`. */
  readonly diff: Captured;
  /** The run user's uid. */
  readonly runUid: number;
}

/** What the detection script found. */
export interface Detection {
  /** Ansible's failure message, when the source is unusable or no handler can. */
  readonly failure?: string;
  /** Check mode with a tar archive: Ansible skips. */
  readonly checkSkip?: boolean;
  /** The archive's path on the host. */
  readonly src: string;
  /** The handler that can, with its data. */
  readonly handler?: ZipDetection | TarDetection;
}

function entry(out: ShellOutput, tag: string): readonly [string, number] | null {
  const line = out.first(tag);
  if (line === undefined || line === "-") return null;
  const sp = line.indexOf(" ");
  return [line.slice(sp + 1), Number(line.slice(0, sp))];
}

/** Why each handler that was tried cannot, in Ansible's words (its order, without repeats). */
function reasons(out: ShellOutput): string[] {
  const found: string[] = [];
  const add = (reason: string) => found.includes(reason) || found.push(reason);
  const bin = (tag: string) => out.first(tag)?.startsWith("B ") ? out.first(tag)!.slice(2) : "";
  const unzip = bin("BUZ"), zipinfo = bin("BZI");
  const missing = (names: [string, string][]) =>
    `Unable to find required '${
      names.filter(([, path]) => !path).map(([name]) => name).join("' or '")
    }' binary in the path.`;
  const listed = captured(out, "ZL");
  if (!unzip || !zipinfo) add(missing([["unzip", unzip], ["zipinfo", zipinfo]]));
  else if (listed && listed.rc !== 0) {
    add(`Command "${unzip}" could not handle archive: ${listed.stderr}`);
  }
  if (!unzip) add(missing([["unzip", unzip], ["unzip", unzip]]));
  else if (listed && listed.rc !== 0) {
    add(`Command "${unzip}" could not handle archive: ${listed.stderr}`);
  } else {
    const z = captured(out, "ZZ");
    if (z) add(`Command "unzip -Z" could not handle archive: ${z.stderr}`);
  }
  const tar = bin("BTG") || bin("BTB");
  const version = captured(out, "TV");
  const type = !version
    ? "None"
    : version.stdout.startsWith("bsdtar")
    ? "bsd"
    : version.stdout.startsWith("tar") && version.stdout.includes("GNU")
    ? "gnu"
    : "None";
  TAR_HANDLERS.forEach((_, i) => {
    if (!tar) add("Unable to find required 'gtar' or 'tar' binary in the path");
    else if (type !== "gnu") {
      add(`Command "${tar}" detected as tar type ${type}. GNU tar required.`);
    } else {
      const listing = captured(out, `TL${i}`);
      if (!listing) return;
      if (listing.rc !== 0) {
        add(
          `Command "${tar}" could not handle archive: Unable to list files in the archive: ${listing.stderr}`,
        );
      } else {
        add(
          `Command "${tar}" found no files in archive. Empty archive files are not supported.`,
        );
      }
    }
  });
  return found;
}

/**
 * Reads what {@linkcode detectScript} printed.
 *
 * @example
 * ```ts
 * import { readDetection } from "./unarchive_probe.ts";
 * const found = readDetection(out, input);
 * if (found.failure) console.log(found.failure);
 * ```
 */
export function readDetection(out: ShellOutput, input: DetectInput): Detection {
  const given = input.args.src;
  const download = out.first("DL");
  if (download?.startsWith("E ")) {
    return { src: given, failure: `Failure downloading ${given}, ${download.slice(2).trim()}` };
  }
  const nosrc = out.first("NOSRC");
  if (nosrc !== undefined) {
    const src = input.source === "controller" ? `${input.staging}/source` : given;
    return { src, failure: `Source '${src}' ${nosrc}` };
  }
  const src = out.first("SRC") ?? download ?? given;
  if (out.first("NOREAD") !== undefined) return { src, failure: `Source '${src}' not readable` };
  if (out.first("EMPTY") !== undefined) {
    return { src, failure: `Invalid archive '${src}', the file is 0 bytes` };
  }
  if (out.first("CHECKSKIP") !== undefined) return { src, checkSkip: true };
  const name = out.first("H");
  if (name === undefined) {
    return {
      src,
      failure: `Failed to find handler for "${src}". Make sure the required command to extract ` +
        `the file is installed.\n${reasons(out).join("\n")}`,
    };
  }
  const [uid, gid] = (out.first("ID") ?? "0 0").split(" ").map(Number);
  if (name.startsWith("Zip")) {
    const um = out.first("UM") ?? "022";
    return {
      src,
      handler: {
        kind: "zip",
        name,
        unzip: out.first("BUZ")!.slice(2),
        names: captured(out, "ZN")!,
        zipinfo: captured(out, "ZI")!,
        verbose: captured(out, "ZV")!,
        ids: [uid, gid],
        runNames: [out.first("IDN") ?? String(uid), out.first("IDG") ?? String(gid)],
        groups: (out.first("IDS") ?? "").split(/\s+/).filter((g) => g !== "").map(Number),
        umask: parseInt(um, 8),
        owner: entry(out, "OWN"),
        group: entry(out, "GRP"),
      },
    };
  }
  const index = TAR_HANDLERS.findIndex((h) => h.name === name);
  return {
    src,
    handler: {
      kind: "tar",
      handler: TAR_HANDLERS[index],
      tar: (out.first("BTG")?.startsWith("B ") ? out.first("BTG")! : out.first("BTB")!).slice(2),
      listing: captured(out, `TL${index}`)!,
      diff: captured(out, "TD")!,
      runUid: uid,
    },
  };
}
