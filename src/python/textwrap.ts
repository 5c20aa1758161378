/**
 * Python 3.11's `textwrap.wrap` with its default options (tabs expanded,
 * whitespace collapsed to spaces, words broken on hyphens, long words split).
 * Ansible wraps warnings and deprecation messages with it at the terminal
 * width, so lines must break at the same characters.
 *
 * @module
 */

import { expandTabs } from "./expandtabs.ts";
import { pyLen } from "./len.ts";
import { pyStrip } from "./strip.ts";
import { NEWER_THAN_PYTHON } from "./unicode_version.ts";

const TW_WS = "[\\t\\n\\x0b\\x0c\\r ]";
const TW_NWS = "[^\\t\\n\\x0b\\x0c\\r ]";
// Python's `\w`, `[\w!"'&.,?]` and `[^\d\W]`, over Python 3.11's Unicode.
const TW_W = `[[\\p{L}\\p{N}_]--[${NEWER_THAN_PYTHON}]]`;
const TW_WP = `[[\\p{L}\\p{N}_!"'&.,?]--[${NEWER_THAN_PYTHON}]]`;
const TW_LT = `[[\\p{L}\\p{Nl}\\p{No}_]--[${NEWER_THAN_PYTHON}]]`;
const WORDSEP_RE = new RegExp(
  `(${TW_WS}+|(?<=${TW_WP})-{2,}(?=${TW_W})|${TW_NWS}+?(?:-(?:(?<=${TW_LT}{2}-)|` +
    `(?<=${TW_LT}-${TW_LT}-))(?=${TW_LT}-?${TW_LT})|(?=${TW_WS}|$)|(?<=${TW_WP})(?=-{2,}${TW_W})))`,
  "v",
);

/**
 * Python `textwrap.wrap(text, width, drop_whitespace=dropWhitespace)`: the
 * lines of `text` wrapped at `width` code points, breaking between words and
 * after hyphens in hyphenated words; a word longer than `width` is split.
 * With `dropWhitespace` (the default) whitespace at the start of a line
 * (except the first) and at the end of each line is dropped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { textWrap } from "./textwrap.ts";
 * assert.deepEqual(textWrap("the quick brown fox", 10), ["the quick", "brown fox"]);
 * assert.deepEqual(textWrap("a well-known word", 8), ["a well-", "known", "word"]);
 * assert.deepEqual(textWrap("the quick brown fox", 10, false), ["the quick ", "brown fox"]);
 * ```
 */
export function textWrap(text: string, width: number, dropWhitespace = true): string[] {
  // deno-lint-ignore no-control-regex
  const munged = expandTabs(text).replace(/[\t\n\x0b\x0c\r]/g, " ");
  const chunks = munged.split(WORDSEP_RE).filter((c) => c !== "").reverse();
  const lines: string[] = [];
  while (chunks.length) {
    const line: string[] = [];
    let len = 0;
    if (dropWhitespace && lines.length && pyStrip(chunks[chunks.length - 1]) === "") chunks.pop();
    while (chunks.length) {
      const l = pyLen(chunks[chunks.length - 1]);
      if (len + l > width) break;
      line.push(chunks.pop()!);
      len += l;
    }
    if (chunks.length && pyLen(chunks[chunks.length - 1]) > width) {
      const spaceLeft = width < 1 ? 1 : width - len;
      const chunk = Array.from(chunks[chunks.length - 1]);
      let end = spaceLeft;
      if (chunk.length > spaceLeft) {
        const hyphen = chunk.slice(0, spaceLeft).lastIndexOf("-");
        if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== "-")) end = hyphen + 1;
      }
      line.push(chunk.slice(0, end).join(""));
      chunks[chunks.length - 1] = chunk.slice(end).join("");
    }
    if (dropWhitespace && line.length && pyStrip(line[line.length - 1]) === "") line.pop();
    if (line.length) lines.push(line.join(""));
  }
  return lines;
}
