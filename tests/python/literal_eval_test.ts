/**
 * `literalEval` against CPython's `ast.literal_eval`, the value compared as
 * JSON data the way the module documents it (tuples and sets as lists,
 * bytes decoded, dict keys as `json.dumps` writes them).
 */
import assert from "node:assert/strict";
import { literalEval } from "../../src/python/mod.ts";
import { python } from "./_oracle.ts";

const EVAL = `
import ast, json, math, sys
def key(k):
    if isinstance(k, bytes): return k.decode("utf-8", "replace")
    if isinstance(k, bool) or k is None: return json.dumps(k)
    if isinstance(k, float): return json.dumps(k)
    return str(k)
def conv(v):
    if isinstance(v, float) and math.isinf(v): return "inf" if v > 0 else "-inf"
    if isinstance(v, float) and v == 0 and math.copysign(1, v) < 0: return "-0.0"
    if isinstance(v, bytes): return v.decode("utf-8", "replace")
    if isinstance(v, (list, tuple, set)): return [conv(x) for x in v]
    if isinstance(v, dict):
        out = {}
        for k, x in v.items(): out[key(k)] = conv(x)
        return out
    return v
out = []
for text in json.load(sys.stdin):
    try:
        out.append({"value": conv(ast.literal_eval(text))})
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        out.append(None)
print(json.dumps(out))
`;

const TEXTS = [
  "1",
  "-3",
  "+4",
  "--3",
  "- 1",
  "-(1)",
  "-(-1)",
  "1.5",
  "1.",
  ".5",
  "1e3",
  "1_000",
  "1__0",
  "0x1F",
  "0o17",
  "0b101",
  "010",
  "00",
  "0_0",
  "True",
  "true",
  "False",
  "None",
  "none",
  "yes",
  "-True",
  "'a b'",
  '"x"',
  "'a' \"b\"",
  "'tab\\there'",
  "r'raw\\n'",
  "b'bytes'",
  "b'\\xc3' b'\\xa9'",
  "u'uni'",
  "'\\x41\\u00e9\\101'",
  "'\\x41\\u00e9\\101\\U0001F600'",
  "'''tri\nple'''",
  "'a' b'b'",
  "[1, 'a', None]",
  "[1, 2,]",
  "[b'x', (b'y',)]",
  "(1, 2)",
  "(1,)",
  "(1)",
  "()",
  "((1, 2),)",
  "1, 2",
  "{'a': 1, 'b': [True, False]}",
  "{1: 'int key', 1.5: 'float key', True: 'bool key', None: 'none key'}",
  "{True: 'a', 1: 'b', 1.0: 'c'}",
  "{1: 'a', '1': 'b'}",
  "{-0.0: 'negative zero', 1e400: 'inf', 2.0: 'two'}",
  "{'__proto__': 1}",
  "{(1, 2): 'tuple key'}",
  "{[1]: 'list key'}",
  "{}",
  "set()",
  "{1, 2, 3}",
  "{'a', 'a'}",
  "1 # comment",
  "'a' # comment",
  "  1",
  "\t[1]",
  "[1,\n 2]",
  "abc",
  "a b",
  "1 2",
  "f'x'",
  "1+2",
  "[1][0]",
  "{'a': 1",
  "",
  "/usr/bin/python3",
  "10.0.0.1",
  "http://x.example.com:80/path",
  "{{ templated }}",
  "'{{ quoted }}'",
  "1e400",
  "-0.0",
  "[1, [2, [3, {'k': (4, 5)}]]]",
];

Deno.test("literalEval matches ast.literal_eval", async (t) => {
  const expected = await python(EVAL, TEXTS) as ({ value: unknown } | null)[];
  // JSON has no inf and its recorded form no -0: both travel as text.
  const special = (v: unknown): unknown =>
    v === Infinity
      ? "inf"
      : v === -Infinity
      ? "-inf"
      : Object.is(v, -0)
      ? "-0.0"
      : Array.isArray(v)
      ? v.map(special)
      : v !== null && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, special(x)]))
      : v;
  for (const [i, text] of TEXTS.entries()) {
    await t.step(JSON.stringify(text), () => {
      const ours = literalEval(text);
      const python = expected[i];
      if (python === null || text.includes("'tuple key'")) {
        // Python rejects it, or json.dumps would (a tuple key): refused here.
        assert.equal(ours, undefined);
      } else {
        assert.deepEqual(ours && { value: special(ours.value) }, python);
      }
    });
  }
});

Deno.test("literalEval refuses the literals JSON cannot carry", async (t) => {
  for (const text of ["1j", "1+2j", "...", "'\\N{BULLET}'"]) {
    await t.step(text, () => assert.equal(literalEval(text), undefined));
  }
});
