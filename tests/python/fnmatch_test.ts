/**
 * `fnmatchRegExp`/`fnmatchCase` against CPython's
 * `re.compile(fnmatch.translate(p)).match` and `fnmatch.fnmatchcase`.
 */
import assert from "node:assert/strict";
import { fnmatchCase, fnmatchRegExp } from "../../src/python/mod.ts";
import { python, randomText, seeded } from "./_oracle.ts";

const MATCHES = `
import json, sys, fnmatch
globs, names = json.load(sys.stdin)
print(json.dumps([[fnmatch.fnmatchcase(n, g) for n in names] for g in globs]))
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

Deno.test("fnmatchRegExp agrees with fnmatch.translate on host and fact globs", async () => {
  const expected = await python(MATCHES, [GLOBS, NAMES]) as boolean[][];
  GLOBS.forEach((g, i) => {
    const re = fnmatchRegExp(g);
    NAMES.forEach((n, j) =>
      assert.equal(re.test(n), expected[i][j], `${g} ~ ${JSON.stringify(n)}`)
    );
  });
});

Deno.test("fnmatchCase agrees with fnmatch.fnmatchcase on seeded random globs", async () => {
  const random = seeded(3);
  const alphabet = "ab-]![*?\\^&~|\u00e9\u{1f600}";
  const globs = Array.from({ length: 400 }, () => randomText(random, alphabet, 8));
  const names = Array.from({ length: 60 }, () => randomText(random, "ab-]![\\^\u00e9\u{1f600}", 5));
  const expected = await python(MATCHES, [globs, names]) as boolean[][];
  globs.forEach((g, i) => {
    names.forEach((n, j) => {
      assert.equal(
        fnmatchCase(n, g),
        expected[i][j],
        `${JSON.stringify(g)} ~ ${JSON.stringify(n)}`,
      );
    });
  });
});
