/**
 * `pythonJsonLoads` against Python itself: for every line, the same
 * `json.dumps(json.loads(line))` text (what the reference writes into a
 * job_events file) or the same `JSONDecodeError` message (what its
 * processor's error status quotes).
 */
import assert from "node:assert/strict";
import { pythonJsonLoads } from "../../src/process/python_json.ts";
import { run } from "../_support/worker_process.ts";

const LINES = [
  '{"uuid": "a", "counter": 1, "stdout": "x"}\n',
  '{"a":1.0,"b":[1e2,NaN,-Infinity,Infinity],"a":"\\u00e9","c":{}}\n',
  '{"big": 123456789012345678901234567890, "neg": -0, "f": -0.0, "e": 1E-7, "g": 2.50}',
  '{"s": "tab\\t\\"q\\" \\\\ \\/ \\b\\f\\n\\r \\ud83d\\ude00 \\udc00 \\ud800x", "k": [true, false, null]}',
  '  \t{"nested": [[[]], {"x": [{}]}]} \r\n',
  '{"1": 1, "b": 2, "0": 3}',
  "",
  "\n",
  "   \n",
  "garbage\n",
  '{"a": }\n',
  '{"a" 1}\n',
  '{"a": 1 "b": 2}\n',
  '{"a": 1,}\n',
  "{\n",
  "{",
  '{"a": 1',
  '{"a": 1,',
  "[",
  "[1,",
  "[1,]",
  "[1 2]",
  '{"eof": true}x\n',
  '{"eof": true}\n{"eof": true}\n',
  '"unterminated\n',
  '"bad \\x escape"',
  '"bad \\u12G4 escape"',
  '"short \\u12',
  '"ctrl \u0001 char"',
  "01",
  "-",
  "1.",
  "1.e5",
  "-Infinity",
  "nul",
  '{"é": "ü", "x": "😀"} y',
  "{'single': 1}",
];

const PYTHON = `
import json, sys
out = []
for line in json.load(sys.stdin):
    try:
        out.append({"dumps": json.dumps(json.loads(line))})
    except json.JSONDecodeError as e:
        out.append({"error": str(e)})
print(json.dumps(out))
`;

Deno.test("pythonJsonLoads: json.dumps(json.loads(line)) or the error message, as Python 3", async () => {
  const py = await run("/usr/bin/python3", ["-c", PYTHON], {
    stdin: new TextEncoder().encode(JSON.stringify(LINES)),
  });
  assert.equal(py.code, 0, py.stderr);
  const expected = JSON.parse(new TextDecoder().decode(py.stdout)) as Record<string, string>[];
  LINES.forEach((line, i) => {
    let ours: Record<string, string>;
    try {
      ours = { dumps: pythonJsonLoads(line).dumps };
    } catch (error) {
      ours = { error: (error as Error).message };
    }
    assert.deepEqual(ours, expected[i], `line ${JSON.stringify(line)}`);
  });
});
