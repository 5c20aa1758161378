/**
 * `pythonGlobalRegExp` and `pythonSubn` (what `replace` uses) against
 * CPython itself: each case of a corpus (patterns, templates, texts with
 * `\r\n`, final newlines, empty matches, named groups, escapes) runs
 * through `re.subn` with `MULTILINE` in one `python3` process (and
 * `replace`'s `after`/`before` sections through `re.search` with `DOTALL`),
 * and tachyon's result must be the same, errors included.
 */
import assert from "node:assert/strict";
import { pythonGlobalRegExp, pythonSubn } from "../../src/python/mod.ts";

/** [pattern, template, text]. */
const CASES: [string, string, string][] = [
  ["^a$", "X", "a\r\na\na"],
  ["a$", "X", "a\na\n"],
  ["$", "!", "a\nb\n"],
  ["^", ">", "a\nb\n"],
  ["^$", "E", "\n\nx\n\n"],
  ["a.b", "X", "a\rb a\nb a\u2028b"],
  ["\\Ax|x\\Z", "Y", "x\nx\nx"],
  ["x\\Z", "Y", "x\nx\n"],
  ["(?i)^A", "b", "a\nA"],
  ["x*", "-", "abc"],
  ["a*", "-", "baac"],
  ["(?P<k>\\w+)=(?P=k)", "\\g<k>", "a=a b=c"],
  ["[]a]", "!", "]a"],
  ["[^]a]", "!", "]ab"],
  ["(?x) a  b # comment", "!", "ab a b"],
  ["(\\w+)@(\\w+)", "\\2 at \\1", "me@host you@there"],
  ["(a)|(b)", "[\\2]", "ab"],
  ["(\\d)", "\\g<1>0", "1 2"],
  ["l", "\\n\\t\\\\", "hello"],
  ["o", "\\101\\0", "foo"],
  ["(?s)a.b", "X", "a\nb"],
  ["(?m)^#", ";", "#a\n#b"],
  ["\\bword\\b", "W", "word words sword word"],
  ["(?<=a)b", "X", "ab cb"],
  ["a(?!b)", "X", "ab ac"],
  ["^(\\s*)key = .*$", "\\1key = new", "key = 1\n  key = 2\r\nkey = 3"],
  ["(a)", "\\3", "a"],
  ["a", "\\q", "a"],
  ["é+", "e", "cafééé"],
  ["\\d{2,}", "N", "1 22 333"],
  ["{", "(", "a{b"],
  ["a{,2}", "X", "aaa"],
];

const PYTHON = `
import json, re, sys
out = []
for pattern, template, text in json.load(sys.stdin):
    try:
        out.append(list(re.subn(re.compile(pattern, re.MULTILINE), template, text)))
    except re.error as e:
        out.append({"error": str(e)})
json.dump(out, sys.stdout)
`;

Deno.test("replace's regular expressions and templates match CPython's re.subn", async () => {
  const child = new Deno.Command("/usr/bin/python3", {
    args: ["-c", PYTHON],
    stdin: "piped",
    stdout: "piped",
    env: { PYTHONIOENCODING: "utf-8" },
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(CASES)));
  await writer.close();
  const out = await child.output();
  const expected: ([string, number] | { error: string })[] = JSON.parse(
    new TextDecoder().decode(out.stdout),
  );
  CASES.forEach(([pattern, template, text], i) => {
    const want = expected[i];
    let got: [string, number] | { error: string };
    try {
      got = pythonSubn(pythonGlobalRegExp(pattern, { multiline: true }), template, text);
    } catch (error) {
      got = { error: (error as Error).message };
    }
    if ("error" in want) {
      assert.ok(
        "error" in got,
        `${JSON.stringify(pattern)} should fail like Python: ${want.error}`,
      );
    } else {
      assert.deepEqual(got, want, JSON.stringify([pattern, template, text]));
    }
  });
});

/** [pattern, text]: sections as `replace` cuts them (`after(?P<subsection>.*?)before`). */
const SECTIONS: [string, string][] = [
  ["\\[main\\](?P<subsection>.*?)\\[other\\]", "x\n[main]\nk=1\r\n[other]\n[other]"],
  ["^a(?P<subsection>.*)$", "a\nb\nc\n"],
  ["b(?P<subsection>.*?)$", "ab\u2028c\r\nd"],
  ["(?P<subsection>.*?)\\Z", "a\nb\n"],
  ["x(?P<subsection>.*)", "no match"],
];

const PYTHON_SECTIONS = `
import json, re, sys
out = []
for pattern, text in json.load(sys.stdin):
    m = re.compile(pattern, re.DOTALL).search(text)
    out.append(m and [m.group(0), list(m.span("subsection"))])
json.dump(out, sys.stdout)
`;

Deno.test("replace's sections match CPython's re.search with DOTALL", async () => {
  const child = new Deno.Command("/usr/bin/python3", {
    args: ["-c", PYTHON_SECTIONS],
    stdin: "piped",
    stdout: "piped",
    env: { PYTHONIOENCODING: "utf-8" },
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(SECTIONS)));
  await writer.close();
  const out = await child.output();
  const expected: ([string, [number, number]] | null)[] = JSON.parse(
    new TextDecoder().decode(out.stdout),
  );
  SECTIONS.forEach(([pattern, text], i) => {
    const m = pythonGlobalRegExp(pattern, { dotall: true }).exec(text);
    const got = m && [m[0], m.indices!.groups!.subsection];
    assert.deepEqual(got, expected[i], JSON.stringify([pattern, text]));
  });
});
