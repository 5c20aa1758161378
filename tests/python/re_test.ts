/**
 * `pythonRegExp`/`pythonMatch` against CPython's `re.compile(p).match`, and
 * the flags (given, or added to the JavaScript RegExp afterwards).
 */
import assert from "node:assert/strict";
import {
  pythonGlobalRegExp,
  pythonMatch,
  PythonReError,
  pythonRegExp,
} from "../../src/python/mod.ts";
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
  "web.1",
  "web1$",
  "(?x) w e b  # a comment",
  "w{,2}eb",
  "(?i)(?m)^x",
];
const NAMES = [
  "web1",
  "web12",
  "db1",
  "dbdb",
  "db",
  "WEB1",
  "x",
  "]",
  "web\n1",
  "",
  "a",
  "xweb",
  "web1\n",
  "web\r1",
  "web\u20281",
  "wweb",
  "X\nx",
];

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
  assert.throws(() => pythonRegExp("[ab"), PythonReError);
});

Deno.test("flags given or added afterwards", () => {
  const dotall = pythonRegExp("a.b", { dotall: true });
  assert.equal(pythonMatch(dotall, "a\nb"), true);
  const multiline = pythonGlobalRegExp("^b$", { multiline: true });
  assert.deepEqual("a\nb\r\nb\n".match(multiline), ["b"]);
  assert.equal(pythonMatch(pythonRegExp("A", { ignorecase: true }), "a"), true);
  // prompt_answers adds JavaScript's s, wait_for and the regex filters its m:
  // a pattern compiled without them then follows JavaScript's rules.
  const plain = pythonRegExp("a.b$");
  assert.equal(new RegExp(plain.source, "s").test("a\nb"), true);
  assert.equal(new RegExp(plain.source, "m").test("a\rb\nc"), true);
  assert.equal(plain.test("a\nb"), false);
});
