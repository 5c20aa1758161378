/**
 * `fnmatchRegExp`/`fnmatchCase` against CPython's
 * `re.compile(fnmatch.translate(p)).match` and `fnmatch.fnmatchcase`.
 */
import assert from "node:assert/strict";
import { fnmatchCase, fnmatchRegExp } from "../../src/python/mod.ts";
import { assertNoMismatches, bitsFromHex, digest, PY_COMPACT } from "./_compact.ts";
import { PY_RANDOM, python, randomText, seeded } from "./_oracle.ts";

/** Python side: a row of `fnmatchcase(name, glob)` flags per glob, as hex bits. */
const MATCHES = `
import fnmatch
def matches(globs, names):
    return [hex_bits([fnmatch.fnmatchcase(n, g) for n in names]) for g in globs]
`;

const GLOBS = [
  "web*",
  "*1",
  "w?b1",
  "db[0-2]",
  "db[!0-2]",
  "[ab]*",
  "x[",
  "*.example.com",
  "[]]x",
  "[!]]x",
  "a[z-a]b",
  "a[-z]",
  "a[b-]",
  "a\\b",
  "(paren)*",
  "+plus",
  "a|b",
  "*",
  "[!]",
  "[]",
  "[a-c-e]",
  "[b-a-a]",
  "[&~|]*",
  "[^a]",
  "[[]",
  "[\\]",
  "web?",
  "[\u{1f600}-\u{1f64f}]",
  "?\u00e9",
  "ansible_*",
];
const NAMES = [
  "web1",
  "web12",
  "db1",
  "db3",
  "dbx",
  "admin1",
  "bob",
  "x[",
  "h.example.com",
  "]x",
  "ax",
  "a-",
  "ab",
  "a\\b",
  "(paren)1",
  "+plus",
  "a|b",
  "",
  "web\n1",
  "web\u{1f389}",
  "\u{1f60a}",
  "\u{1f60a}\u00e9",
  "^",
  "[",
  "\\",
  "&",
  "~x",
  "d",
  "ansible_eth0",
];

Deno.test("fnmatchRegExp agrees with fnmatch.translate on host and fact globs", async (t) => {
  const rows = await python(
    PY_COMPACT + MATCHES + "print(json.dumps(matches(*json.load(sys.stdin))))",
    [GLOBS, NAMES],
  ) as string[];
  for (const [i, g] of GLOBS.entries()) {
    await t.step(JSON.stringify(g), () => {
      const re = fnmatchRegExp(g);
      const expected = bitsFromHex(rows[i], NAMES.length);
      const wrong = NAMES.flatMap((n, j) =>
        re.test(n) === expected[j] ? [] : [`${JSON.stringify(n)}: ours ${!expected[j]}`]
      );
      assertNoMismatches(wrong, "names");
    });
  }
});

Deno.test("fnmatchCase agrees with fnmatch.fnmatchcase on seeded random globs", async () => {
  const random = seeded(3);
  const alphabet = "ab-]![*?\\^&~|\u00e9\u{1f600}";
  const nameAlphabet = "ab-]![\\^\u00e9\u{1f600}";
  const globs = Array.from({ length: 400 }, () => randomText(random, alphabet, 8));
  const names = Array.from({ length: 60 }, () => randomText(random, nameAlphabet, 5));
  // Python draws the same globs and names from the seed: the recorded question stays small.
  const answer = await python(
    PY_RANDOM + PY_COMPACT + MATCHES + "a, b = json.load(sys.stdin)\nrandom = seeded(3)\n" +
      "globs = [random_text(random, a, 8) for _ in range(400)]\n" +
      "names = [random_text(random, b, 5) for _ in range(60)]\n" +
      "print(json.dumps({'inputs': digest(globs + names), 'rows': matches(globs, names)}))",
    [alphabet, nameAlphabet],
  ) as { inputs: string; rows: string[] };
  assert.equal(answer.inputs, digest([...globs, ...names]), "Python drew the same globs and names");
  const wrong = globs.flatMap((g, i) => {
    const expected = bitsFromHex(answer.rows[i], names.length);
    return names.flatMap((n, j) =>
      fnmatchCase(n, g) === expected[j]
        ? []
        : [`${JSON.stringify(g)} ~ ${JSON.stringify(n)}: ours ${!expected[j]}`]
    );
  });
  assertNoMismatches(wrong, "glob and name pairs");
});
