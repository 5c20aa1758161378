/**
 * The wire protocol between tachyon and the POSIX `sh` loop it starts on each
 * ssh host: the loop's source, request framing and response headers.
 *
 * Requests (tachyon → host), one after another on the channel's stdin:
 *
 * - `R <id> <lines> <bytes>\n`, then the command as `<lines>` lines (each
 *   ending in `\n`), then `<bytes>` raw bytes for the command's stdin. The
 *   loop runs the command with `/bin/sh -c` in its own session (`setsid`,
 *   where the host has it), stdout and stderr into files.
 * - `K <id>\n`: kill the running command `<id>` (its process group).
 *
 * Responses (host → tachyon): after a `<marker> ready` line (anything before
 * it, such as a login script's noise, is skipped), one per request:
 * `T <id> <rc> <stdout bytes> <stderr bytes>\n` followed by the raw stdout and
 * stderr bytes.
 *
 * Only POSIX tools are needed on the host: `sh`, `cat`, `wc`, `rm`, `mkdir`
 * and `dd` (or a `head -c` that does not read ahead, as GNU's); `mktemp`,
 * `setsid` and `ps` are used when present. Checked with dash, bash and
 * busybox tools.
 *
 * @module
 */
import { shellQuote } from "./connection.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The loop run by `/bin/sh` on the host; `$1` is the start marker.
 *
 * Files of request N live in a private temp dir (on tmpfs `/dev/shm` where
 * there is one: creating files there is free, on a disk it costs ~1 ms):
 * `N.i` stdin, `N.o`/`N.e` output, `N.p` the command's pid, then `-` once it
 * has ended. They are removed in batches (a fork per 64 requests), at once
 * after a request with stdin or with more than 1 MiB of output.
 *
 * - `rd N FILE` copies exactly N bytes of stdin to FILE: `head -c` when it
 *   does not read ahead (probed), else `dd iflag=fullblock`, else single
 *   `dd` reads until the file has N bytes.
 * - `kt PID` kills a process tree found with `ps` (hosts without `setsid`).
 * - `kc` kills the running command (its session) once its pid is known.
 */
const LOOP = [
  "M=$1",
  "d=",
  "[ -d /dev/shm ] && [ -w /dev/shm ] && d=$(mktemp -d /dev/shm/tachyon.XXXXXXXX 2>/dev/null)",
  '[ -n "$d" ] || d=$(mktemp -d "${TMPDIR:-/tmp}/tachyon.XXXXXXXX" 2>/dev/null)',
  '[ -n "$d" ] || { d=${TMPDIR:-/tmp}/tachyon.$$.$M; mkdir -m 700 "$d" || exit 97; }',
  "H=; F=; SS=; P=; C=; I=",
  '[ "$(printf abc | { head -c 1 >/dev/null 2>&1; cat; })" = bc ] && H=1',
  '[ "$(printf abc | { dd bs=1 count=1 iflag=fullblock >/dev/null 2>&1; cat; })" = bc ] && F=1',
  "command -v setsid >/dev/null 2>&1 && SS=setsid",
  "rd() {",
  '  if [ -n "$H" ]; then head -c "$1" > "$2"; return; fi',
  '  if [ -n "$F" ]; then',
  "    q=$(($1 / 65536)); r=$(($1 % 65536))",
  "    { [ $q -eq 0 ] || dd bs=65536 count=$q iflag=fullblock 2>/dev/null",
  '      [ $r -eq 0 ] || dd bs=$r count=1 iflag=fullblock 2>/dev/null; } > "$2"; return',
  "  fi",
  '  : > "$2"; n=$1',
  '  while [ "$n" -gt 0 ]; do',
  '    b=$n; [ "$b" -le 65536 ] || b=65536',
  '    dd bs=$b count=1 >> "$2" 2>/dev/null',
  '    s=$(wc -c < "$2"); [ $(($1 - s)) -lt "$n" ] || return 1; n=$(($1 - s))',
  "  done",
  "}",
  "kt() {",
  '  kill -s STOP "$1" 2>/dev/null',
  "  for c in $(ps -A -o pid= -o ppid= 2>/dev/null |",
  '    while read -r a b; do [ "$b" = "$1" ] && echo "$a"; done); do kt "$c"; done',
  '  kill -s KILL "$1" 2>/dev/null',
  "}",
  "kc() {",
  '  [ -n "$C" ] || return 0; k=0; p=',
  '  while [ -z "$p" ] && [ $k -lt 100000 ]; do',
  '    read -r p 2>/dev/null < "$d/$C.p"; k=$((k + 1))',
  "  done",
  '  [ -n "$p" ] && [ "$p" != - ] || return 0',
  '  if [ -n "$SS" ]; then kill -s KILL -- "-$p" 2>/dev/null; else kt "$p"; fi',
  "}",
  `trap 'kc; rm -rf "$d"' EXIT`,
  "trap 'exit 129' HUP",
  "trap 'exit 143' TERM",
  "nl='",
  "'",
  'printf "%s ready\\n" "$M"',
  "while read -r o i n l; do",
  "  case $o in",
  "  R)",
  '    [ -z "$P" ] || wait "$P"',
  '    if [ -n "$I" ] || [ $((i % 64)) -eq 0 ]; then rm -f "$d"/*; I=; fi',
  "    c=; k=0",
  '    while [ $k -lt "$n" ]; do IFS= read -r x || exit 0; c=$c$x$nl; k=$((k + 1)); done',
  "    f=/dev/null",
  '    if [ "$l" -gt 0 ]; then f=$d/$i.i; I=1; rd "$l" "$f" || exit 0; fi',
  "    C=$i",
  "    (",
  '      $SS /bin/sh -c "$c" < "$f" > "$d/$i.o" 2> "$d/$i.e" &',
  '      echo $! > "$d/$i.p"',
  "      wait $!; r=$?",
  '      echo - > "$d/$i.p"',
  '      cd "$d" || exit',
  '      if [ -s "$i.o" ] || [ -s "$i.e" ]; then',
  '        set -- $(wc -c "$i.o" "$i.e") &&',
  '          printf "T %s %s %s %s\\n" "$i" "$r" "$1" "$3" && cat "$i.o" "$i.e"',
  '        [ $(($1 + $3)) -le 1048576 ] || rm -f "$i.o" "$i.e"',
  '      else printf "T %s %s 0 0\\n" "$i" "$r"; fi',
  "    ) 2>/dev/null &",
  "    P=$!",
  "    ;;",
  '  K) [ "$i" != "$C" ] || kc ;;',
  "  esac",
  "done",
  "exit 0",
].join("\n");

