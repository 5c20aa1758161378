/**
 * `pyFloatRepr`, `pyNumberRepr`, `jsonFloat` and `jsonNumber` against
 * CPython's `repr(float)` and `json.dumps`.
 */
import assert from "node:assert/strict";
import { jsonFloat, jsonNumber, pyFloatRepr, pyNumberRepr } from "../../src/python/mod.ts";
import {
  assertNoMismatches,
  type BlockDigests,
  blockMismatches,
  digest,
  PY_COMPACT,
} from "./_compact.ts";
import { PY_RANDOM, python, seeded } from "./_oracle.ts";

/** Edge values, then the seeded ones of {@linkcode samples}. */
const FIXED = [
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

/** Doubles from random bit patterns (every exponent), decimal-looking values and edges. */
function samples(): number[] {
  const random = seeded(2024);
  const view = new DataView(new ArrayBuffer(8));
  const out = [...FIXED];
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

/**
 * Python's side of {@linkcode samples} (`samples(fixed)`, the edges given as
 * bits), so the recorded question holds a seed instead of 4,000 doubles.
 * `10 ** e` is written `float("1e%d" % e)`: both are correctly rounded there.
 */
const PY_SAMPLES = `
import math, struct
def from_bits(h):
    return struct.unpack(">d", bytes.fromhex(h))[0]
def bits(x):
    return struct.pack(">d", x).hex()
def samples(fixed):
    random = seeded(2024)
    out = [from_bits(h) for h in fixed]
    for _ in range(3000):
        hi = math.floor(random() * 2 ** 32)
        lo = math.floor(random() * 2 ** 32)
        x = struct.unpack(">d", struct.pack(">II", hi, lo))[0]
        if math.isfinite(x):
            out.append(x)
    for _ in range(1000):
        digits = math.floor(random() * 1e6) / float("1e%d" % math.floor(random() * 12))
        out.append(digits * float("1e%d" % math.floor(random() * 40 - 20)))
    return out
xs = samples(json.load(sys.stdin))
`;

/** The 16 hex digits of a double's bits, as Python's `bits(x)`. */
function bits(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getUint32(0).toString(16).padStart(8, "0") +
    view.getUint32(4).toString(16).padStart(8, "0");
}

/** What Python answers: a digest of the samples it drew and of its results. */
interface FloatAnswer {
  inputs: string;
  outputs: BlockDigests;
}

Deno.test("pyFloatRepr and jsonFloat match repr(float) and json.dumps(float)", async () => {
  const xs = [...samples(), NaN, Infinity, -Infinity];
  const answer = await python(
    PY_RANDOM + PY_COMPACT + PY_SAMPLES +
      "xs += [float('nan'), float('inf'), float('-inf')]\n" +
      "print(json.dumps({'inputs': digest([bits(x) for x in xs]),\n" +
      "  'outputs': block_digests([[repr(x), json.dumps(x)] for x in xs], 20)}))",
    FIXED.map(bits),
  ) as FloatAnswer;
  assert.equal(answer.inputs, digest(xs.map(bits)), "Python drew the same samples");
  const ours = xs.map((x) => [pyFloatRepr(x), jsonFloat(x)]);
  const describe = (i: number) => `${bits(xs[i])}: repr ${ours[i][0]}, json ${ours[i][1]}`;
  assertNoMismatches(blockMismatches(ours, answer.outputs, describe), "blocks of doubles");
});

Deno.test("pyNumberRepr and jsonNumber write integral JSON numbers as Python ints", async (t) => {
  // JSON text as another peer writes it: safe integers are ints, the rest floats.
  const xs = [...samples().filter((x) => !Number.isInteger(x) || Number.isSafeInteger(x)), 1e21];
  const answer = await python(
    PY_RANDOM + PY_COMPACT + PY_SAMPLES +
      "safe = lambda x: x.is_integer() and abs(x) <= 2 ** 53 - 1\n" +
      "xs = [x for x in xs if not x.is_integer() or safe(x)] + [1e21]\n" +
      "vs = json.loads(json.dumps([int(x) if safe(x) else x for x in xs]))\n" +
      "print(json.dumps({'inputs': digest([bits(x) for x in xs]),\n" +
      "  'outputs': block_digests([[repr(v), json.dumps(v)] for v in vs], 20)}))",
    FIXED.map(bits),
  ) as FloatAnswer;
  await t.step("the samples", () => {
    assert.equal(answer.inputs, digest(xs.map(bits)), "Python drew the same samples");
    const ours = xs.map((x) => [pyNumberRepr(x), jsonNumber(x)]);
    const describe = (i: number) => `${xs[i]}: repr ${ours[i][0]}, json ${ours[i][1]}`;
    assertNoMismatches(blockMismatches(ours, answer.outputs, describe), "blocks of numbers");
  });
  await t.step("NaN and -0", () => {
    assert.equal(jsonNumber(NaN), "NaN");
    assert.equal(pyNumberRepr(-0), "0");
  });
});
