/**
 * `pyInt`, `pyTypeName` and `pyClass` against CPython's `int()` and `type()`.
 */
import assert from "node:assert/strict";
import { pyClass, pyInt, PythonValueError, pyTypeName } from "../../src/python/mod.ts";
import { python, pythonMap } from "./_oracle.ts";

const INT = `
import json, sys
out = []
for v in json.load(sys.stdin):
    if isinstance(v, dict) and "float" in v: v = float(v["float"])
    try:
        out.append(int(v))
    except (ValueError, TypeError, OverflowError) as e:
        out.append(str(e))
print(json.dumps(out))
`;

const VALUES: unknown[] = [
  "1",
  " 1_0 ",
  "+7",
  "-0",
  "007",
  "1__0",
  "_1",
  "1_",
  "1 0",
  "",
  " ",
  "0x10",
  "1.5",
  "\u0663\u0661",
  "-\uff11\uff12",
  "\u{1d7ce}\u{1d7d9}",
  "\u00b2",
  "\u001c5\u001f",
  "\u00a012\u3000",
  "\ufeff1",
  "it's",
  "a\nb",
  true,
  false,
  2.9,
  -2.9,
  -0.5,
  [1],
  null,
  { k: 1 },
  { float: "nan" },
  { float: "inf" },
  { float: "-inf" },
];

Deno.test("pyInt gives int()'s value or its error message", async (t) => {
  const expected = await python(INT, VALUES) as unknown[];
  for (const [i, v] of VALUES.entries()) {
    await t.step(JSON.stringify(v), () => {
      const input = isFloat(v) ? Number(v.float.replace("inf", "Infinity")) : v;
      let ours: unknown;
      try {
        ours = pyInt(input);
      } catch (error) {
        if (!(error instanceof PythonValueError)) throw error;
        ours = error.message;
      }
      assert.deepEqual(ours, expected[i]);
    });
  }
});

function isFloat(v: unknown): v is { float: string } {
  return typeof v === "object" && v !== null && "float" in v;
}

Deno.test("pyTypeName and pyClass name type(v) as Python does", async (t) => {
  const values = ["s", 1, 1.5, true, null, [1], { a: 1 }];
  const expected = await pythonMap<[string, string]>("[type(s).__name__, str(type(s))]", values);
  for (const [i, v] of values.entries()) {
    await t.step(JSON.stringify(v), () => {
      assert.equal(pyTypeName(v), expected[i][0]);
      assert.equal(pyClass(v), expected[i][1]);
    });
  }
  await t.step("a Map is a dict", () => assert.equal(pyTypeName(new Map()), "dict"));
});
