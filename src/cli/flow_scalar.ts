/**
 * What PyYAML's emitter knows about a scalar before writing it: which plain
 * texts would read back as another type (`IMPLICIT`), which characters are
 * line breaks and how they are escaped, and `analyze_scalar`, which decides
 * between plain, single-quoted and double-quoted style.
 *
 * @module
 */

/**
 * PyYAML's line break characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BREAKS } from "./flow_scalar.ts";
 *
 * assert.ok(BREAKS.includes("\u2028"));
 * ```
 */
export const BREAKS = "\n\x85\u2028\u2029";
const WHITESPACE = "\0 \t\r\n\x85\u2028\u2029";

/**
 * PyYAML's short escapes in double-quoted scalars (`\n`, `\t`, `\N`, …).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ESCAPES } from "./flow_scalar.ts";
 *
 * assert.equal(ESCAPES["\x85"], "N");
 * ```
 */
export const ESCAPES: Record<string, string> = {
  "\0": "0",
  "\x07": "a",
  "\x08": "b",
  "\x09": "t",
  "\x0A": "n",
  "\x0B": "v",
  "\x0C": "f",
  "\x0D": "r",
  "\x1B": "e",
  '"': '"',
  "\\": "\\",
  "\x85": "N",
  "\xA0": "_",
  "\u2028": "L",
  "\u2029": "P",
};

/**
 * PyYAML's implicit resolvers: a plain scalar matching one is not a string.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IMPLICIT } from "./flow_scalar.ts";
 *
 * assert.ok(IMPLICIT.some((re) => re.test("2.4")));
 * assert.ok(!IMPLICIT.some((re) => re.test("2.4.1")));
 * ```
 */
export const IMPLICIT: readonly RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  new RegExp(
    "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?" +
      "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$",
  ),
  new RegExp(
    "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+" +
      "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
  ),
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  new RegExp(
    "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]" +
      "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?" +
      ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
  ),
  /^(?:=)$/,
];

/**
 * Which styles a scalar allows.
 *
 * @example
 * ```ts
 * import type { Analysis } from "./flow_scalar.ts";
 *
 * const plain: Analysis = { empty: false, multiline: false, allowFlowPlain: true, allowSingleQuoted: true };
 * ```
 */
export interface Analysis {
  /** The text is empty. */
  empty: boolean;
  /** The text has line breaks. */
  multiline: boolean;
  /** It may be written plain in a flow collection. */
  allowFlowPlain: boolean;
  /** It may be written single-quoted. */
  allowSingleQuoted: boolean;
}

/**
 * Port of PyYAML's `Emitter.analyze_scalar` (flow context, `allow_unicode=False`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeScalar } from "./flow_scalar.ts";
 *
 * assert.equal(analyzeScalar(Array.from("a, b")).allowFlowPlain, false); // "," is a flow indicator
 * assert.equal(analyzeScalar(Array.from("caf\u00e9")).allowSingleQuoted, false); // non-ASCII
 * ```
 */
export function analyzeScalar(chars: readonly string[]): Analysis {
  if (chars.length === 0) {
    return { empty: true, multiline: false, allowFlowPlain: false, allowSingleQuoted: true };
  }
  const text = chars.join("");
  let flowIndicators = text.startsWith("---") || text.startsWith("...");
  let lineBreaks = false;
  let special = false;
  let leadingOrTrailing = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWs = true;
  let followedByWs = chars.length === 1 || WHITESPACE.includes(chars[1]);
  let previousSpace = false;
  let previousBreak = false;
  for (let index = 0; index < chars.length; index++) {
    const ch = chars[index];
    if (index === 0) {
      if ("#,[]{}&*!|>'\"%@`?:".includes(ch)) flowIndicators = true;
      if (ch === "-" && followedByWs) flowIndicators = true;
    } else {
      if (",?[]{}:".includes(ch)) flowIndicators = true;
      if (ch === "#" && precededByWs) flowIndicators = true;
    }
    const isBreak = BREAKS.includes(ch);
    if (isBreak) lineBreaks = true;
    const code = ch.codePointAt(0) ?? 0;
    if (ch !== "\n" && !(code >= 0x20 && code <= 0x7e)) special = true;
    const last = index === chars.length - 1;
    if (ch === " ") {
      if (index === 0 || last) leadingOrTrailing = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak) {
      if (index === 0 || last) leadingOrTrailing = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWs = WHITESPACE.includes(ch);
    followedByWs = index + 2 >= chars.length || WHITESPACE.includes(chars[index + 2]);
  }
  const noSingle = breakSpace || spaceBreak || special;
  return {
    empty: false,
    multiline: lineBreaks,
    allowFlowPlain: !(leadingOrTrailing || noSingle || lineBreaks || flowIndicators),
    allowSingleQuoted: !noSingle,
  };
}
