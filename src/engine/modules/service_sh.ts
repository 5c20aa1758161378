/**
 * The sh helpers `service`, `sysvinit` and `systemd` put in front of their
 * scripts, and the reading of what they print. A command's output goes to
 * temp files, never to a `$(…)` capture: an init script's daemon that keeps
 * its stdout open cannot hang the task. `_svbin` is Ansible's
 * `get_bin_path` with `opt_dirs` (searched before `PATH`), which the
 * service modules use to find `service`, `update-rc.d`, `systemctl`, ….
 *
 * @module
 */
import type { ModuleContext } from "./module.ts";
import { runLibraryScript, type ShellOutput, shellQuote } from "./remote_sh.ts";

/**
 * The directories Ansible's service modules search before `PATH`.
 *
 * @example
 * ```ts
 * const script = `_svbin T update-rc.d ${SERVICE_TOOL_DIRS.join(" ")}`;
 * ```
 */
export const SERVICE_TOOL_DIRS: readonly string[] = ["/sbin", "/usr/sbin", "/bin", "/usr/bin"];

/**
 * The sh functions:
 *
 * - `_svenc TAG`: stdin as one line, `TAG base64 DATA` (or `TAG hex DATA`);
 * - `_svbin TAG NAME [DIR…]`: `TAG B PATH` (and `$_svbp`) or `TAG N SEARCHED`;
 * - `_svcap TAG MODE CMD…`: runs the command with stdin from `/dev/null` and
 *   prints `TAGR rc`, `TAGO`/`TAGE` (its encoded stdout and stderr). MODE
 *   `plain` runs it as is, `c` under a C locale (`service`'s screen
 *   scraping), `daemon` in a new session too (`setsid`, as Ansible's
 *   daemonized commands): what it starts outlives the task's session.
 *
 * @example
 * ```ts
 * const script = `${SERVICE_SH}_svcap S plain /etc/init.d/cron status\n`;
 * ```
 */
export const SERVICE_SH: string = `
_svenc() {
  if command -v base64 >/dev/null 2>&1; then printf '%s base64 %s\\n' "$1" "$(base64 | tr -d '\\n')"
  else printf '%s hex %s\\n' "$1" "$(od -An -v -tx1 | tr -d ' \\n')"; fi
}
_svbin() {
  _svt=$1 _svn=$2; shift 2
  _svbp= _svps=
  for _svd in "$@"; do [ -e "$_svd" ] && _svps="$_svps$_svd:"; done
  _svps="$_svps$PATH"
  for _svd in /sbin /usr/sbin /usr/local/sbin; do
    case ":$_svps:" in *":$_svd:"*) ;; *) [ -e "$_svd" ] && _svps="$_svps:$_svd";; esac
  done
  _svifs=$IFS; IFS=:
  for _svd in $_svps; do
    [ -n "$_svd" ] || continue
    if [ -e "$_svd/$_svn" ] && [ ! -d "$_svd/$_svn" ] && [ -x "$_svd/$_svn" ]; then
      IFS=$_svifs; _svbp=$_svd/$_svn; printf '%s B %s\\n' "$_svt" "$_svbp"; return 0
    fi
  done
  IFS=$_svifs; printf '%s N %s\\n' "$_svt" "$_svps"
}
_svcap() {
  _svt=$1 _svm=$2; shift 2
  _svo=$(mktemp 2>/dev/null) && _sve=$(mktemp 2>/dev/null) || {
    printf '%sR 1\\n' "$_svt"; printf '' | _svenc "\${_svt}O"
    printf 'mktemp failed: no writable temp dir' | _svenc "\${_svt}E"; return 0; }
  case $_svm in
    daemon)
      if command -v setsid >/dev/null 2>&1 && setsid -w true </dev/null >/dev/null 2>&1; then
        LANG=C.UTF-8 LC_ALL=C.UTF-8 LC_MESSAGES=C.UTF-8 setsid -w "$@" </dev/null >"$_svo" 2>"$_sve"
      else
        LANG=C.UTF-8 LC_ALL=C.UTF-8 LC_MESSAGES=C.UTF-8 "$@" </dev/null >"$_svo" 2>"$_sve"
      fi;;
    c) LANG=C.UTF-8 LC_ALL=C.UTF-8 LC_MESSAGES=C.UTF-8 "$@" </dev/null >"$_svo" 2>"$_sve";;
    *) "$@" </dev/null >"$_svo" 2>"$_sve";;
  esac
  _svr=$?
  printf '%sR %s\\n' "$_svt" "$_svr"
  _svenc "\${_svt}O" <"$_svo"; _svenc "\${_svt}E" <"$_sve"
  rm -f -- "$_svo" "$_sve"
}
`;

