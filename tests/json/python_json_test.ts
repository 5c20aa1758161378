/**
 * pythonJsonDumps against the real Python json.dumps, byte for byte.
 */
import assert from "node:assert/strict";
import { pythonJsonDumps } from "../../src/json/python_json.ts";
import { run } from "../_support/worker_process.ts";

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

Deno.test("pythonJsonDumps matches Python json.dumps for every sample", async () => {
  const script = "import json,sys\nfor line in sys.stdin:\n    print(json.dumps(json.loads(line)))";
  const input = SAMPLES.map((s) => JSON.stringify(s)).join("\n") + "\n";
  const out = await run("/usr/bin/python3", ["-c", script], {
    stdin: new TextEncoder().encode(input),
  });
  assert.equal(out.code, 0, out.stderr);
  const expected = new TextDecoder().decode(out.stdout).trimEnd().split("\n");
  SAMPLES.forEach((sample, i) => assert.equal(pythonJsonDumps(sample), expected[i]));
});

Deno.test("indent, sort_keys and ensure_ascii=False match Python", async () => {
  const sample = { z: 1, a: { "ü": [1, { b: 2 }], empty: [] }, m: "ß" };
  const script = "import json,sys\nd=json.loads(sys.stdin.read())\n" +
    "print(json.dumps(d, indent=4, sort_keys=True, ensure_ascii=False))";
  const out = await run("/usr/bin/python3", ["-c", script], {
    stdin: new TextEncoder().encode(JSON.stringify(sample)),
  });
  assert.equal(
    pythonJsonDumps(sample, { indent: 4, sortKeys: true, ensureAscii: false }),
    new TextDecoder().decode(out.stdout).trimEnd(),
  );
});
