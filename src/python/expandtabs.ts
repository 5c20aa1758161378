/**
 * Python's `str.expandtabs()` with the default tab size of 8, which
 * `textwrap` applies before it splits a warning into lines.
 *
 * @module
 */

/**
 * Python `text.expandtabs()`: each tab becomes the spaces up to the next
 * multiple of 8 columns; `\n` and `\r` reset the column. Columns count code
 * points.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expandTabs } from "./expandtabs.ts";
 * assert.equal(expandTabs("a\tb"), "a       b");
 * assert.equal(expandTabs("12345678\tx\n\ty"), "12345678        x\n        y");
 * ```
 */
export function expandTabs(text: string): string {
  if (!text.includes("\t")) return text;
  let out = "";
  let col = 0;
  for (const ch of text) {
    if (ch === "\t") {
      const n = 8 - (col % 8);
      out += " ".repeat(n);
      col += n;
    } else {
      out += ch;
      col = ch === "\n" || ch === "\r" ? 0 : col + 1;
    }
  }
  return out;
}
