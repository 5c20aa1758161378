/**
 * The string methods and built-ins tachyon mirrors, against CPython:
 * `str.strip`, `len`, `"%-Ns" %`, `str.expandtabs`, `sorted` of strings,
 * `bool()` and `list()` (iteration) of JSON values.
 */
import assert from "node:assert/strict";
import {
  codePointCompare,
  expandTabs,
  pyIter,
  pyLen,
  pyLjust,
  pyStrip,
  pyTruthy,
} from "../../src/python/mod.ts";
import {
  assertNoMismatches,
  type BlockDigests,
  blockMismatches,
  digest,
  PY_COMPACT,
} from "./_compact.ts";
import { PY_RANDOM, python, pythonMap, randomTexts } from "./_oracle.ts";

const ALPHABET = "ab \t\n\r\u000b\u000c\u001c\u001f\u0085\u00a0\u1680\u2007\u2028\u3000" +
  "\ufeff\u200b\u00e9\u65e5\u{1f600}";

Deno.test("pyStrip, pyLen, pyLjust and expandTabs match str methods", async (t) => {
  const fixed = ["", "  ", "\t"];
  const texts = [...fixed, ...randomTexts(13, ALPHABET, 12, 500)];
  // Python draws the same texts and answers digests of blocks of 20 texts.
  const answer = await python(
    PY_RANDOM + PY_COMPACT + "q = json.load(sys.stdin)\n" +
      "texts = q['fixed'] + random_texts(13, q['alphabet'], 12, 500)\n" +
      "outputs = [[s.strip(), len(s), '%-9s' % s, s.expandtabs()] for s in texts]\n" +
      "print(json.dumps({'inputs': digest(texts), 'outputs': block_digests(outputs, 20)}))",
    { fixed, alphabet: ALPHABET },
  ) as { inputs: string; outputs: BlockDigests };
  await t.step("the texts", () => {
    assert.equal(answer.inputs, digest(texts), "Python drew the same texts");
    const ours = texts.map((s) => [pyStrip(s), pyLen(s), pyLjust(s, 9), expandTabs(s)]);
    const describe = (i: number) =>
      `${JSON.stringify(texts[i])}: ours [strip, len, ljust, expandtabs] ${
        JSON.stringify(ours[i])
      }`;
    assertNoMismatches(blockMismatches(ours, answer.outputs, describe), "blocks of texts");
  });
  await t.step("linear on long inner runs of whitespace", () => {
    const long = " ".repeat(200_000) + "x" + " ".repeat(200_000) + "y";
    assert.equal(pyStrip(long), long.trimStart());
  });
});

Deno.test("codePointCompare sorts like sorted()", async () => {
  const alphabet = "aB\u00e9\ue000\uff21\uffff\u{10000}\u{1f389}\ud800\udc00";
  const texts = randomTexts(17, alphabet, 4, 400);
  // Python answers the order as indices into the texts it drew (sorted is stable).
  const answer = await python(
    PY_RANDOM + PY_COMPACT + "texts = random_texts(17, json.load(sys.stdin), 4, 400)\n" +
      "order = sorted(range(len(texts)), key=lambda i: texts[i])\n" +
      "print(json.dumps({'inputs': digest(texts), 'order': order}))",
    alphabet,
  ) as { inputs: string; order: number[] };
  assert.equal(answer.inputs, digest(texts), "Python drew the same texts");
  assert.deepEqual([...texts].sort(codePointCompare), answer.order.map((i) => texts[i]));
});

Deno.test("pyTruthy and pyIter match bool() and list() of JSON values", async (t) => {
  const values = [null, false, true, 0, 1, -0.5, "", "0", "ab\u{1f600}", [], [0], {}, {
    k: 1,
    j: 2,
  }];
  const expected = await pythonMap<[boolean, unknown[] | null]>(
    "[bool(s), list(s) if isinstance(s, (str, list, dict)) else None]",
    values,
  );
  for (const [i, v] of values.entries()) {
    await t.step(JSON.stringify(v), () => {
      assert.equal(pyTruthy(v), expected[i][0], "bool");
      if (expected[i][1] !== null) assert.deepEqual(pyIter(v), expected[i][1], "list");
      else assert.deepEqual(pyIter(v), [v]); // Python raises TypeError; tachyon yields the value
    });
  }
});
