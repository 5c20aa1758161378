/**
 * `splitLinesKeepEnds` against Python's `str.splitlines(True)` (the answers
 * below are CPython 3.11's, recorded by hand).
 *
 * @module
 */
import assert from "node:assert/strict";
import { splitLinesKeepEnds } from "../../../src/ansible/core/split_lines.ts";

const PYTHON_ANSWERS: [string, string[]][] = [
  ["a\r\nb\rc", ["a\r\n", "b\r", "c"]],
  ["", []],
  ["x\n", ["x\n"]],
  ["\n\n", ["\n", "\n"]],
  [
    "a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i",
    ["a\x0b", "b\x0c", "c\x1c", "d\x1d", "e\x1e", "f\x85", "g\u2028", "h\u2029", "i"],
  ],
  ["one two\r\n\r\n", ["one two\r\n", "\r\n"]],
  ["tail\r", ["tail\r"]],
  ["a\r\r\n", ["a\r", "\r\n"]],
];

Deno.test("splitLinesKeepEnds cuts where Python's splitlines(True) does", () => {
  for (const [text, lines] of PYTHON_ANSWERS) {
    assert.deepEqual(splitLinesKeepEnds(text), lines, JSON.stringify(text));
  }
});
