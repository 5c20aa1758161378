/**
 * pythonJsonDumps against the real Python json.dumps, byte for byte.
 */
import assert from "node:assert/strict";
import { JsonTooLongError, pythonJsonDumps } from "../../src/python/mod.ts";
import { pythonMap } from "./_oracle.ts";

const SAMPLES: unknown[] = [
  { eof: true },
  { zipfile: 930 },
  {
    a: 'é\u001b[0;32m\u007f\u0000\t\n\r\b\f"\\/',
    b: [1, 2.5, -0.001, 1e-7, 1e16, 123456789012],
    c: null,
  },
  { nested: { list: [], obj: {}, deep: [{ x: "😀" }] }, big: 1e300, small: 5e-324 },
  ["\u2028", "\ud800", 0.1, 100.25, 3.0e21],
];

Deno.test("pythonJsonDumps matches Python json.dumps for every sample", async (t) => {
  const expected = await pythonMap<string>("json.dumps(s)", SAMPLES);
  for (const [i, sample] of SAMPLES.entries()) {
    await t.step(expected[i], () => assert.equal(pythonJsonDumps(sample), expected[i]));
  }
});

Deno.test("indent, sort_keys and ensure_ascii=False match Python", async (t) => {
  const samples = [
    { z: 1, a: { "ü": [1, { b: 2 }], empty: [] }, m: "ß" },
    // sort_keys orders by code point: U+FF21 before U+1F389, "B" before "a".
    { "\u{1f389}": 1, "\uff21": 2, "a": 3, "B": 4, "\ue000": 5, "": 6, "\u{1f389}x": 7 },
  ];
  const expected = await pythonMap<[string, string]>(
    "[json.dumps(s, indent=4, sort_keys=True, ensure_ascii=False), json.dumps(s, sort_keys=True)]",
    samples,
  );
  for (const [i, sample] of samples.entries()) {
    await t.step(expected[i][1], () => {
      assert.equal(
        pythonJsonDumps(sample, { indent: 4, sortKeys: true, ensureAscii: false }),
        expected[i][0],
      );
      assert.equal(pythonJsonDumps(sample, { sortKeys: true }), expected[i][1]);
    });
  }
});

Deno.test("maxLength stops at the limit, also for shared parts", () => {
  assert.equal(pythonJsonDumps(["abc"], { maxLength: 7 }), '["abc"]');
  assert.throws(() => pythonJsonDumps(["abc"], { maxLength: 6 }), JsonTooLongError);
  let shared: unknown = ["x"];
  for (let i = 0; i < 64; i++) shared = [shared, shared];
  assert.throws(() => pythonJsonDumps(shared, { maxLength: 1_000_000 }), JsonTooLongError);
});
