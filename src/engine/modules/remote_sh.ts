/**
 * The small POSIX sh library file modules prepend to their one `exec`, and
 * the parser of what it prints: tagged lines (`TAG payload`), then
 * optionally file content after a `__TACHYON_DATA__ ENCODING` line.
 *
 * Needs only what Debian and busybox both have: `stat -c` (else `ls -ldin`
 * + `date -r`), `sha1sum` (else `md5sum`, else POSIX `cksum`), `base64`
 * (else `od -An -v -tx1`), `cp -p`, `mv -f`, `readlink`, `dirname`.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { Connection } from "../connection/connection.ts";
import type { ChecksumAlgorithm, RemoteChecksum } from "./checksum.ts";
import type { ModuleContext } from "./module.ts";

export { shellQuote } from "../connection/connection.ts";

const DATA_MARKER = "__TACHYON_DATA__ ";

/**
 * The sh functions every file-module script starts with:
 *
 * - `_tst TAG PATH FOLLOW`: `TAG S <stat -c fields>` / `TAG L <ls fallback>` /
 *   `TAG A` (absent), then `TAG K <target>` for a symlink;
 * - `_tsum TAG PATH`: `TAG sha1|md5|cksum VALUE`;
 * - `_tdata PATH`: the file's bytes, encoded, as the rest of stdout;
 * - `_tenc TAG PATH`: the file's bytes, encoded, on one line `TAG base64|hex DATA`;
 * - `_tbak PATH`: an Ansible-style backup copy, `BK <name>`;
 * - `_twrite DEST`: stdin to DEST atomically, keeping DEST's mode and owner.
 *
 * @example
 * ```ts
 * await connection.exec(SH_LIBRARY + `_tst P /etc/hosts 0\n`);
 * ```
 */
export const SH_LIBRARY: string = `
_tst() {
  if [ "$3" = 1 ]; then _tf=-L; else _tf=; fi
  if [ -e "$2" ] || { [ -z "$_tf" ] && [ -L "$2" ]; }; then
    if _tr=$(stat $_tf -c '%f %u %g %s %h %i %d %b %o %X %Y %Z %t %T %U %G|%x|%y|%z' -- "$2" 2>/dev/null); then
      printf '%s S %s\\n' "$1" "$_tr"
    else
      printf '%s L %s|%s|%s\\n' "$1" "$(ls -ldin $_tf -- "$2" 2>/dev/null)" \\
        "$(ls -ld $_tf -- "$2" 2>/dev/null)" "$(date -r "$2" +%s 2>/dev/null)"
    fi
    if [ -L "$2" ]; then printf '%s K %s\\n' "$1" "$(readlink -- "$2")"; fi
  else
    printf '%s A\\n' "$1"
  fi
}
_tsum() {
  if command -v sha1sum >/dev/null 2>&1; then _th=$(sha1sum < "$2") && printf '%s sha1 %s\\n' "$1" "\${_th%% *}"
  elif command -v md5sum >/dev/null 2>&1; then _th=$(md5sum < "$2") && printf '%s md5 %s\\n' "$1" "\${_th%% *}"
  else _th=$(cksum < "$2") && printf '%s cksum %s\\n' "$1" "$_th"; fi
}
_tdata() {
  if command -v base64 >/dev/null 2>&1; then echo '${DATA_MARKER}base64'; base64 < "$1"
  else echo '${DATA_MARKER}od'; od -An -v -tx1 < "$1"; fi
}
_tenc() {
  if command -v base64 >/dev/null 2>&1; then printf '%s base64 %s\n' "$1" "$(base64 < "$2" | tr -d '\n')"
  else printf '%s hex %s\n' "$1" "$(od -An -v -tx1 < "$2" | tr -d ' \n')"; fi
}
_tbak() {
  _tb="$1.$$.$(date +%Y-%m-%d@%H:%M:%S)~"
  cp -p -- "$1" "$_tb" && printf 'BK %s\\n' "$_tb"
}
_twrite() {
  _tt="$(dirname -- "$1")/.tachyon.$$.tmp"
  if [ -f "$1" ]; then cp -p -- "$1" "$_tt" || return 1; fi
  if cat > "$_tt" && mv -f -- "$_tt" "$1"; then return 0; fi
  rm -f -- "$_tt"; return 1
}
`;

/**
 * What a library script printed: tagged lines and optional content.
 *
 * @example
 * ```ts
 * const out = ShellOutput.parse("R sha1 abc\n");
 * out.first("R"); // "sha1 abc"
 * ```
 */
