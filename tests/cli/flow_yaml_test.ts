import assert from "node:assert/strict";
import { dumpFlowYaml, type FlowCollection, FlowYamlError } from "../../src/cli/flow_yaml.ts";
import { run } from "../_support/worker_process.ts";

/** PyYAML's `safe_dump(value, default_flow_style=True)` for each value (JSON in, JSON out). */
async function pyyamlDump(values: readonly FlowCollection[]): Promise<string[]> {
  const script = "import json, sys, yaml\n" +
    "values = json.loads(sys.stdin.read())\n" +
    "print(json.dumps([yaml.safe_dump(v, default_flow_style=True) for v in values]))\n";
  const out = await run("/usr/bin/python3", ["-c", script], {
    stdin: new TextEncoder().encode(JSON.stringify(values)),
  });
  assert.equal(out.code, 0, out.stderr);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

Deno.test("dumpFlowYaml wraps a long worker-info line at column 80 like PyYAML", async () => {
  const info = {
    uuid: "c2c1d436-8520-4a80-918e-9444bfe8bb0b",
    runner_version: "2.4.0.dev12+g764790f",
    mem_in_bytes: 25276518400,
    errors: [],
    cpu_count: 2,
  };
  const expected = "{cpu_count: 2, errors: [], mem_in_bytes: 25276518400, " +
    "runner_version: 2.4.0.dev12+g764790f,\n  uuid: c2c1d436-8520-4a80-918e-9444bfe8bb0b}\n";
  assert.equal(dumpFlowYaml(info), expected);
  assert.deepEqual(await pyyamlDump([info]), [expected]);
});

Deno.test("dumpFlowYaml quotes, escapes and wraps scalars exactly like PyYAML", async () => {
  const tricky = [
    "2.4",
    "2.3.1",
    "yes",
    "No",
    "null",
    "~",
    "",
    "1e3",
    "0x1F",
    "012",
    "1_000",
    "2001-12-14",
    "1:20",
    ".inf",
    "<<",
    "=",
    "- a",
    "-a",
    "a: b",
    "a:b",
    "a #b",
    "a#b",
    " lead",
    "trail ",
    "it's",
    'say "hi"',
    "[x]",
    "{x}",
    "x, y",
    "?x",
    "---x",
    "é",
    "tab\there",
    "line1\nline2",
    "\u2028",
    "\ufeff",
    "\u{1F600}",
    "The /proc/meminfo file could not found, memory capacity undiscoverable.",
    "word ".repeat(40).trim(),
    "x'y z'w ".repeat(15),
    "é".repeat(30) + " a b".repeat(30),
  ];
  const values: FlowCollection[] = [
    { errors: tricky, uuid: null, cpu_count: 512, mem_in_bytes: 0 },
    ...tricky.map((s) => ({ [s || "k"]: s, errors: [s, s], runner_version: s })),
    [true, false, null, -5, [], {}, [[["deep"]]], { b: 1, a: 2, B: 3, "é": 4 }],
  ];
  // Seeded pseudo-random strings over an alphabet full of YAML indicators.
  const alphabet = Array.from("ab z09:-,#'\"[]{}?!&*|>%@`.\n\t~_=<é\u2028");
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 200; i++) {
    const word = () =>
      Array.from(
        { length: Math.floor(next() * 60) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      )
        .join("");
    values.push({ errors: [word(), word()], uuid: word(), runner_version: word(), n: i });
  }
  const expected = await pyyamlDump(values);
  values.forEach((value, i) => {
    assert.equal(dumpFlowYaml(value), expected[i], JSON.stringify(value));
  });
});

Deno.test("dumpFlowYaml refuses values PyYAML would write differently", () => {
  assert.throws(() => dumpFlowYaml({ ratio: 0.5 }), FlowYamlError);
  assert.throws(() => dumpFlowYaml({ big: 2 ** 60 }), FlowYamlError);
});
