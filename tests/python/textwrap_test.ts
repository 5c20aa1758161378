/**
 * `textWrap` against CPython's `textwrap.wrap(text, width, drop_whitespace)`.
 */
import assert from "node:assert/strict";
import { textWrap } from "../../src/python/mod.ts";
import {
  assertNoMismatches,
  type BlockDigests,
  blockMismatches,
  digest,
  PY_COMPACT,
} from "./_compact.ts";
import { PY_RANDOM, python, randomText, seeded } from "./_oracle.ts";

/** Python side: `wraps(cases)`, each `[text, width]` wrapped dropping and keeping whitespace. */
const WRAP = `
import json, sys, textwrap
def wraps(cases):
    return [[textwrap.wrap(t, w), textwrap.wrap(t, w, drop_whitespace=False)] for t, w in cases]
`;

const CASES: [string, number][] = [
  ["the quick brown fox", 10],
  ["a well-known word", 8],
  ["[DEPRECATION WARNING]: old thing. This feature will be removed from ansible-core", 79],
  ["em--dash and---more", 6],
  ["x".repeat(50), 7],
  ["tab\tand\nnewline", 5],
  ["", 5],
  ["   ", 2],
];

const ALPHABET = "aaab-1_!.,'\"?\u00e9\u00df\u0663\u00b2\u{1f600}\u{11f04}";
const SEPARATORS = [" ", "  ", "\t", "\n", " -- ", "-"];

/** 1,500 seeded texts of words and separators, each with a width. */
function randomCases(): [string, number][] {
  const random = seeded(23);
  const cases: [string, number][] = [];
  for (let i = 0; i < 1500; i++) {
    const words = Array.from(
      { length: 1 + Math.floor(random() * 8) },
      () => randomText(random, ALPHABET, 12),
    );
    const text = words.map((w) => w + SEPARATORS[Math.floor(random() * SEPARATORS.length)]).join(
      "",
    );
    cases.push([text, 1 + Math.floor(random() * 20)]);
  }
  return cases;
}

/** Python's side of {@linkcode randomCases}. */
const PY_CASES = `
alphabet, separators = json.load(sys.stdin)
random = seeded(23)
cases = []
for _ in range(1500):
    words = [random_text(random, alphabet, 12) for _ in range(1 + math.floor(random() * 8))]
    text = "".join(w + separators[math.floor(random() * len(separators))] for w in words)
    cases.append([text, 1 + math.floor(random() * 20)])
`;

Deno.test("textWrap breaks lines where textwrap.wrap does", async (t) => {
  const expected = await python(
    WRAP + "print(json.dumps(wraps(json.load(sys.stdin))))",
    CASES,
  ) as [string[], string[]][];
  for (const [i, [text, width]] of CASES.entries()) {
    await t.step(`${JSON.stringify(text)} @${width}`, () => {
      assert.deepEqual(textWrap(text, width), expected[i][0]);
      assert.deepEqual(textWrap(text, width, false), expected[i][1], "keep whitespace");
    });
  }
});

Deno.test("textWrap breaks lines where textwrap.wrap does on 1,500 seeded texts", async () => {
  const cases = randomCases();
  // Python draws the same cases and answers digests of blocks of 20 cases.
  const answer = await python(
    PY_RANDOM + PY_COMPACT + WRAP + PY_CASES +
      "print(json.dumps({'inputs': digest(cases), 'outputs': block_digests(wraps(cases), 20)}))",
    [ALPHABET, SEPARATORS],
  ) as { inputs: string; outputs: BlockDigests };
  assert.equal(answer.inputs, digest(cases), "Python drew the same cases");
  const ours = cases.map(([text, width]) => [textWrap(text, width), textWrap(text, width, false)]);
  const describe = (i: number) => `${JSON.stringify(cases[i])}: ours ${JSON.stringify(ours[i])}`;
  assertNoMismatches(blockMismatches(ours, answer.outputs, describe), "blocks of cases");
});