export class ShellOutput {
  /** Payloads by tag, in order. */
  readonly lines: ReadonlyMap<string, readonly string[]>;
  /** The decoded content after the data marker, if any. */
  readonly data: Uint8Array | undefined;
  /** What the script wrote to stderr. */
  readonly stderr: string;

  /** Wraps parsed parts. */
  constructor(lines: Map<string, string[]>, data: Uint8Array | undefined, stderr = "") {
    this.lines = lines;
    this.data = data;
    this.stderr = stderr;
  }

  /** Splits `stdout` into tagged lines and decoded content. */
  static parse(stdout: string, stderr = ""): ShellOutput {
    let head = stdout;
    let data: Uint8Array | undefined;
    const at = stdout.startsWith(DATA_MARKER) ? 0 : stdout.indexOf("\n" + DATA_MARKER);
    if (at >= 0) {
      const start = at === 0 ? 0 : at + 1;
      head = stdout.slice(0, start);
      const rest = stdout.slice(start + DATA_MARKER.length);
      const nl = rest.indexOf("\n");
      const encoding = nl < 0 ? rest : rest.slice(0, nl);
      data = decodeData(encoding.trim(), nl < 0 ? "" : rest.slice(nl + 1));
    }
    const lines = new Map<string, string[]>();
    for (const line of head.split("\n")) {
      if (line === "") continue;
      const sp = line.indexOf(" ");
      const tag = sp < 0 ? line : line.slice(0, sp);
      const payload = sp < 0 ? "" : line.slice(sp + 1);
      const list = lines.get(tag) ?? [];
      list.push(payload);
      lines.set(tag, list);
    }
    return new ShellOutput(lines, data, stderr);
  }

  /** The first payload of `tag`. */
  first(tag: string): string | undefined {
    return this.lines.get(tag)?.[0];
  }

  /** All payloads of `tag`. */
  all(tag: string): readonly string[] {
    return this.lines.get(tag) ?? [];
  }

  /** The bytes of an `_tenc` line, if printed. */
  bytes(tag: string): Uint8Array | undefined {
    const line = this.first(tag);
    if (line === undefined) return undefined;
    const sp = line.indexOf(" ");
    const encoding = sp < 0 ? line : line.slice(0, sp);
    const text = sp < 0 ? "" : line.slice(sp + 1);
    if (encoding === "hex") {
      return Uint8Array.from((text.match(/../g) ?? []).map((h) => parseInt(h, 16)));
    }
    return decodeData(encoding, text);
  }

  /** The checksum line of `tag` (`_tsum`), if printed. */
  checksum(tag: string): RemoteChecksum | undefined {
    const line = this.first(tag);
    if (line === undefined) return undefined;
    const sp = line.indexOf(" ");
    const algorithm = line.slice(0, sp) as ChecksumAlgorithm;
    if (!["sha1", "md5", "cksum"].includes(algorithm)) return undefined;
    return { algorithm, value: line.slice(sp + 1).trim() };
  }
}

function decodeData(encoding: string, text: string): Uint8Array {
  if (encoding === "base64") {
    return new Uint8Array(Buffer.from(text.replace(/\s+/g, ""), "base64"));
  }
  const bytes = text.split(/\s+/).filter((w) => w !== "").map((w) => parseInt(w, 16));
  return Uint8Array.from(bytes);
}

/**
 * A library script failed in a way that is not the module's to report.
 *
 * @example
 * ```ts
 * throw new RemoteScriptError("sh: 1: syntax error", 2);
 * ```
 */
export class RemoteScriptError extends Error {
  override name = "RemoteScriptError";
  /** The script's exit status. */
  readonly rc: number;

  /** Creates the error from the script's stderr and status. */
  constructor(stderr: string, rc: number) {
    super(`remote script failed (rc=${rc}): ${stderr.trim()}`);
    this.rc = rc;
  }
}

/**
 * Runs `body` after {@linkcode SH_LIBRARY} in one `exec` and parses its output;
 * a non-zero status is a {@linkcode RemoteScriptError}.
 *
 * @example
 * ```ts
 * const out = await runLibraryScript(ctx, `_tst P /etc/hostname 0`);
 * ```
 */
export async function runLibraryScript(
  ctx: ModuleContext,
  body: string,
  stdin?: Uint8Array,
  connection?: Connection,
): Promise<ShellOutput> {
  const conn = connection ?? await ctx.connection();
  const { rc, stdout, stderr } = await conn.exec(SH_LIBRARY + body, { stdin, signal: ctx.signal });
  if (rc !== 0) throw new RemoteScriptError(stderr, rc);
  return ShellOutput.parse(stdout, stderr);
}
