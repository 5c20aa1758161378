/**
 * The sh helpers of `unarchive`'s scripts (after `SH_LIBRARY`,
 * `BIN_PATH_SH` and `PARSABLE_LOCALE_SH`), and how a command line of known
 * words becomes sh text. Every command's output goes through files in the
 * task's staging dir `$t`.
 *
 * @module
 */
import { shellQuote } from "./remote_sh.ts";
import type { ShellOutput } from "./remote_sh.ts";

/**
 * `_ucap TAG DIR CMD…` runs CMD (in DIR unless it is `-`) under the
 * parsable locale `$_ul`, stdin empty, and prints `TAG <rc>`, then its stdout
 * and stderr encoded (`TAGO`, `TAGE`); the status is left in `$_ucr`.
 * `_urun` is the same without the stdout (kept in `$t/.o`). `_ucrc TAG PATH`
 * prints the CRC-32 of a file (gzip's trailer) as four bytes, low first.
 * `_uent TAG DB KEY` prints `TAG <name> <id>` of a `getent` entry, or
 * `TAG -` when there is none.
 *
 * @example
 * ```ts
 * import { UNARCHIVE_SH } from "./unarchive_sh.ts";
 * const script = `${UNARCHIVE_SH}_ucap L - unzip -l "$s"\n`;
 * ```
 */
export const UNARCHIVE_SH: string = `
_urun() {
  _uct=$1; _ucd=$2; shift 2
  ( if [ "$_ucd" != - ]; then cd "$_ucd" 2>/dev/null; fi
    LANG=$_ul LC_ALL=$_ul LC_MESSAGES=$_ul LANGUAGE=$_ul
    export LANG LC_ALL LC_MESSAGES LANGUAGE
    exec "$@" ) > "$t/.o" 2> "$t/.e" < /dev/null
  _ucr=$?
  printf '%s %s\\n' "$_uct" "$_ucr"
  _tenc "\${_uct}E" "$t/.e"
}
_ucap() {
  _urun "$@"
  _tenc "\${_uct}O" "$t/.o"
}
_ucrc() {
  printf '%s %s\\n' "$1" "$(gzip -c < "$2" 2>/dev/null | tail -c 8 | od -An -tu1 -N4)"
}
_uent() {
  _ue=$(getent "$2" -- "$3" 2>/dev/null) || { printf '%s -\\n' "$1"; return 0; }
  _ue=\${_ue%%
*}
  _uen=\${_ue%%:*}; _ue=\${_ue#*:}; _ue=\${_ue#*:}
  printf '%s %s %s\\n' "$1" "\${_ue%%:*}" "$_uen"
}
`;

/** A word of a command line that sh must expand (`"$s"`), not quote. */
export interface ShellVariable {
  /** The sh text, such as `"$s"`. */
  readonly sh: string;
}

/**
 * A command line as sh text: plain words quoted, {@linkcode ShellVariable}s
 * as they are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shellWords } from "./unarchive_sh.ts";
 * assert.equal(shellWords(["-f", { sh: '"$s"' }, "a b"]), `-f "$s" 'a b'`);
 * ```
 */
export function shellWords(words: readonly (string | ShellVariable)[]): string {
  return words.map((w) => (typeof w === "string" ? shellQuote(w) : w.sh)).join(" ");
}

/** What one `_ucap`/`_urun` printed. */
export interface Captured {
  /** Exit status. */
  readonly rc: number;
  /** Standard output (empty for `_urun`). */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
}

const decoder = new TextDecoder();

/**
 * The command `tag` ran (`_ucap`/`_urun`), or undefined when it did not run.
 *
 * @example
 * ```ts
 * import { captured } from "./unarchive_sh.ts";
 * const listing = captured(out, "L");
 * if (listing?.rc === 0) console.log(listing.stdout);
 * ```
 */
export function captured(out: ShellOutput, tag: string): Captured | undefined {
  const rc = out.first(tag);
  if (rc === undefined) return undefined;
  const text = (t: string) => decoder.decode(out.bytes(t) ?? new Uint8Array());
  return { rc: Number(rc), stdout: text(`${tag}O`), stderr: text(`${tag}E`) };
}
