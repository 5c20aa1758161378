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
import { pythonMap, randomTexts } from "./_oracle.ts";

const ALPHABET = "ab \t\n\r\u000b\u000c\u001c\u001f\u0085\u00a0\u1680\u2007\u2028\u3000" +
  "\ufeff\u200b\u00e9\u65e5\u{1f600}";

Deno.test("pyStrip, pyLen, pyLjust and expandTabs match str methods", async () => {
  const texts = ["", "  ", "\t", ...randomTexts(13, ALPHABET, 12, 500)];
  const expected = await pythonMap<[string, number, string, string]>(
    "[s.strip(), len(s), '%-9s' % s, s.expandtabs()]",
    texts,
  );
  texts.forEach((s, i) => {
    const [strip, len, ljust, tabs] = expected[i];
    assert.equal(pyStrip(s), strip, `strip ${JSON.stringify(s)}`);
    assert.equal(pyLen(s), len, `len ${JSON.stringify(s)}`);
    assert.equal(pyLjust(s, 9), ljust, `ljust ${JSON.stringify(s)}`);
    assert.equal(expandTabs(s), tabs, `expandtabs ${JSON.stringify(s)}`);
  });
  // Linear on long inner runs of whitespace.
  const long = " ".repeat(200_000) + "x" + " ".repeat(200_000) + "y";
  assert.equal(pyStrip(long), long.trimStart());
});

Deno.test("codePointCompare sorts like sorted()", async () => {
  const alphabet = "aB\u00e9\ue000\uff21\uffff\u{10000}\u{1f389}\ud800\udc00";
  const texts = randomTexts(17, alphabet, 4, 400);
  const [expected] = await pythonMap<string[]>("sorted(s)", [texts]);
  assert.deepEqual([...texts].sort(codePointCompare), expected);
});

Deno.test("pyTruthy and pyIter match bool() and list() of JSON values", async () => {
  const values = [null, false, true, 0, 1, -0.5, "", "0", "ab\u{1f600}", [], [0], {}, {
    k: 1,
    j: 2,
  }];
  const expected = await pythonMap<[boolean, unknown[] | null]>(
    "[bool(s), list(s) if isinstance(s, (str, list, dict)) else None]",
    values,
  );
  values.forEach((v, i) => {
    assert.equal(pyTruthy(v), expected[i][0], JSON.stringify(v));
    if (expected[i][1] !== null) assert.deepEqual(pyIter(v), expected[i][1], JSON.stringify(v));
    else assert.deepEqual(pyIter(v), [v]); // Python raises TypeError; tachyon yields the value
  });
});
