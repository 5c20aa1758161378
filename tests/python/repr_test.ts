/**
 * `pyRepr`, `pyStringRepr` and `pyStr` against CPython's `repr()`/`str()`.
 */
import assert from "node:assert/strict";
import { pyRepr, pyStr, pyStringRepr } from "../../src/python/mod.ts";
import { python, pythonMap, randomTexts } from "./_oracle.ts";

/** Python side: JSON back to Python values; `{"__map__": [[k, v], ...]}` is a dict with any keys. */
const FROM_JSON = `
import json, sys
def py(v):
    if isinstance(v, dict):
        if "__map__" in v:
            return {py(k): py(x) for k, x in v["__map__"]}
        return {k: py(x) for k, x in v.items()}
    if isinstance(v, list):
        return [py(x) for x in v]
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e21:
        return int(v)
    return v
`;

Deno.test("pyStringRepr escapes every code point as Python 3.11 does", async () => {
  // 256 consecutive code points per string: every escape form and Unicode block is met.
  const chunks: string[] = [];
  for (let start = 0; start < 0x110000; start += 256) {
    chunks.push(String.fromCodePoint(...Array.from({ length: 256 }, (_, i) => start + i)));
  }
  const expected = await pythonMap<string>("repr(s)", chunks);
  chunks.forEach((chunk, i) => {
    const ours = pyStringRepr(chunk);
    if (ours === expected[i]) return;
    let at = 0;
    while (ours[at] === expected[i][at]) at++;
    assert.fail(
      `block U+${(i * 256).toString(16)}: ours ${JSON.stringify(ours.slice(at, at + 20))}, ` +
        `Python ${JSON.stringify(expected[i].slice(at, at + 20))}`,
    );
  });
});

Deno.test("pyStringRepr chooses quotes like Python", async () => {
  const alphabet = `ab'"\\\n\t\r\u0000\u007f\u00a0\u00e9\u2028\u{1f600}`;
  const samples = ["", "'", '"', `'"`, "it's", 'say "hi"', ...randomTexts(7, alphabet, 12, 300)];
  const expected = await pythonMap<string>("repr(s)", samples);
  samples.forEach((s, i) => assert.equal(pyStringRepr(s), expected[i], JSON.stringify(s)));
});

const VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -7,
  2 ** 53,
  1.5,
  -0.25,
  1e-7,
  1e16,
  1e22,
  0.1 + 0.2,
  "x",
  [],
  {},
  [1, [2, [3, []]], { a: null }],
  { "it's": ["a\nb", { k: [true, false] }], "é": 1.25, "\u{1f600}": "\u0000" },
  { __map__: [[3, "int key"], [true, "bool key"], [null, "none"], [2.5, [1]], ["s", {}]] },
  [{ __map__: [[0, { __map__: [[-1, 1e-5]] }]] }],
];

/** `{"__map__": pairs}` as the Map tachyon's YAML loader makes. */
function toJs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toJs);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("__map__" in o) {
      return new Map((o.__map__ as [unknown, unknown][]).map(([k, x]) => [toJs(k), toJs(x)]));
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, toJs(x)]));
  }
  return v;
}

Deno.test("pyRepr and pyStr of lists, dicts, Maps and numbers match Python", async () => {
  const expected = await python(
    FROM_JSON + "print(json.dumps([[repr(py(v)), str(py(v))] for v in json.load(sys.stdin)]))",
    VALUES,
  ) as [string, string][];
  VALUES.forEach((v, i) => {
    assert.equal(pyRepr(toJs(v)), expected[i][0], JSON.stringify(v));
    assert.equal(pyStr(toJs(v)), expected[i][1], JSON.stringify(v));
  });
  assert.equal(pyRepr(undefined), "None");
  assert.equal(pyRepr([NaN, Infinity, -Infinity, -0]), "[nan, inf, -inf, 0]");
});

Deno.test("pyRepr with maxLength cuts Python's text and adds ...", async () => {
  const value = { __map__: [["a".repeat(30), ["b".repeat(20), 1, null]], [2, "c"]] };
  const full = (await python(
    FROM_JSON + "print(json.dumps(repr(py(json.load(sys.stdin)))))",
    value,
  )) as string;
  for (const max of [0, 1, 10, 40, full.length - 1, full.length, full.length + 5]) {
    const expected = full.length > max ? full.slice(0, max) + "..." : full;
    assert.equal(pyRepr(toJs(value), { maxLength: max }), expected, `maxLength ${max}`);
  }
  // A shared part is not written out more than the limit allows.
  let shared: unknown = ["x"];
  for (let i = 0; i < 64; i++) shared = [shared, shared];
  assert.equal(pyRepr(shared, { maxLength: 1000 }).length, 1003);
});
