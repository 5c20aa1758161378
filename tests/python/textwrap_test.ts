/**
 * `textWrap` against CPython's `textwrap.wrap(text, width, drop_whitespace)`.
 */
import assert from "node:assert/strict";
import { textWrap } from "../../src/python/mod.ts";
import { python, randomText, seeded } from "./_oracle.ts";

const WRAP = `
import json, sys, textwrap
print(json.dumps([[textwrap.wrap(t, w), textwrap.wrap(t, w, drop_whitespace=False)]
                  for t, w in json.load(sys.stdin)]))
`;

Deno.test("textWrap breaks lines where textwrap.wrap does", async () => {
  const random = seeded(23);
  const cases: [string, number][] = [
    ["the quick brown fox", 10],
    ["a well-known word", 8],
    ["[DEPRECATION WARNING]: old thing. This feature will be removed from ansible-core", 79],
    ["em--dash and---more", 6],
    ["x".repeat(50), 7],
    ["tab\tand\nnewline", 5],
    ["", 5],
    ["   ", 2],
  ];
  for (let i = 0; i < 1500; i++) {
    const words = Array.from(
      { length: 1 + Math.floor(random() * 8) },
      () => randomText(random, "aaab-1_!.,'\"?\u00e9\u00df\u0663\u00b2\u{1f600}\u{11f04}", 12),
    );
    const separators = [" ", "  ", "\t", "\n", " -- ", "-"];
    const text = words.map((w) => w + separators[Math.floor(random() * separators.length)]).join(
      "",
    );
    cases.push([text, 1 + Math.floor(random() * 20)]);
  }
  const expected = await python(WRAP, cases) as [string[], string[]][];
  cases.forEach(([text, width], i) => {
    assert.deepEqual(textWrap(text, width), expected[i][0], `${JSON.stringify(text)} @${width}`);
    assert.deepEqual(
      textWrap(text, width, false),
      expected[i][1],
      `${JSON.stringify(text)} @${width} (keep whitespace)`,
    );
  });
});
