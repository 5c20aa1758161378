/**
 * Python `re` patterns (as Ansible reads them after `~` in host patterns)
 * compiled as JavaScript regular expressions with `re.match` semantics:
 * anchored at the start, not at the end.
 *
 * Rewritten: `(?P<n>...)`, `(?P=n)`, `\A`, `\Z`, and leading global flags
 * `(?aiLmsux)` (`i`, `m`, `s` become JS flags). `\d`/`\w` stay ASCII in
 * JavaScript while Python's are Unicode-aware.
 *
 * @module
 */

/**
 * Compiles `pattern` (Python syntax) into a sticky JS RegExp; `test` it
 * from index 0 (or use {@link pythonMatch}). Throws `SyntaxError` where
 * the pattern cannot be translated.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonRegExp } from "./re.ts";
 * assert.equal(pythonRegExp("(?i)web(?P<n>\\d+)").source, "web(?<n>\\d+)");
 * assert.equal(pythonRegExp("(?i)web").flags, "iy");
 * ```
 */
export function pythonRegExp(pattern: string): RegExp {
  let flags = "y";
  let src = pattern;
  const lead = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (lead) {
    src = src.slice(lead[0].length);
    for (const f of lead[1]) {
      if ("ims".includes(f) && !flags.includes(f)) flags += f;
      if (f === "L") throw new SyntaxError("bad inline flag L");
    }
  }
  let out = "";
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") {
      const e = src[i + 1];
      if (e === undefined) throw new SyntaxError("bad escape (end of pattern)");
      if (!inClass && e === "A") out += "^";
      else if (!inClass && e === "Z") out += "$(?![\\s\\S])";
      else out += c + e;
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      if (src[i + 1] === "^") out += src[++i];
      if (src[i + 1] === "]") out += "\\" + src[++i];
      continue;
    }
    if (src.startsWith("(?P<", i)) {
      out += "(?<";
      i += 3;
      continue;
    }
    if (src.startsWith("(?P=", i)) {
      const close = src.indexOf(")", i);
      if (close < 0) throw new SyntaxError("missing ), unterminated name");
      out += `\\k<${src.slice(i + 4, close)}>`;
      i = close;
      continue;
    }
    out += c;
  }
  return new RegExp(out, flags);
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
