/**
 * `shlexSplit` and `shlexQuote` against CPython's `shlex.split(s, comments)`
 * and `shlex.quote(s)`, including their errors.
 */
import assert from "node:assert/strict";
import { ShlexError, shlexQuote, shlexSplit } from "../../src/python/mod.ts";
import { python, pythonMap, randomTexts } from "./_oracle.ts";

/** Python side: each text split with and without comments; an error is its message. */
const SPLIT = `
import json, shlex, sys
def split(s, comments):
    try:
        return shlex.split(s, comments=comments)
    except ValueError as e:
        return str(e)
print(json.dumps([[split(s, False), split(s, True)] for s in json.load(sys.stdin)]))
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

/** Asserts both splits of each text against Python's. */
async function assertSplitsLikePython(texts: string[]): Promise<void> {
  const expected = await python(SPLIT, texts) as [unknown, unknown][];
  texts.forEach((s, i) => {
    assert.deepEqual(ours(s, false), expected[i][0], `${JSON.stringify(s)}`);
    assert.deepEqual(ours(s, true), expected[i][1], `${JSON.stringify(s)} (comments)`);
  });
}

Deno.test("shlexSplit matches shlex.split on cmdlines, host lines and edge cases", async () => {
  await assertSplitsLikePython(SAMPLES);
});

Deno.test("shlexSplit matches shlex.split on 3,000 seeded random texts", async () => {
  await assertSplitsLikePython(randomTexts(11, `ab  '"\\#\n\t\r$\`é\u{1f600}`, 24, 3000));
});

Deno.test("shlexQuote matches shlex.quote", async () => {
  const texts = [
    "",
    "plain",
    "web-1.example.com:22",
    "it's",
    "'",
    "''",
    "a b",
    "é",
    "@%+=:,./-_",
    ...randomTexts(5, `ab'" \\$é@%+=:,./-_*!`, 10, 500),
  ];
  const expected = await pythonMap<string>("shlex.quote(s)", texts, "shlex");
  texts.forEach((s, i) => assert.equal(shlexQuote(s), expected[i], JSON.stringify(s)));
});
