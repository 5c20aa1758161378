/**
 * `dumpFlowYaml` against PyYAML's `safe_dump(value, default_flow_style=True)`
 * (the real PyYAML's answers, recorded): worker-info lines, tricky scalars and
 * seeded random strings over an alphabet full of YAML indicators.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { dumpFlowYaml, type FlowCollection, FlowYamlError } from "../../src/cli/flow_yaml.ts";
import type { Json } from "../_oracles/recorded.ts";
import { python } from "../_oracles/python.ts";

/** PyYAML's `safe_dump(value, default_flow_style=True)` for each value (JSON in, JSON out). */
async function pyyamlDump(values: readonly FlowCollection[]): Promise<string[]> {
  const code = "import json, sys, yaml\n" +
    "values = json.load(sys.stdin)\n" +
    "print(json.dumps([yaml.safe_dump(v, default_flow_style=True) for v in values]))\n";
  return await python({ code, input: values as Json }) as string[];
}

/** The random samples' alphabet: YAML indicators, breaks, quotes, non-ASCII. */
const ALPHABET = "ab z09:-,#'\"[]{}?!&*|>%@`.\n\t~_=<é\u2028";

/**
 * `count` worker-info-shaped mappings of seeded random words (an LCG computed
 * exactly, so Python's `PY_SAMPLES` draws the very same ones from the seed).
 */
function randomSamples(seed: number, count: number): FlowCollection[] {
  const alphabet = Array.from(ALPHABET);
  let state = seed;
  const next = () => {
    state = ((Math.imul(state, 1103515245) + 12345) >>> 0) & 0x7fffffff;
    return state / 2147483648;
  };
  const word = () =>
    Array.from(
      { length: Math.floor(next() * 60) },
      () => alphabet[Math.floor(next() * alphabet.length)],
    ).join("");
  return Array.from({ length: count }, (_, n) => {
    const errors = [word(), word()];
    const uuid = word();
    return { errors, uuid, runner_version: word(), n };
  });
}

/**
 * Python's side of {@linkcode randomSamples}, then PyYAML's dump of each
 * sample, and the SHA-256 of the samples' JSON (so the test knows both sides
 * drew the same samples).
 */
const PY_SAMPLES = `import hashlib, json, sys, yaml
question = json.load(sys.stdin)
alphabet = list(question["alphabet"])
state = question["seed"]
def next_random():
    global state
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
def word():
    length = int(next_random() * 60)
    return "".join(alphabet[int(next_random() * len(alphabet))] for _ in range(length))
samples = []
for n in range(question["count"]):
    errors = [word(), word()]
    uuid = word()
    samples.append({"errors": errors, "uuid": uuid, "runner_version": word(), "n": n})
text = json.dumps(samples, ensure_ascii=False, separators=(",", ":"))
print(json.dumps({
    "samples_sha256": hashlib.sha256(text.encode()).hexdigest(),
    "dumps": [yaml.safe_dump(v, default_flow_style=True) for v in samples],
}))
`;

/** The values whose dump is not PyYAML's: the first ten shown, and how many. */
function assertSameDumps(values: readonly FlowCollection[], expected: readonly string[]): void {
  assert.equal(values.length, expected.length);
  const mismatches: string[] = [];
  values.forEach((value, i) => {
    let ours: string;
    try {
      ours = dumpFlowYaml(value);
    } catch (error) {
      ours = String(error);
    }
    if (ours !== expected[i]) {
      mismatches.push(
        `${JSON.stringify(value)}\n  ours:   ${JSON.stringify(ours)}\n  PyYAML: ${
          JSON.stringify(expected[i])
        }`,
      );
    }
  });
  assert.equal(
    mismatches.length,
    0,
    `${mismatches.length} of ${values.length} dumps differ from PyYAML's:\n` +
      mismatches.slice(0, 10).join("\n"),
  );
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
  assertSameDumps(values, await pyyamlDump(values));
});

Deno.test("dumpFlowYaml writes 200 seeded random worker-info lines exactly like PyYAML", async () => {
  const question = { seed: 42, count: 200, alphabet: ALPHABET };
  const samples = randomSamples(question.seed, question.count);
  const answer = await python({ code: PY_SAMPLES, input: question }) as {
    samples_sha256: string;
    dumps: string[];
  };
  assert.equal(
    createHash("sha256").update(JSON.stringify(samples)).digest("hex"),
    answer.samples_sha256,
    "Python drew other samples from the seed",
  );
  assertSameDumps(samples, answer.dumps);
});

Deno.test("dumpFlowYaml refuses values PyYAML would write differently", () => {
  assert.throws(() => dumpFlowYaml({ ratio: 0.5 }), FlowYamlError);
  assert.throws(() => dumpFlowYaml({ big: 2 ** 60 }), FlowYamlError);
});
