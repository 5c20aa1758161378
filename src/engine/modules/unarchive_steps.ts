/**
 * `unarchive`'s later scripts: the zip comparison's facts (each entry's
 * lstat, its CRC-32 when it is a regular file, each time as epoch seconds),
 * the extraction (and the unpacked paths' lstat when attributes are set),
 * and the last one (dest's facts, the staging dir removed).
 *
 * @module
 */
import { readStat, type RemoteStat } from "./remote_stat.ts";
import { type ShellOutput, shellQuote } from "./remote_sh.ts";
import { UNARCHIVE_PRELUDE } from "./unarchive_probe.ts";
import { joinPath } from "./unarchive_attrs.ts";
import { shellWords } from "./unarchive_sh.ts";
import type { ZipEntry } from "./unarchive_zip.ts";

/** `20230102.030404` as `date -d` reads it. */
function dateText(timestamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})\.(\d{2})(\d{2})(\d{2})$/.exec(timestamp);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}` : timestamp;
}

/**
 * The zip facts script: `S<i>` lstat and `C<i>` CRC bytes of each entry's
 * path under `dest`, `TS<j>` epoch seconds of each distinct time.
 *
 * @example
 * ```ts
 * import { zipFactsScript } from "./unarchive_steps.ts";
 * const script = zipFactsScript("/srv/app", entries);
 * ```
 */
export function zipFactsScript(dest: string, entries: readonly ZipEntry[]): string {
  const lines = [UNARCHIVE_PRELUDE];
  entries.forEach((entry, i) => {
    const p = shellQuote(joinPath(dest, entry.path));
    lines.push(`_tst S${i} ${p} 0`, `if [ -f ${p} ] && [ ! -L ${p} ]; then _ucrc C${i} ${p}; fi`);
  });
  distinctTimes(entries).forEach((timestamp, j) => {
    lines.push(
      `printf 'TS${j} %s\\n' "$(date -d ${shellQuote(dateText(timestamp))} +%s 2>/dev/null)"`,
    );
  });
  return lines.join("\n") + "\n";
}

function distinctTimes(entries: readonly ZipEntry[]): string[] {
  return [...new Set(entries.map((e) => e.timestamp))];
}

/** What the zip facts script found, keyed by entry path and time. */
export interface ZipFacts {
  /** lstat by entry path. */
  readonly stats: Map<string, RemoteStat | null>;
  /** CRC-32 of regular files by entry path. */
  readonly crcs: Map<string, number>;
  /** Epoch seconds by zipinfo time. */
  readonly times: Map<string, number>;
}

/**
 * Reads what {@linkcode zipFactsScript} printed.
 *
 * @example
 * ```ts
 * import { readZipFacts } from "./unarchive_steps.ts";
 * const facts = readZipFacts(out, entries);
 * ```
 */
export function readZipFacts(out: ShellOutput, entries: readonly ZipEntry[]): ZipFacts {
  const stats = new Map<string, RemoteStat | null>();
  const crcs = new Map<string, number>();
  const times = new Map<string, number>();
  entries.forEach((entry, i) => {
    stats.set(entry.path, readStat(out, `S${i}`));
    const bytes = (out.first(`C${i}`) ?? "").trim().split(/\s+/).map(Number);
    if (bytes.length === 4 && bytes.every((b) => Number.isInteger(b))) {
      crcs.set(
        entry.path,
        (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0,
      );
    }
  });
  distinctTimes(entries).forEach((timestamp, j) => {
    const epoch = (out.first(`TS${j}`) ?? "").trim();
    if (/^-?\d+$/.test(epoch)) times.set(timestamp, Number(epoch));
  });
  return { stats, crcs, times };
}

/** The extraction command: its program, arguments and where it runs. */
export interface ExtractCommand {
  /** The program. */
  readonly program: string;
  /** Its arguments. */
  readonly args: readonly string[];
  /** Its working directory (tar runs in dest; unzip where the module runs). */
  readonly cwd?: string;
}

/** What the extraction step runs. */
export interface ExtractStep {
  /** The staging dir. */
  readonly staging: string;
  /** The command, when the archive must be unpacked. */
  readonly extract?: ExtractCommand;
  /** Paths to lstat afterwards (`P<i>`), for the attributes. */
  readonly statPaths: readonly string[];
  /** Look up `owner` (`OWN`) and `group` (`GRP`) when they are names. */
  readonly owner?: string;
  /** See `owner`. */
  readonly group?: string;
}

/**
 * The extraction script: `X` (`_ucap`) for the command, then `OWN`/`GRP`
 * lookups, `UM` the umask, and `P<i>` lstat of each path.
 *
 * @example
 * ```ts
 * import { extractScript } from "./unarchive_steps.ts";
 * const script = extractScript({ staging: "/tmp/x", statPaths: ["/srv/app/a"] });
 * ```
 */
export function extractScript(step: ExtractStep): string {
  const lines = [UNARCHIVE_PRELUDE, `t=${shellQuote(step.staging)}`, "_uloc"];
  if (step.extract) {
    const { program, args, cwd } = step.extract;
    lines.push(
      `_ucap X ${cwd === undefined ? "-" : shellQuote(cwd)} ${shellWords([program, ...args])}`,
    );
  }
  if (step.owner !== undefined && !/^\d+$/.test(step.owner)) {
    lines.push(`_uent OWN passwd ${shellQuote(step.owner)}`);
  }
  if (step.group !== undefined && !/^\d+$/.test(step.group)) {
    lines.push(`_uent GRP group ${shellQuote(step.group)}`);
  }
  lines.push(`printf 'UM %s\\n' "$(umask)"`);
  step.statPaths.forEach((path, i) => lines.push(`_tst P${i} ${shellQuote(path)} 0`));
  return lines.join("\n") + "\n";
}

/**
 * A uid or gid: the number given, or what the lookup printed (null: none).
 *
 * @example
 * ```ts
 * import { resolvedId } from "./unarchive_steps.ts";
 * resolvedId(out, "OWN", "1000"); // 1000
 * ```
 */
export function resolvedId(
  out: ShellOutput,
  tag: string,
  given: string | undefined,
): number | null {
  if (given === undefined) return null;
  if (/^\d+$/.test(given)) return Number(given);
  const line = out.first(tag);
  if (line === undefined || line === "-") return null;
  return Number(line.split(" ")[0]);
}

/**
 * The last script: `A` lstat of dest, `F` of another path (a failure's),
 * the staging dir removed.
 *
 * @example
 * ```ts
 * import { finishScript } from "./unarchive_steps.ts";
 * const script = finishScript("/tmp/x", "/srv/app");
 * ```
 */
export function finishScript(staging: string | undefined, dest: string, path?: string): string {
  const lines = [`_tst A ${shellQuote(dest)} 0`];
  if (path !== undefined) lines.push(`_tst F ${shellQuote(path)} 0`);
  if (staging !== undefined) lines.push(`rm -rf -- ${shellQuote(staging)}`);
  return lines.join("\n") + "\n";
}
