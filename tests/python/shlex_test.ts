/**
 * `shlexSplit` and `shlexQuote` against CPython's `shlex.split(s, comments)`
 * and `shlex.quote(s)`, including their errors.
 */
import assert from "node:assert/strict";
import { ShlexError, shlexQuote, shlexSplit } from "../../src/python/mod.ts";
import {
  assertNoMismatches,
  type BlockDigests,
  blockMismatches,
  digest,
  PY_COMPACT,
  textMismatches,
} from "./_compact.ts";
import { PY_RANDOM, python, randomTexts } from "./_oracle.ts";

/** Python side: `splits(texts)`, each text split without and with comments; an error is its message. */
const SPLIT = `
import json, shlex, sys
def split(s, comments):
    try:
        return shlex.split(s, comments=comments)
    except ValueError as e:
        return str(e)
def splits(texts):
    return [[split(s, False), split(s, True)] for s in texts]
`;

function ours(s: string, comments: boolean): string[] | string {
  try {
    return shlexSplit(s, comments);
  } catch (error) {
    if (!(error instanceof ShlexError)) throw error;
    return error.message;
  }
}

const SAMPLES = [
  // env/cmdline as AWX writes it
  `-u root --limit 'web:&db' -e "a=1 b=2"`,
  `a\\ b "c\\"d" 'e\\f' g#h #comment`,
  `-e '{"k": "v w"}'   --x=y\t-z`,
  `""  '' x`,
  // INI host lines
  `h x="a b" y='c' # note`,
  `h j=a#b k=1`,
  `h z=a\\ b w="q\\"x\\n"`,
  `h e='' f=""`,
  `h  spaced\tout `,
  `h x="mixed'quotes"`,
  `h 'quoted host' v=1`,
  `#only comment`,
  `h a="#not comment" b=#comment`,
  // POSIX rules inside double quotes: only \\ and \" are escapes
  `"a\\$b" "c\\\`d" "e\\\nf" "g\\\\h" 'i\\j'`,
  // comments end a line, not the text
  "a # one\nb 'c # d' # two\n#three\ne",
  "x#\ny",
  "''#\n",
  // errors
  `'open`,
  `"open`,
  `trailing\\`,
  `"esc\\`,
  "",
  " \t\r\n",
];

Deno.test("shlexSplit matches shlex.split on cmdlines, host lines and edge cases", async (t) => {
  const expected = await python(
    SPLIT + "print(json.dumps(splits(json.load(sys.stdin))))",
    SAMPLES,
  ) as [unknown, unknown][];
  for (const [i, s] of SAMPLES.entries()) {
    await t.step(JSON.stringify(s), () => {
      assert.deepEqual(ours(s, false), expected[i][0], "without comments");
      assert.deepEqual(ours(s, true), expected[i][1], "with comments");
    });
  }
});

Deno.test("shlexSplit matches shlex.split on 3,000 seeded random texts", async () => {
  const alphabet = `ab  '"\\#\n\t\r$\`é\u{1f600}`;
  const texts = randomTexts(11, alphabet, 24, 3000);
  // Python draws the same texts and answers digests of blocks of 20 texts.
  const answer = await python(
    PY_RANDOM + PY_COMPACT + SPLIT + "texts = random_texts(11, json.load(sys.stdin), 24, 3000)\n" +
      "print(json.dumps({'inputs': digest(texts), 'outputs': block_digests(splits(texts), 20)}))",
    alphabet,
  ) as { inputs: string; outputs: BlockDigests };
  assert.equal(answer.inputs, digest(texts), "Python drew the same texts");
  const splits = texts.map((s) => [ours(s, false), ours(s, true)]);
  const describe = (i: number) => `${JSON.stringify(texts[i])}: ours ${JSON.stringify(splits[i])}`;
  assertNoMismatches(blockMismatches(splits, answer.outputs, describe), "blocks of texts");
});

Deno.test("shlexQuote matches shlex.quote", async () => {
  const fixed = ["", "plain", "web-1.example.com:22", "it's", "'", "''", "a b", "é", "@%+=:,./-_"];
  const alphabet = `ab'" \\$é@%+=:,./-_*!`;
  const texts = [...fixed, ...randomTexts(5, alphabet, 10, 500)];
  const answer = await python(
    PY_RANDOM + PY_COMPACT + "import shlex\nq = json.load(sys.stdin)\n" +
      "texts = q['fixed'] + random_texts(5, q['alphabet'], 10, 500)\n" +
      "print(json.dumps({'inputs': digest(texts), 'quoted': [shlex.quote(s) for s in texts]}))",
    { fixed, alphabet },
  ) as { inputs: string; quoted: string[] };
  assert.equal(answer.inputs, digest(texts), "Python drew the same texts");
  assertNoMismatches(textMismatches(texts, shlexQuote, answer.quoted), "texts");
});
