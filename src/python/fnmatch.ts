/**
 * Python's `fnmatch` (3.11): shell globs (`*`, `?`, `[seq]`, `[!seq]`)
 * matched case-sensitively against a whole string, as Ansible matches host
 * and group names and fact names, and `glob` matches file names.
 * {@linkcode fnmatchSource} follows `fnmatch.translate` step by step (empty
 * ranges dropped, `[!]` any character, an unclosed `[` literal), over code
 * points: `?` is one character even outside the Basic Multilingual Plane.
 *
 * @module
 */

function escapeChar(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/** The body of a `[...]` class, `pat[i:j]` in `translate`'s terms. */
function classBody(pat: readonly string[], i: number, j: number): string {
  const slice = (from: number, to: number) => pat.slice(from, to).join("");
  if (!pat.slice(i, j).includes("-")) return slice(i, j).replaceAll("\\", "\\\\");
  const chunks: string[] = [];
  let k = pat[i] === "!" ? i + 2 : i + 1;
  for (;;) {
    k = pat.indexOf("-", k);
    if (k < 0 || k >= j) break;
    chunks.push(slice(i, k));
    i = k + 1;
    k = k + 3;
  }
  const chunk = slice(i, j);
  if (chunk) chunks.push(chunk);
  else chunks[chunks.length - 1] += "-";
  // Remove empty ranges: they are invalid in a regular expression.
  for (let m = chunks.length - 1; m > 0; m--) {
    const prev = Array.from(chunks[m - 1]);
    const next = Array.from(chunks[m]);
    if (prev[prev.length - 1].codePointAt(0)! > next[0].codePointAt(0)!) {
      chunks[m - 1] = prev.slice(0, -1).join("") + next.slice(1).join("");
      chunks.splice(m, 1);
    }
  }
  return chunks.map((s) => s.replaceAll("\\", "\\\\").replaceAll("-", "\\-")).join("-");
}

/**
 * Translates a shell glob into the source of an equivalent JavaScript
 * regular expression, anchored at both ends; compile it with the `su` flags
 * (or use {@linkcode fnmatchRegExp}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fnmatchSource } from "./fnmatch.ts";
 * assert.equal(fnmatchSource("web*"), "^(?:web.*)$");
 * assert.equal(fnmatchSource("db[!0-2]"), "^(?:db[^0-2])$");
 * ```
 */
export function fnmatchSource(pattern: string): string {
  const pat = Array.from(pattern);
  const res: string[] = [];
  let i = 0;
  const n = pat.length;
  while (i < n) {
    const c = pat[i];
    i++;
    if (c === "*") {
      if (res[res.length - 1] !== ".*") res.push(".*");
    } else if (c === "?") {
      res.push(".");
    } else if (c === "[") {
      let j = i;
      if (j < n && pat[j] === "!") j++;
      if (j < n && pat[j] === "]") j++;
      while (j < n && pat[j] !== "]") j++;
      if (j >= n) {
        res.push("\\[");
        continue;
      }
      // Python also escapes `&`, `~` and `|` for future set operations; in a
      // JavaScript `u` class they are plain characters already.
      let stuff = classBody(pat, i, j);
      i = j + 1;
      if (!stuff) {
        res.push("(?!)");
      } else if (stuff === "!") {
        res.push(".");
      } else {
        if (stuff[0] === "!") stuff = "^" + stuff.slice(1);
        else if (stuff[0] === "^" || stuff[0] === "[") stuff = "\\" + stuff;
        // A leading `]` is literal in Python's classes; JavaScript needs it escaped.
        stuff = stuff.replace(/^(\^?)\]/, "$1\\]");
        res.push(`[${stuff}]`);
      }
    } else {
      res.push(escapeChar(c));
    }
  }
  return `^(?:${res.join("")})$`;
}

/**
 * A compiled glob matcher: `re.compile(fnmatch.translate(pattern)).match`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fnmatchRegExp } from "./fnmatch.ts";
 * assert.equal(fnmatchRegExp("web?").test("web1"), true);
 * assert.equal(fnmatchRegExp("web?").test("web\u{1f389}"), true);
 * ```
 */
export function fnmatchRegExp(pattern: string): RegExp {
  return new RegExp(fnmatchSource(pattern), "su");
}

/**
 * Python's `fnmatch.fnmatchcase(name, pattern)` (on POSIX also
 * `fnmatch.fnmatch`): whether the whole of `name` matches the glob.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fnmatchCase } from "./fnmatch.ts";
 * assert.equal(fnmatchCase("db3", "db[!0-2]"), true);
 * assert.equal(fnmatchCase("DB3", "db*"), false);
 * ```
 */
export function fnmatchCase(name: string, pattern: string): boolean {
  return fnmatchRegExp(pattern).test(name);
}
