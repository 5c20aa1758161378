/**
 * `pyFloatRepr`, `pyNumberRepr`, `jsonFloat` and `jsonNumber` against
 * CPython's `repr(float)` and `json.dumps`.
 */
import assert from "node:assert/strict";
import { jsonFloat, jsonNumber, pyFloatRepr, pyNumberRepr } from "../../src/python/mod.ts";
import { python, seeded } from "./_oracle.ts";

/** Doubles from random bit patterns (every exponent), decimal-looking values and edges. */
function samples(): number[] {
  const random = seeded(2024);
  const view = new DataView(new ArrayBuffer(8));
  const out = [
    0,
    -0,
    1,
    -1,
    0.1,
    0.5,
    1.5,
    100.25,
    1e-4,
    9.999999999999999e-5,
    1e-5,
    1e15,
    1e16 - 2,
    1e16,
    1e21,
    1e22,
    5e-324,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    2 ** 53,
    2 ** 53 + 2,
    123456789012,
  ];
  for (let i = 0; i < 3000; i++) {
    view.setUint32(0, Math.floor(random() * 2 ** 32));
    view.setUint32(4, Math.floor(random() * 2 ** 32));
    const x = view.getFloat64(0);
    if (Number.isFinite(x)) out.push(x);
  }
  for (let i = 0; i < 1000; i++) {
    const digits = Math.floor(random() * 1e6) / 10 ** Math.floor(random() * 12);
    out.push(digits * 10 ** Math.floor(random() * 40 - 20));
  }
  return out;
}

Deno.test("pyFloatRepr and jsonFloat match repr(float) and json.dumps(float)", async () => {
  const xs = samples();
  // Bits travel as hex so that -0.0 and every digit survive the trip.
  const expected = await python(
    "import json, sys\nxs = [float.fromhex(h) for h in json.load(sys.stdin)]\n" +
      "print(json.dumps([[repr(x), json.dumps(x)] for x in xs + [float('nan'), float('inf'), float('-inf')]]))",
    xs.map(toHex),
  ) as [string, string][];
  [...xs, NaN, Infinity, -Infinity].forEach((x, i) => {
    assert.equal(pyFloatRepr(x), expected[i][0], `repr ${x}`);
    assert.equal(jsonFloat(x), expected[i][1], `json ${x}`);
  });
});

Deno.test("pyNumberRepr and jsonNumber write integral JSON numbers as Python ints", async () => {
  // JSON text as another peer writes it: safe integers are ints, the rest floats.
  const xs = [...samples().filter((x) => !Number.isInteger(x) || Number.isSafeInteger(x)), 1e21];
  const expected = await python(
    "import json, sys\nvs = json.loads(sys.stdin.read())\n" +
      "print(json.dumps([[repr(v), json.dumps(v)] for v in vs]))",
    xs,
  ) as [string, string][];
  xs.forEach((x, i) => {
    assert.equal(pyNumberRepr(x), expected[i][0], `repr ${x}`);
    assert.equal(jsonNumber(x), expected[i][1], `json ${x}`);
  });
  assert.equal(jsonNumber(NaN), "NaN");
  assert.equal(pyNumberRepr(-0), "0");
});

/** `float.hex()`-style text of a double, which `float.fromhex` reads back exactly. */
function toHex(x: number): string {
  if (x === 0) return Object.is(x, -0) ? "-0x0p+0" : "0x0p+0";
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? "-" : "";
  const exponent = (hi >>> 20) & 0x7ff;
  const mantissa = ((hi & 0xfffff).toString(16).padStart(5, "0")) +
    lo.toString(16).padStart(8, "0");
  return exponent === 0
    ? `${sign}0x0.${mantissa}p-1022`
    : `${sign}0x1.${mantissa}p${exponent - 1023}`;
}