/**
 * How `_svcap` runs a command.
 *
 * @example
 * ```ts
 * const mode: CaptureMode = "daemon";
 * ```
 */
export type CaptureMode = "plain" | "c" | "daemon";

/**
 * One command line for `_svcap`: Ansible builds its commands as strings and
 * splits them with `shlex`; here they are word lists, quoted for sh.
 *
 * @example
 * ```ts
 * capture("S", "plain", ["/usr/sbin/service", "cron", "status"]);
 * // "_svcap S plain /usr/sbin/service cron status"
 * ```
 */
export function capture(tag: string, mode: CaptureMode, argv: readonly string[]): string {
  return `_svcap ${tag} ${mode} ${argv.map(shellQuote).join(" ")}`;
}

/**
 * What a command printed and how it ended.
 *
 * @example
 * ```ts
 * const run: CommandRun = { rc: 3, out: "cron is not running ... failed!\n", err: "" };
 * ```
 */
export interface CommandRun {
  /** Exit status. */
  readonly rc: number;
  /** Standard output. */
  readonly out: string;
  /** Standard error. */
  readonly err: string;
}

const decoder = new TextDecoder();

/**
 * The outcome `_svcap TAG …` printed, or `undefined` when it did not run.
 *
 * @example
 * ```ts
 * const status = commandRun(out, "S"); // { rc: 0, out: "cron is running.\n", err: "" }
 * ```
 */
export function commandRun(out: ShellOutput, tag: string): CommandRun | undefined {
  const rc = out.first(`${tag}R`);
  if (rc === undefined) return undefined;
  const text = (suffix: string) => decoder.decode(out.bytes(`${tag}${suffix}`) ?? new Uint8Array());
  return { rc: Number(rc), out: text("O"), err: text("E") };
}

/**
 * The path `_svbin TAG NAME` found, or `undefined`.
 *
 * @example
 * ```ts
 * toolPath(out, "SVC"); // "/usr/sbin/service"
 * ```
 */
export function toolPath(out: ShellOutput, tag: string): string | undefined {
  const line = out.first(tag);
  return line?.startsWith("B ") ? line.slice(2) : undefined;
}

/**
 * What `_svbin TAG NAME` searched when it found nothing (for Ansible's
 * `Failed to find required executable` message).
 *
 * @example
 * ```ts
 * searchedPaths(out, "PS"); // "/sbin:/usr/sbin:/bin:/usr/bin:/usr/local/bin:/usr/bin:/bin"
 * ```
 */
export function searchedPaths(out: ShellOutput, tag: string): string {
  const line = out.first(tag) ?? "N ";
  return line.startsWith("N ") ? line.slice(2) : "";
}

/**
 * `_svbin` lines for `tools`, each searched in {@linkcode SERVICE_TOOL_DIRS}
 * first, tagged `T<name>`.
 *
 * @example
 * ```ts
 * findTools(["service", "update-rc.d"]);
 * // "_svbin Tservice service /sbin /usr/sbin /bin /usr/bin\n_svbin Tupdate-rc.d …"
 * ```
 */
export function findTools(tools: readonly string[]): string {
  const dirs = SERVICE_TOOL_DIRS.join(" ");
  return tools.map((t) => `_svbin ${shellQuote(`T${t}`)} ${shellQuote(t)} ${dirs}\n`).join("");
}

/**
 * Lines of `ps auxww` output that are not the module's own script (whose
 * command line holds the service's name): Ansible's module does not see its
 * arguments in `ps`, tachyon's `sh -c` would.
 *
 * @example
 * ```ts
 * psLines("USER PID …\nroot 1 …\nroot 42 … sh -c …cron…\n", 42); // the header and pid 1's line
 * ```
 */
export function psLines(text: string, ownPid: number): string[] {
  return text.split("\n").filter((line) => {
    const pid = line.trim().split(/\s+/)[1];
    return pid !== String(ownPid);
  });
}

/**
 * Runs one command (`argv`) on the host in one exec and returns how it
 * ended; `prelude` is sh run first (environment settings).
 *
 * @example
 * ```ts
 * const status = await runCommand(ctx, ["/usr/sbin/service", "cron", "status"], "c");
 * ```
 */
export async function runCommand(
  ctx: ModuleContext,
  argv: readonly string[],
  mode: CaptureMode = "plain",
  prelude = "",
): Promise<CommandRun> {
  const out = await runLibraryScript(ctx, `${SERVICE_SH}${prelude}${capture("C", mode, argv)}\n`);
  return commandRun(out, "C") ?? { rc: 1, out: "", err: "" };
}
