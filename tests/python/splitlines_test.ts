/**
 * `pySplitlines` and `pyBytesSplitlines` against CPython's `str.splitlines`
 * and `bytes.splitlines`, with and without `keepends`, on seeded random texts
 * made of every line end Python knows and a few that are not.
 */
import assert from "node:assert/strict";
import { pyBytesSplitlines, pySplitlines } from "../../src/python/mod.ts";
import { PY_RANDOM, python, randomTexts } from "./_oracle.ts";

/** Every `str` line end, `\t` and `\x1f` (not line ends), and text. */
const ALPHABET = "ab\n\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029\t\u00e9";

Deno.test("pySplitlines and pyBytesSplitlines cut where CPython does", async () => {
  const fixed = ["", "\n", "\r\n", "\r\r\n", "a\n\n", "a\r", "\n\r"];
  const texts = [...fixed, ...randomTexts(31, ALPHABET, 10, 400)];
  const answer = await python(
    PY_RANDOM + "q = json.load(sys.stdin)\n" +
      "texts = q['fixed'] + random_texts(31, q['alphabet'], 10, 400)\n" +
      "def b(s, k): return [l.decode() for l in s.encode().splitlines(k)]\n" +
      "print(json.dumps([[s.splitlines(), s.splitlines(True), b(s, False), b(s, True)]" +
      " for s in texts]))",
    { fixed, alphabet: ALPHABET },
  ) as string[][][];
  assert.equal(answer.length, texts.length, "Python drew the same number of texts");
  const wrong = texts.flatMap((text, i) => {
    const ours = [
      pySplitlines(text),
      pySplitlines(text, true),
      pyBytesSplitlines(text),
      pyBytesSplitlines(text, true),
    ];
    try {
      assert.deepEqual(ours, answer[i]);
      return [];
    } catch {
      return [
        `${JSON.stringify(text)}: ours ${JSON.stringify(ours)}, Python's ${
          JSON.stringify(answer[i])
        }`,
      ];
    }
  });
  assert.deepEqual(wrong, []);
});
