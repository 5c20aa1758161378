/**
 * Python `re` patterns compiled as JavaScript regular expressions that match
 * where Python's do: host patterns after `~` (`re.match`), `replace`'s
 * patterns and sections, `lineinfile`'s, prompt regexes, the `regex_*`
 * filters.
 *
 * Rewritten: `(?P<n>...)` and `(?P=n)`, `\A` and `\Z`, comments `(?#...)`,
 * `{,n}` (`{0,n}`), leading global flags `(?aiLmsux)` (verbose `x` drops
 * whitespace and `#` comments), and the line rules JavaScript does not
 * share: Python's `^`, `$` (with `MULTILINE`) and `.` know only `\n` as a
 * line end, where JavaScript's also stop at `\r`, U+2028 and U+2029; and
 * Python's `$` without `MULTILINE` also matches before a final `\n`. A
 * caller that adds JavaScript's `m` or `s` flag afterwards to a pattern
 * compiled without them gets JavaScript's multi-line `^`/`$` and a `.`
 * that matches anything. `\d` and `\w` stay ASCII in JavaScript while
 * Python's are Unicode-aware.
 *
 * @module
 */

/** How a pattern is compiled (Python's `re` flags). */
export interface PythonReFlags {
  /** `re.MULTILINE`: `^` and `$` at every `\n`. */
  readonly multiline?: boolean;
  /** `re.DOTALL`: `.` matches `\n` too. */
  readonly dotall?: boolean;
  /** `re.IGNORECASE`. */
  readonly ignorecase?: boolean;
}

/**
 * A pattern Python's `re` would refuse, or one this translation cannot
 * express in JavaScript. A `SyntaxError`, as JavaScript's own are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PythonReError } from "./re.ts";
 * assert.equal(new PythonReError("bad escape \\q").name, "PythonReError");
 * assert.ok(new PythonReError("x") instanceof SyntaxError);
 * ```
 */
export class PythonReError extends SyntaxError {
  /** The error name. */
  override name = "PythonReError";
}

/** A pattern translated: JavaScript source and whether it ignores case. */
interface Translation {
  source: string;
  ignorecase: boolean;
}

const LEADING_FLAGS = /^\(\?([aiLmsux]+)\)/;

/** Translates Python pattern `pattern` under `flags` (see the module doc). */
function translate(pattern: string, flags: PythonReFlags): Translation {
  let src = pattern;
  let multiline = flags.multiline ?? false;
  let dotall = flags.dotall ?? false;
  let ignorecase = flags.ignorecase ?? false;
  let verbose = false;
  for (let lead = LEADING_FLAGS.exec(src); lead; lead = LEADING_FLAGS.exec(src)) {
    src = src.slice(lead[0].length);
    for (const f of lead[1]) {
      if (f === "i") ignorecase = true;
      if (f === "m") multiline = true;
      if (f === "s") dotall = true;
      if (f === "x") verbose = true;
      if (f === "L") throw new PythonReError("bad inline flag L");
    }
  }
  let out = "";
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") {
      const e = src[i + 1];
      if (e === undefined) throw new PythonReError("bad escape (end of pattern)");
      if (!inClass && e === "A") out += "(?<![\\s\\S])";
      else if (!inClass && e === "Z") out += "(?![\\s\\S])";
      else out += c + e;
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c === "[" ? "\\[" : c;
      continue;
    }
    if (verbose && /\s/.test(c)) continue;
    if (verbose && c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      if (src[i + 1] === "^") out += src[++i];
      if (src[i + 1] === "]") out += "\\" + src[++i];
      continue;
    }
    if (src.startsWith("(?#", i)) {
      const close = src.indexOf(")", i);
      if (close < 0) throw new PythonReError("missing ), unterminated comment");
      i = close;
      continue;
    }
    if (src.startsWith("(?P<", i)) {
      out += "(?<";
      i += 3;
      continue;
    }
    if (src.startsWith("(?P=", i)) {
      const close = src.indexOf(")", i);
      if (close < 0) throw new PythonReError("missing ), unterminated name");
      out += `\\k<${src.slice(i + 4, close)}>`;
      i = close;
      continue;
    }
    if (c === "{" && /^\{,\d+\}/.test(src.slice(i))) {
      out += "{0,"; // Python's {,n} is {0,n}; JavaScript reads it as literal text
      i++;
      continue;
    }
    if (c === "^") out += multiline ? "(?<![^\\n])" : "^";
    else if (c === "$") out += multiline ? "(?![^\\n])" : "(?=\\n?$)";
    else if (c === ".") out += dotall ? "[\\s\\S]" : "(?:.|[\\r\\u2028\\u2029])";
    else out += c;
  }
  if (inClass) throw new PythonReError("unterminated character set");
  return { source: out, ignorecase };
}

function compile(pattern: string, flags: PythonReFlags, jsFlags: string): RegExp {
  const { source, ignorecase } = translate(pattern, flags);
  try {
    return new RegExp(source, ignorecase ? jsFlags + "i" : jsFlags);
  } catch (error) {
    throw new PythonReError((error as Error).message);
  }
}

/**
 * Compiles `pattern` (Python syntax) into a sticky JS RegExp for `re.match`:
 * `test` it from index 0 (or use {@link pythonMatch}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonRegExp } from "./re.ts";
 * assert.equal(pythonRegExp("(?i)web(?P<n>\\d+)").source, "web(?<n>\\d+)");
 * assert.equal(pythonRegExp("(?i)web").flags, "iy");
 * ```
 * @throws {PythonReError} when the pattern cannot be compiled
 */
export function pythonRegExp(pattern: string, flags: PythonReFlags = {}): RegExp {
  return compile(pattern, flags, "y");
}

/**
 * Compiles `pattern` (Python syntax) into a global JavaScript RegExp with
 * match indices, for `re.search`, `re.finditer` and `re.subn`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonGlobalRegExp } from "./re.ts";
 * const re = pythonGlobalRegExp("^(?P<k>\\w+)=.*$", { multiline: true });
 * assert.deepEqual("a=1\r\nb=2\n".match(re), ["a=1\r", "b=2"]);
 * ```
 * @throws {PythonReError} when the pattern cannot be compiled
 */
export function pythonGlobalRegExp(pattern: string, flags: PythonReFlags = {}): RegExp {
  return compile(pattern, flags, "dg");
}

/**
 * `re.match(pattern, s)` truthiness for a RegExp from {@link pythonRegExp}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonMatch, pythonRegExp } from "./re.ts";
 * assert.equal(pythonMatch(pythonRegExp("web"), "web01"), true);
 * assert.equal(pythonMatch(pythonRegExp("web"), "db-web"), false);
 * ```
 */
export function pythonMatch(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  return re.test(s);
}
