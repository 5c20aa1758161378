/**
 * Python's `str.splitlines(True)`: how ansible-runner cuts terminal output
 * that belongs to no event into `verbose` events, one per line, each line
 * keeping its ending. Python ends lines at more than `\n`: `\r\n`, `\r`,
 * `\v`, `\f`, `\x1c`–`\x1e`, `\x85`, U+2028 and U+2029.
 *
 * @module
 */

/** Python's line boundaries, `\r\n` first so that it stays one ending. */
// deno-lint-ignore no-control-regex
const LINE_END = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;

/**
 * The lines of `text`, each with its ending (the last one may have none),
 * as Python's `text.splitlines(True)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitLinesKeepEnds } from "./split_lines.ts";
 *
 * assert.deepEqual(splitLinesKeepEnds("a\r\nb\rc"), ["a\r\n", "b\r", "c"]);
 * assert.deepEqual(splitLinesKeepEnds(""), []);
 * ```
 */
export function splitLinesKeepEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (const match of text.matchAll(LINE_END)) {
    const end = match.index + match[0].length;
    lines.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}
