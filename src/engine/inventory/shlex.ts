/**
 * Python's `shlex.split(s, comments=True, posix=True)`, which Ansible uses to
 * split INI host lines.
 *
 * @module
 */

/**
 * A line shlex cannot split (unbalanced quote, trailing backslash).
 *
 * @example
 * ```ts
 * throw new ShlexError("No closing quotation");
 * ```
 */
export class ShlexError extends Error {
  /**
   * @example
   * ```ts
   * new ShlexError("No escaped character");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "ShlexError";
  }
}

const WHITESPACE = " \t\r\n";
const QUOTES = `'"`;

/**
 * Splits `line` like POSIX `shlex.split`. With `comments`, an unquoted `#`
 * anywhere (even inside a word) ends the line.
 *
 * @example
 * ```ts
 * shlexSplit(`h x="a b" y='c' # note`, true); // ["h", "x=a b", "y=c"]
 * ```
 */
export function shlexSplit(line: string, comments = true): string[] {
  const tokens: string[] = [];
  let state: "ws" | "word" | "'" | '"' | "esc" = "ws";
  let escaped: "word" | '"' = "word";
  let token = "";
  let quoted = false;
  const finish = () => {
    if (token !== "" || quoted) tokens.push(token);
    token = "";
    quoted = false;
  };
  for (let i = 0; i <= line.length; i++) {
    const c = i < line.length ? line[i] : "";
    switch (state) {
      case "ws":
      case "word":
        if (c === "") {
          finish();
          return tokens;
        }
        if (WHITESPACE.includes(c)) {
          if (state === "word") finish();
          state = "ws";
        } else if (comments && c === "#") {
          // The rest of the line is a comment.
          finish();
          return tokens;
        } else if (c === "\\") {
          escaped = "word";
          state = "esc";
        } else if (QUOTES.includes(c)) {
          state = c as "'" | '"';
          quoted = true;
        } else {
          token += c;
          state = "word";
        }
        break;
      case "'":
      case '"':
        if (c === "") throw new ShlexError("No closing quotation");
        if (c === state) {
          state = "word";
        } else if (c === "\\" && state === '"') {
          escaped = '"';
          state = "esc";
        } else {
          token += c;
        }
        break;
      case "esc":
        if (c === "") throw new ShlexError("No escaped character");
        // Inside double quotes only \" and \\ are escapes; otherwise the backslash stays.
        if (escaped === '"' && c !== '"' && c !== "\\") token += "\\";
        token += c;
        state = escaped;
        break;
    }
  }
  return tokens;
}