/**
 * The remote command given to ssh: the host's login shell execs `/bin/sh`
 * running the loop, with `marker` as the loop's start marker.
 *
 * @example
 * ```ts
 * const command = remoteCommand("3f9a…"); // "exec /bin/sh -c '…' tachyon 3f9a…"
 * ```
 */
export function remoteCommand(marker: string): string {
  return `exec /bin/sh -c ${shellQuote(LOOP)} tachyon ${marker}`;
}

/**
 * A command cannot travel over the channel (it contains a NUL byte, which no
 * POSIX command line can hold).
 *
 * @example
 * ```ts
 * throw new InvalidCommandError("the command contains a NUL byte");
 * ```
 */
export class InvalidCommandError extends Error {
  override name = "InvalidCommandError";
}

/**
 * The bytes of request `id`: header, command lines, stdin bytes.
 *
 * @example
 * ```ts
 * encodeRequest(1, "echo hi"); // "R 1 1 0\necho hi\n"
 * ```
 */
export function encodeRequest(id: number, command: string, stdin?: Uint8Array): Uint8Array {
  if (command.includes("\0")) throw new InvalidCommandError("the command contains a NUL byte");
  const lines = command.split("\n");
  const size = stdin?.length ?? 0;
  const head = encoder.encode(`R ${id} ${lines.length} ${size}\n${command}\n`);
  if (size === 0) return head;
  const out = new Uint8Array(head.length + size);
  out.set(head, 0);
  out.set(stdin!, head.length);
  return out;
}

/**
 * The bytes asking the loop to kill the running command `id`.
 *
 * @example
 * ```ts
 * encodeKill(7); // "K 7\n"
 * ```
 */
export function encodeKill(id: number): Uint8Array {
  return encoder.encode(`K ${id}\n`);
}

/** A parsed response header. */
export interface ResponseHeader {
  /** The request's id. */
  id: number;
  /** The command's exit status (128+N when killed by signal N). */
  rc: number;
  /** Bytes of stdout that follow. */
  stdoutBytes: number;
  /** Bytes of stderr that follow them. */
  stderrBytes: number;
}

/**
 * Parses `T <id> <rc> <stdout bytes> <stderr bytes>`; `null` when `line` is not one.
 *
 * @example
 * ```ts
 * parseResponseHeader(new TextEncoder().encode("T 1 0 3 0"));
 * // { id: 1, rc: 0, stdoutBytes: 3, stderrBytes: 0 }
 * ```
 */
export function parseResponseHeader(line: Uint8Array): ResponseHeader | null {
  const match = /^T (\d+) (\d+) (\d+) (\d+)$/.exec(decoder.decode(line));
  if (!match) return null;
  return {
    id: Number(match[1]),
    rc: Number(match[2]),
    stdoutBytes: Number(match[3]),
    stderrBytes: Number(match[4]),
  };
}

/**
 * Whether `line` is the loop's start line for `marker` (login noise without a
 * final newline may precede the marker on the same line).
 *
 * @example
 * ```ts
 * isReadyLine(new TextEncoder().encode("motd…abc ready"), "abc"); // true
 * ```
 */
export function isReadyLine(line: Uint8Array, marker: string): boolean {
  return decoder.decode(line).endsWith(`${marker} ready`);
}
