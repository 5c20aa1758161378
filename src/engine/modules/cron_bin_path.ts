/**
 * Ansible's `get_bin_path` on the target, as a sh function: a program is
 * looked up in `PATH`, then in `/sbin`, `/usr/sbin` and `/usr/local/sbin`
 * (where `crontab`, `sysctl` and `hostnamectl` live while a login user's
 * `PATH` may lack them), and a missing one fails with Ansible's message.
 * Shared by `cron`, `sysctl` and `hostname`.
 *
 * @module
 */
import type { ShellOutput } from "./remote_sh.ts";

/**
 * The sh function `_tbin TAG NAME`: prints `TAG B <path>` when `NAME` is
 * found, else `TAG N <the directories searched, colon-separated>`, and
 * leaves the path (or nothing) in `$_tbp` for the rest of the script.
 *
 * @example
 * ```ts
 * const script = `${BIN_PATH_SH}_tbin S sysctl\n`;
 * ```
 */
export const BIN_PATH_SH: string = `
_tbin() {
  _tbp=
  _tps=$PATH
  for _td in /sbin /usr/sbin /usr/local/sbin; do
    case ":$_tps:" in *":$_td:"*) ;; *) [ -e "$_td" ] && _tps="$_tps:$_td";; esac
  done
  _tifs=$IFS; IFS=:
  for _td in $_tps; do
    [ -n "$_td" ] || continue
    if [ -e "$_td/$2" ] && [ ! -d "$_td/$2" ] && [ -x "$_td/$2" ]; then
      IFS=$_tifs; _tbp=$_td/$2; printf '%s B %s\\n' "$1" "$_tbp"; return 0
    fi
  done
  IFS=$_tifs; printf '%s N %s\\n' "$1" "$_tps"
}
`;

/**
 * A program the module needs is not on the target.
 *
 * @example
 * ```ts
 * throw new MissingProgramError("crontab", "/usr/bin:/bin:/sbin");
 * ```
 */
export class MissingProgramError extends Error {
  override name = "MissingProgramError";

  /** Ansible's text: `Failed to find required executable "X" in paths: …`. */
  constructor(program: string, searched: string) {
    super(`Failed to find required executable "${program}" in paths: ${searched}`);
  }
}

/**
 * The path `_tbin TAG NAME` printed; throws {@linkcode MissingProgramError}
 * when it found nothing.
 *
 * @example
 * ```ts
 * const sysctl = binPath(out, "S", "sysctl"); // "/usr/sbin/sysctl"
 * ```
 */
export function binPath(out: ShellOutput, tag: string, program: string): string {
  const line = out.first(tag) ?? "N ";
  if (line.startsWith("B ")) return line.slice(2);
  throw new MissingProgramError(program, line.slice(2));
}
