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
 * - `K <id>\n`: kill the running command `<id>` (its session).
 * - `Q\n`: end the loop (as the end of its input does; on a terminal the
 *   end of input does not reach it).
 *
 * Responses (host → tachyon): after a `<marker> ready` line (anything before
 * it, such as a login script's noise, is skipped), one per request:
 * `T <id> <rc> <stdout bytes> <stderr bytes>\n` followed by the raw stdout and
 * stderr bytes. Instead of the ready line, `<marker> fail tried DIR (why), …`
 * says that no temp dir was writable; the loop then exits.
 *
 * Lifetime of what a command starts: a command may leave processes running
 * in the background, and they keep running while the channel is open (a later
 * task can use a server an earlier one started). When the channel ends (its
 * stdin reaches EOF, as on `close()` or when the tachyon process dies, even
 * by SIGKILL; or the loop gets HUP, INT or TERM), the loop SIGKILLs every
 * process left in the sessions it created: the running command and what any
 * earlier command left behind, including processes that moved to another
 * process group of the session (found with `ps`; on Linux also when the
 * command's first group was already empty). A process that must outlive
 * the job leaves the session on purpose: a daemon that calls `setsid` itself
 * (e.g. `setsid CMD >/dev/null 2>&1 < /dev/null &`), or a service started by
 * the init system. `nohup` does not protect a process. Hosts without `setsid`
 * run commands in the loop's own process group: the running command's tree is
 * found with `ps`, and the loop kills its whole group last when it leads one
 * (the usual case, sshd makes the login shell a group leader).
 *
 * Temp dir: the loop uses a private dir in the first of `/dev/shm`,
 * `${TMPDIR:-/tmp}` and `~/.ansible/tmp` where a file written reads back. If a
 * failed command's output could not be stored (the disk filled up), a note
 * saying so is added to its stderr; if a command's stdin cannot be stored,
 * the channel ends with a message on its stderr.
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
 * Start: `td DIR` makes a private dir in DIR (`mktemp -d`, else `mkdir -m
 * 700` with the marker in its name) and checks that a file written there
 * reads back; `/dev/shm` is tried first (creating files on tmpfs is free, on
 * a disk it costs ~1 ms), then `${TMPDIR:-/tmp}`, then `~/.ansible/tmp`
 * (created 0700, as Ansible's remote_tmp). When none works the loop prints
 * `<marker> fail tried DIR (why), …` instead of its ready line and exits.
 *
 * Files of request N in that dir: `N.i` stdin, `N.o`/`N.e` output, `N.w` a
 * write probe after a failed command. They are removed in batches (a fork per
 * 64 requests), at once after a request with stdin or with more than 1 MiB of
 * output. `.p`, rewritten in place (a line no longer than the first one, so
 * it needs no new space on a full disk), holds `N PID` for the running
 * request N, then `N PID -` once it has ended, or `N PID +` when it ended
 * leaving processes in its process group.
 *
 * - `rd N FILE` copies exactly N bytes of stdin to FILE: `head -c` when it
 *   does not read ahead (probed), else `dd iflag=fullblock`, else single
 *   `dd` reads until the file has N bytes.
 * - `kt PID` kills a process tree found with `ps` (hosts without `setsid`).
 * - `ks H SID…` kills the sessions SID…: their process groups at once, then
 *   with `ps` (when present) every group in them. With H set (at the end) it
 *   also kills groups in earlier commands' sessions `S` whose processes carry
 *   this channel's `SSH_CONNECTION` (read from `/proc`): a session whose first
 *   group emptied while another one lives on (`timeout CMD &`), told apart
 *   from an unrelated session that reuses the id.
 * - `kp` waits until `.p` names the current command; `kc` kills it (abort).
 * - `ke` at the end: kills the running command and the sessions `G` that
 *   earlier commands left behind (pruned with `kill -s 0` at each request, so
 *   only sessions that still had processes are remembered). Without `setsid`
 *   the loop kills its own process group last, when it leads one.
 */
const LOOP = [
  // On a terminal (a `su` channel) the line discipline must pass bytes as they are.
  "[ ! -t 0 ] || stty raw -echo -iexten 2>/dev/null",
  "M=$1",
  "d=; W=",
  "td() {",
  '  t=$(mktemp -d "$1/tachyon.XXXXXXXX" 2>/dev/null) ||',
  '    { t=$1/tachyon.$$.$M; e=$(mkdir -m 700 "$t" 2>&1); } ||',
  '    { W="$W, $1 (${e##*: })"; return 1; }',
  '  if { printf \'%-22s\\n\' tachyon > "$t/.p"; } 2>/dev/null && read -r e < "$t/.p" &&',
  '    [ "$e" = tachyon ]; then d=$t; return 0; fi',
  '  e=$( { printf \'%-22s\\n\' tachyon > "$t/.p"; } 2>&1); rm -rf "$t"',
  '  W="$W, $1 (a test write failed${e:+: ${e##*: }})"; return 1',
  "}",
  'td /dev/shm || td "${TMPDIR:-/tmp}" || {',
  "  a=$HOME/.ansible/tmp",
  '  if e=$(umask 077 && mkdir -p "$a" 2>&1); then td "$a"; else W="$W, $a (${e##*: })"; false; fi',
  '} || { printf "%s fail tried %s\\n" "$M" "${W#, }"; exit 97; }',
  "H=; F=; SS=; P=; C=; I=; G=; S=",
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
  "ks() {",
  "  h=$1; shift",
  '  for g; do kill -s KILL -- "-$g" 2>/dev/null; done',
  "  for g in $(ps -A -o sid= -o pgid= -o pid= 2>/dev/null | while read -r a b c; do",
  '    case " $* " in *" $a "*) echo "$b"; continue ;; esac',
  '    [ -n "$h" ] && [ -n "$SSH_CONNECTION" ] || continue',
  '    case " $S " in *" $a "*) ;; *) continue ;; esac',
  "    tr '\\0' '\\n' 2>/dev/null < \"/proc/$c/environ\" |",
  '      grep -qxF "SSH_CONNECTION=$SSH_CONNECTION" && echo "$b"',
  '  done); do kill -s KILL -- "-$g" 2>/dev/null; done',
  "}",
  "kp() {",
  "  k=0; q=; p=; s=",
  '  while [ "$q" != "$C" ] && [ $k -lt 100000 ]; do read -r q p s < "$d/.p"; k=$((k + 1)); done',
  '  [ "$q" = "$C" ] || p=',
  "}",
  "kc() {",
  '  [ -n "$C" ] || return 0; kp; [ -n "$p" ] && [ -z "$s" ] || return 0',
  '  if [ -n "$SS" ]; then ks "" "$p"; else kt "$p"; fi',
  "}",
  "ke() {",
  '  if [ -z "$SS" ]; then kc; return; fi',
  '  [ -z "$C" ] || { kp; S="$S $p"; [ -z "$p" ] || [ "$s" = - ] || G="$G $p"; }',
  '  [ -z "$S" ] || ks 1 $G',
  "}",
  `trap 'ke; rm -rf "$d"; [ -n "$SS" ] || ! kill -s 0 -- "-$$" 2>/dev/null || kill -s KILL -- "-$$"' EXIT`,
  "trap 'exit 129' HUP",
  "trap 'exit 130' INT",
  "trap 'exit 143' TERM",
  "nl='",
  "'",
  'printf "%s ready\\n" "$M"',
  "while read -r o i n l; do",
  "  case $o in",
  "  R)",
  '    [ -z "$P" ] || wait "$P"',
  '    if [ -n "$SS" ] && [ -n "$C" ]; then',
  '      read -r q p s < "$d/.p"; [ "$q" = "$C" ] || p= s=',
  '      S="$S $p"; g=; [ "$s" != + ] || g=$p',
  '      for p in $G; do ! kill -s 0 -- "-$p" 2>/dev/null || g="$g $p"; done; G=$g',
  "    fi",
  '    if [ -n "$I" ] || [ $((i % 64)) -eq 0 ]; then rm -f "$d"/*; I=; fi',
  "    c=; k=0",
  '    while [ $k -lt "$n" ]; do IFS= read -r x || exit 0; c=$c$x$nl; k=$((k + 1)); done',
  "    f=/dev/null",
  '    if [ "$l" -gt 0 ]; then',
  "      f=$d/$i.i; I=1",
  '      rd "$l" "$f" || { echo "tachyon: storing the stdin of a command in $d failed" \\',
  '        "(is the disk full?); the channel ends" >&2; exit 98; }',
  "    fi",
  "    C=$i",
  "    (",
  '      $SS /bin/sh -c "$c" < "$f" > "$d/$i.o" 2> "$d/$i.e" &',
  '      echo "$i $!" 1<> "$d/.p"',
  "      wait $!; r=$?; s=-",
  '      [ -z "$SS" ] || ! kill -s 0 -- "-$!" 2>/dev/null || s=+',
  '      echo "$i $! $s" 1<> "$d/.p"',
  '      cd "$d" || exit',
  "      x=",
  "      if [ $r -ne 0 ] && ! { printf 'tachyon\\n' > \"$i.w\"; } 2>/dev/null; then",
  "        x=$( { printf 'tachyon\\n' > \"$i.w\"; } 2>&1)",
  '        x="tachyon: writing the output of this command to $d failed (${x##*: }; is the disk"',
  '        x="$x full?), so it may be incomplete$nl"',
  "      fi",
  '      if [ -s "$i.o" ] || [ -s "$i.e" ]; then set -- $(wc -c "$i.o" "$i.e"); else set -- 0 - 0; fi',
  '      if [ -z "$x" ]; then n=0; else n=$(printf %s "$x" | wc -c); n=${n##* }; fi',
  '      printf "T %s %s %s %s\\n" "$i" "$r" "$1" $(($3 + n))',
  '      [ $(($1 + $3)) -eq 0 ] || cat "$i.o" "$i.e"',
  '      [ -z "$x" ] || printf %s "$x"',
  '      [ $(($1 + $3)) -le 1048576 ] && [ -z "$x" ] || rm -f "$i.o" "$i.e"',
  "    ) 2>/dev/null &",
  "    P=$!",
  "    ;;",
  '  K) [ "$i" != "$C" ] || kc ;;',
  "  Q) exit 0 ;;",
  "  esac",
  "done",
  "exit 0",
].join("\n");

/**
 * The remote command given to ssh: the host's login shell execs `/bin/sh`
 * running the loop, with `marker` as the loop's start marker; `wrap` runs
 * that command through another program (`sudo -u app …`).
 *
 * @example
 * ```ts
 * const command = remoteCommand("3f9a…"); // "exec /bin/sh -c '…' tachyon 3f9a…"
 * const escalated = remoteCommand("3f9a…", (inner) => `sudo -n ${inner}`); // "exec sudo -n /bin/sh -c '…' tachyon 3f9a…"
 * ```
 */
export function remoteCommand(marker: string, wrap?: (inner: string) => string): string {
  const inner = `/bin/sh -c ${shellQuote(LOOP)} tachyon ${marker}`;
  return `exec ${wrap ? wrap(inner) : inner}`;
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

/**
 * The bytes asking the loop to end.
 *
 * @example
 * ```ts
 * encodeQuit(); // "Q\n"
 * ```
 */
export function encodeQuit(): Uint8Array {
  return encoder.encode("Q\n");
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
 * What the loop reported instead of its start line when it could not start
 * (`<marker> fail tried DIR (why), …`: no writable temp dir), or `undefined`.
 *
 * @example
 * ```ts
 * startFailure(new TextEncoder().encode("abc fail tried /tmp (Read-only file system)"), "abc");
 * // "tried /tmp (Read-only file system)"
 * ```
 */
export function startFailure(line: Uint8Array, marker: string): string | undefined {
  const text = decoder.decode(line);
  const at = text.indexOf(`${marker} fail `);
  return at < 0 ? undefined : text.slice(at + marker.length + 6);
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
