/**
 * Python's `fnmatch.translate` (3.11), as Ansible uses it for host and
 * group globs: `*`, `?`, `[seq]`, `[!seq]`, case-sensitive, whole-string.
 *
 * @module
 */

function escapeChar(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/**
 * Translates a shell glob into the source of an equivalent JavaScript
 * regular expression (use with the `s` flag; it is anchored both ends).
 *
 * @example
 * ```ts
 * fnmatchSource("web*"); // "^(?:web.*)$"
 * fnmatchSource("db[!0-2]"); // "^(?:db[^0-2])$"
 * ```
 */
export function fnmatchSource(pat: string): string {
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
      let stuff = pat.slice(i, j);
      if (!stuff.includes("-")) {
        stuff = stuff.replaceAll("\\", "\\\\");
      } else {
        const chunks: string[] = [];
        let k = pat[i] === "!" ? i + 2 : i + 1;
        for (;;) {
          k = pat.indexOf("-", k);
          if (k < 0 || k >= j) break;
          chunks.push(pat.slice(i, k));
          i = k + 1;
          k = k + 3;
        }
        const chunk = pat.slice(i, j);
        if (chunk) chunks.push(chunk);
        else chunks[chunks.length - 1] += "-";
        // Remove empty ranges: they are invalid in a regular expression.
        for (let m = chunks.length - 1; m > 0; m--) {
          const prev = chunks[m - 1];
          if (prev[prev.length - 1] > chunks[m][0]) {
            chunks[m - 1] = prev.slice(0, -1) + chunks[m].slice(1);
            chunks.splice(m, 1);
          }
        }
        stuff = chunks.map((s) => s.replaceAll("\\", "\\\\").replaceAll("-", "\\-")).join("-");
      }
      stuff = stuff.replace(/([&~|])/g, "\\$1");
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
 * A compiled glob matcher (`re.compile(fnmatch.translate(p)).match`).
 *
 * @example
 * ```ts
 * fnmatchRegExp("web?").test("web1"); // true
 * ```
 */
export function fnmatchRegExp(pat: string): RegExp {
  return new RegExp(fnmatchSource(pat), "s");
}
