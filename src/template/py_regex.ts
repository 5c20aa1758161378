/**
 * Python's `re.search` and `re.sub` on JavaScript regular expressions, for
 * Ansible's `regex_*` filters and `match`/`search` tests: the pattern goes
 * through `src/python/re.ts` (named groups, `\A`, `\Z`, inline flags), the
 * replacement template's `\1`, `\g<1>`, `\g<name>` and escapes are Python's.
 *
 * @module
 */
import { pythonRegExp } from "../python/re.ts";

/**
 * Python regex flags the filters take.
 *
 * @example
 * ```ts
 * import type { PyRegexFlags } from "./py_regex.ts";
 * const flags: PyRegexFlags = { ignorecase: true };
 * ```
 */
export interface PyRegexFlags {
  /** `re.I`. */
  ignorecase?: boolean;
  /** `re.M`. */
  multiline?: boolean;
}

/**
 * Compiles a Python pattern as a global (not sticky) JavaScript RegExp.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyRegex } from "./py_regex.ts";
 * assert.equal(pyRegex("(?P<n>\\d+)").source, "(?<n>\\d+)");
 * ```
 */
export function pyRegex(pattern: string, flags: PyRegexFlags = {}): RegExp {
  const sticky = pythonRegExp(pattern);
  let f = sticky.flags.replace("y", "") + "gu";
  if (flags.ignorecase && !f.includes("i")) f += "i";
  if (flags.multiline && !f.includes("m")) f += "m";
  try {
    return new RegExp(sticky.source, f);
  } catch {
    return new RegExp(sticky.source, f.replace("u", ""));
  }
}

/**
 * `re.search(pattern, text)`: the first match, or null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pySearch } from "./py_regex.ts";
 * assert.equal(pySearch("\\d+", "ab12c")?.[0], "12");
 * ```
 */
export function pySearch(
  pattern: string,
  text: string,
  flags?: PyRegexFlags,
): RegExpExecArray | null {
  const re = pyRegex(pattern, flags);
  return re.exec(text);
}

/**
 * `re.match(pattern, text)`: a match at the start, or null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyMatch } from "./py_regex.ts";
 * assert.equal(pyMatch("b", "ab"), null);
 * ```
 */
export function pyMatch(
  pattern: string,
  text: string,
  flags?: PyRegexFlags,
): RegExpExecArray | null {
  const re = pyRegex(pattern, flags);
  const m = re.exec(text);
  return m && m.index === 0 ? m : null;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  f: "\f",
  v: "\v",
  a: "\x07",
  b: "\b",
  "\\": "\\",
};

/** Expands a Python replacement template for one match. */
function expand(template: string, m: RegExpExecArray): string {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = template[i + 1];
    if (e === undefined) throw new SyntaxError("bad escape (end of pattern)");
    if (e === "g") {
      const close = template.indexOf(">", i + 2);
      if (template[i + 2] !== "<" || close < 0) throw new SyntaxError("missing group name");
      const name = template.slice(i + 3, close);
      out += /^\d+$/.test(name) ? (m[Number(name)] ?? "") : (m.groups?.[name] ?? "");
      i = close;
    } else if (/\d/.test(e)) {
      let digits = e;
      if (/\d/.test(template[i + 2] ?? "")) digits += template[i + 2];
      out += m[Number(digits)] ?? "";
      i += digits.length;
    } else if (SIMPLE_ESCAPES[e] !== undefined) {
      out += SIMPLE_ESCAPES[e];
      i++;
    } else {
      out += "\\" + e;
      i++;
    }
  }
  return out;
}

/**
 * `re.sub(pattern, replacement, text, count)` with Python's template syntax.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pySub } from "./py_regex.ts";
 * assert.equal(pySub("(\\w+)-(\\d+)", "\\2_\\g<1>", "web-01"), "01_web");
 * ```
 */
export function pySub(
  pattern: string,
  replacement: string,
  text: string,
  flags?: PyRegexFlags,
  count = 0,
): string {
  const re = pyRegex(pattern, flags);
  let n = 0;
  return text.replace(re, (...args) => {
    if (count > 0 && n >= count) return args[0] as string;
    n++;
    const groupsArg = args[args.length - 1];
    const hasGroups = typeof groupsArg === "object" && groupsArg !== null;
    const end = hasGroups ? args.length - 3 : args.length - 2;
    const m = args.slice(0, end) as unknown as RegExpExecArray;
    m.index = args[end] as number;
    if (hasGroups) m.groups = groupsArg as Record<string, string>;
    return expand(replacement, m);
  });
}
