/**
 * Python's `shlex.split(s, comments, posix=True)` and `shlex.quote(s)`.
 * ansible-runner splits `env/cmdline` with `shlex.split`, Ansible splits INI
 * host lines with it (`comments=True`), the `command` module its argument
 * string and the ssh connection its `ssh_args`.
 *
 * POSIX rules as CPython applies them: whitespace is space, tab, `\r` and
 * `\n`; a backslash outside quotes escapes any character; inside double
 * quotes it escapes only `"` and `\` (elsewhere it stays); nothing is escaped
 * inside single quotes; `''` is an empty word. With `comments`, an unquoted
 * `#` (even inside a word) skips to the end of its line.
 *
 * The npm `shlex` package is not used: it also expands `$'…'` and `$"…"`
 * quotes (which Python's shlex does not), has no comments option, and its
 * `quote` writes other text than Python's.
 *
 * @module
 */

/**
 * A text shlex cannot split: Python's `ValueError` (`No closing quotation`,
 * `No escaped character`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ShlexError, shlexSplit } from "./shlex.ts";
 * assert.throws(() => shlexSplit("'open"), ShlexError);
 * ```
 */
export class ShlexError extends Error {
  /** The error name. */
  override name = "ShlexError";
}

const WHITESPACE = " \t\r\n";

type State = " " | "a" | "'" | '"' | "\\";

/**
 * Splits `s` into words like Python's `shlex.split(s, comments)` (POSIX
 * mode). Throws {@linkcode ShlexError} with Python's message for an
 * unterminated quote or a trailing backslash.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shlexSplit } from "./shlex.ts";
 * assert.deepEqual(shlexSplit(`-u root --limit 'web:&db' -e "a=1 b=2"`), [
 *   "-u",
 *   "root",
 *   "--limit",
 *   "web:&db",
 *   "-e",
 *   "a=1 b=2",
 * ]);
 * assert.deepEqual(shlexSplit(`h x="a b" y='c' # note`, true), ["h", "x=a b", "y=c"]);
 * assert.deepEqual(shlexSplit(`"a\\$b" c\\ d`), ["a\\$b", "c d"]);
 * ```
 */
export function shlexSplit(s: string, comments = false): string[] {
  const words: string[] = [];
  let state: State = " ";
  let escaped: "a" | '"' = "a"; // the state a backslash escape returns to
  let word = "";
  let quoted = false;
  const finish = () => {
    if (word !== "" || quoted) words.push(word);
    word = "";
    quoted = false;
  };
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s[i] : "";
    switch (state) {
      case " ":
      case "a":
        if (c === "") {
          finish();
          return words;
        }
        if (WHITESPACE.includes(c)) {
          finish();
          state = " ";
        } else if (comments && c === "#") {
          // The rest of the line is a comment (Python reads it with readline()).
          const end = s.indexOf("\n", i);
          i = end < 0 ? s.length - 1 : end;
          finish();
          state = " ";
        } else if (c === "\\") {
          escaped = "a";
          state = "\\";
        } else if (c === "'" || c === '"') {
          state = c;
        } else {
          word += c;
          state = "a";
        }
        break;
      case "'":
      case '"':
        quoted = true;
        if (c === "") throw new ShlexError("No closing quotation");
        if (c === state) {
          state = "a";
        } else if (c === "\\" && state === '"') {
          escaped = '"';
          state = "\\";
        } else {
          word += c;
        }
        break;
      case "\\":
        if (c === "") throw new ShlexError("No escaped character");
        // Inside double quotes only \" and \\ are escapes; otherwise the backslash stays.
        if (escaped === '"' && c !== '"' && c !== "\\") word += "\\";
        word += c;
        state = escaped;
        break;
    }
  }
  return words;
}

/** What `shlex.quote` leaves unquoted: `[\w@%+=:,./-]` in ASCII. */
const SAFE_RE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Python's `shlex.quote(s)`: `s` unchanged when every character is safe for
 * a POSIX shell, else single-quoted, each `'` written as `'"'"'`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shlexQuote } from "./shlex.ts";
 * assert.equal(shlexQuote("web-1.example.com"), "web-1.example.com");
 * assert.equal(shlexQuote(""), "''");
 * assert.equal(shlexQuote("it's"), `'it'"'"'s'`);
 * ```
 */
export function shlexQuote(s: string): string {
  if (s === "") return "''";
  if (SAFE_RE.test(s)) return s;
  return "'" + s.replaceAll("'", `'"'"'`) + "'";
}
