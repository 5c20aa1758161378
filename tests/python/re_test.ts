/**
 * `pythonRegExp`/`pythonMatch` against CPython's `re.compile(p).match`.
 */
import assert from "node:assert/strict";
import { pythonMatch, pythonRegExp } from "../../src/python/mod.ts";
import { assertNoMismatches } from "./_compact.ts";
import { python } from "./_oracle.ts";

const REGEXES = [
  "web",
  "web\\d+$",
  "(?i)WEB",
  "(?P<n>db)(?P=n)?",
  "db\\Z",
  "\\Aweb",
  "[]x]",
  "[^w]",
  "a|web",
  "(?s)web.1",
  "(?m)^1",
  "web[0-9]{2}",
];
const NAMES = ["web1", "web12", "db1", "dbdb", "db", "WEB1", "x", "]", "web\n1", "", "a", "xweb"];

Deno.test("pythonRegExp gives re.match results", async (t) => {
  const expected = await python(
    "import json, sys, re\npats, names = json.load(sys.stdin)\n" +
      "print(json.dumps([[bool(re.compile(p).match(n)) for n in names] for p in pats]))",
    [REGEXES, NAMES],
  ) as boolean[][];
  for (const [i, p] of REGEXES.entries()) {
    await t.step(p, () => {
      const re = pythonRegExp(p);
      const wrong = NAMES.flatMap((n, j) =>
        pythonMatch(re, n) === expected[i][j]
          ? []
          : [`${JSON.stringify(n)}: ours ${!expected[i][j]}`]
      );
      assertNoMismatches(wrong, "names");
    });
  }
});

Deno.test("pythonRegExp refuses what it cannot translate", () => {
  assert.throws(() => pythonRegExp("(?L)x"), SyntaxError);
  assert.throws(() => pythonRegExp("x\\"), SyntaxError);
  assert.throws(() => pythonRegExp("(?P=n"), SyntaxError);
});
