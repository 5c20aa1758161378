/**
 * Python's `str.splitlines()` and `bytes.splitlines()`: where Ansible and
 * ansible-runner cut text into lines (`stdout_lines`, files a module edits,
 * inventory files, terminal output, diffs). `str` ends lines at `\n`,
 * `\r\n`, `\r`, `\v`, `\f`, `\x1c`–`\x1e`, `\x85`, U+2028 and U+2029;
 * `bytes` only at `\n`, `\r\n` and `\r`. Neither gives an empty last line
 * for a final line end.
 *
 * @module
 */

/** `str`'s line ends, `\r\n` first so that it stays one end. */
// deno-lint-ignore no-control-regex -- Python's str.splitlines() breaks at \x1c-\x1e too.
const STR_LINE_END = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;

/** `bytes`' line ends. */
const BYTES_LINE_END = /\r\n|[\n\r]/g;

function split(text: string, lineEnd: RegExp, keepends: boolean): string[] {
  const lines: string[] = [];
  let start = 0;
  for (const match of text.matchAll(lineEnd)) {
    const end = match.index + match[0].length;
    lines.push(text.slice(start, keepends ? end : match.index));
    start = end;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/**
 * Python's `text.splitlines(keepends)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pySplitlines } from "./splitlines.ts";
 * assert.deepEqual(pySplitlines("a\r\nb\fc\n"), ["a", "b", "c"]);
 * assert.deepEqual(pySplitlines("a\r\nb", true), ["a\r\n", "b"]);
 * assert.deepEqual(pySplitlines(""), []);
 * ```
 */
export function pySplitlines(text: string, keepends = false): string[] {
  return split(text, STR_LINE_END, keepends);
}

/**
 * Python's `data.splitlines(keepends)` for `bytes` (here the text those
 * bytes decode to): only `\n`, `\r\n` and `\r` end a line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyBytesSplitlines } from "./splitlines.ts";
 * assert.deepEqual(pyBytesSplitlines("a\r\nb\fc\n"), ["a", "b\fc"]);
 * assert.deepEqual(pyBytesSplitlines("a\rb", true), ["a\r", "b"]);
 * ```
 */
export function pyBytesSplitlines(text: string, keepends = false): string[] {
  return split(text, BYTES_LINE_END, keepends);
}
