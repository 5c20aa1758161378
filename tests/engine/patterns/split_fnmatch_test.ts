import assert from "node:assert/strict";
import {
  fnmatchRegExp,
  orderPatterns,
  pythonMatch,
  pythonRegExp,
  splitHostPattern,
} from "../../../src/engine/patterns/mod.ts";
import { pythonJson } from "../inventory/ansible_oracle.ts";

const PATTERNS = [
  "all",
  "web:db",
  "web:&db:!web3",
  "a, b[1:2] , c",
  "web[1:3]",
  "web[0]",
  "web[1:]",
  "fe80::1",
  "::1",
  "10.0.0.1:22",
  "[::1]:22",
  "web01:web02",
  "~web.*:db",
  "  spaced  ",
  "a,,b,",
  "",
  "web*:!*3",
];

Deno.test("patterns: splitHostPattern agrees with Ansible's split_host_pattern", async () => {
  const code = `
import json, sys
from ansible.inventory.manager import split_host_pattern, order_patterns
out = []
for p in json.load(sys.stdin):
    parts = split_host_pattern(p)
    out.append([parts, order_patterns(parts)])
print(json.dumps(out))`;
  const peer = await pythonJson(code, JSON.stringify(PATTERNS)) as string[][][];
  PATTERNS.forEach((p, i) => {
    const parts = splitHostPattern(p);
    assert.deepEqual(parts, peer[i][0], `split ${JSON.stringify(p)}`);
    assert.deepEqual(orderPatterns(parts), peer[i][1], `order ${JSON.stringify(p)}`);
  });
});

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
];

Deno.test("patterns: fnmatchRegExp agrees with Python's fnmatch.translate", async () => {
  const code = `
import json, sys, re, fnmatch
globs, names = json.load(sys.stdin)
print(json.dumps([[bool(re.compile(fnmatch.translate(g)).match(n)) for n in names] for g in globs]))`;
  const peer = await pythonJson(code, JSON.stringify([GLOBS, NAMES])) as boolean[][];
  GLOBS.forEach((g, i) => {
    const re = fnmatchRegExp(g);
    NAMES.forEach((n, j) => assert.equal(re.test(n), peer[i][j], `${g} ~ ${JSON.stringify(n)}`));
  });
});

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
];

Deno.test("patterns: pythonRegExp gives re.match results", async () => {
  const code = `
import json, sys, re
pats, names = json.load(sys.stdin)
print(json.dumps([[bool(re.compile(p).match(n)) for n in names] for p in pats]))`;
  const peer = await pythonJson(code, JSON.stringify([REGEXES, NAMES])) as boolean[][];
  REGEXES.forEach((p, i) => {
    const re = pythonRegExp(p);
    NAMES.forEach((n, j) =>
      assert.equal(pythonMatch(re, n), peer[i][j], `${p} ~ ${JSON.stringify(n)}`)
    );
  });
});
