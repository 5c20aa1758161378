/**
 * `pyRepr`, `pyStringRepr` and `pyStr` against CPython's `repr()`/`str()`.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { pyRepr, pyStr, pyStringRepr } from "../../src/python/mod.ts";
import { assertNoMismatches, digest, PY_COMPACT, runLengths, textMismatches } from "./_compact.ts";
import { PY_RANDOM, python, randomTexts } from "./_oracle.ts";

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

/** Code points per string of the every-code-point test. */
const CHUNK = 256;

/**
 * Python side of the every-code-point test: `repr` of each chunk of 256
 * consecutive code points, answered losslessly and small. Each code point is
 * `L` (written as itself) or `X` (its `\x`/`\u`/`\U` escape, {@linkcode hexEscape});
 * a chunk where that does not describe the repr (the ASCII one: `\t`, `\\`,
 * `\'`) is `V`, its repr given verbatim. `digest` covers every repr (UTF-8,
 * one a line), so the test knows it decoded the answer right.
 */
const CODE_POINT_REPRS = `
def hex_escape(c):
    return "\\\\x%02x" % c if c < 0x100 else "\\\\u%04x" % c if c < 0x10000 else "\\\\U%08x" % c
def walk(s, r):
    if len(r) < 2 or r[0] != "'" or r[-1] != "'":
        return None
    at, classes = 1, []
    for ch in s:
        if ch != "\\\\" and r.startswith(ch, at):
            classes.append("L")
            at += 1
        elif r.startswith(hex_escape(ord(ch)), at):
            classes.append("X")
            at += len(hex_escape(ord(ch)))
        else:
            return None
    return classes if at == len(r) - 1 else None
chunk = json.load(sys.stdin)
classes, verbatim, reprs = [], {}, []
for start in range(0, 0x110000, chunk):
    s = "".join(map(chr, range(start, start + chunk)))
    r = repr(s)
    reprs.append(r)
    walked = walk(s, r)
    if walked is None:
        verbatim[str(start // chunk)] = r
        walked = ["V"] * chunk
    classes.extend(walked)
all_reprs = hashlib.sha256("\\n".join(reprs).encode()).hexdigest()[:16]
print(json.dumps({"runs": run_lengths(classes), "verbatim": verbatim, "digest": all_reprs}))
`;

/** The compact answer of {@linkcode CODE_POINT_REPRS}. */
interface CodePointReprs {
  runs: string;
  verbatim: Record<string, string>;
  digest: string;
}

/** Two lowercase hex digits of each byte value. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Python's `\x`, `\u` or `\U` escape of a code point (a table: it runs 1,114,112 times). */
function hexEscape(cp: number): string {
  if (cp < 0x100) return `\\x${HEX[cp]}`;
  if (cp < 0x10000) return `\\u${HEX[cp >> 8]}${HEX[cp & 0xff]}`;
  return `\\U00${HEX[cp >> 16]}${HEX[(cp >> 8) & 0xff]}${HEX[cp & 0xff]}`;
}

/** The chunks' reprs as Python wrote them, from {@linkcode CodePointReprs}. */
function decodeReprs(answer: CodePointReprs): string[] {
  const literal = new Uint8Array(0x110000);
  let at = 0;
  for (const [value, count] of runLengths(answer.runs)) {
    if (value === "L") literal.fill(1, at, at + count);
    at += count;
  }
  const reprs: string[] = [];
  for (let start = 0; start < 0x110000; start += CHUNK) {
    const verbatim = answer.verbatim[String(start / CHUNK)];
    if (verbatim !== undefined) {
      reprs.push(verbatim);
      continue;
    }
    const parts = ["'"];
    for (let cp = start; cp < start + CHUNK; cp++) {
      parts.push(literal[cp] ? String.fromCodePoint(cp) : hexEscape(cp));
    }
    parts.push("'");
    reprs.push(parts.join(""));
  }
  return reprs;
}

/** The `digest` of {@linkcode CODE_POINT_REPRS}: SHA-256 of the reprs, one a line, as UTF-8. */
function reprsDigest(reprs: readonly string[]): string {
  return createHash("sha256").update(reprs.join("\n")).digest("hex").slice(0, 16);
}

Deno.test("pyStringRepr escapes every code point as Python 3.11 does", async () => {
  // 256 consecutive code points per string: every escape form and Unicode block is met.
  const answer = await python(PY_COMPACT + CODE_POINT_REPRS, CHUNK) as unknown as CodePointReprs;
  const expected = decodeReprs(answer);
  assert.equal(
    reprsDigest(expected),
    answer.digest,
    "the compact answer decodes to Python's reprs",
  );
  const wrong: string[] = [];
  expected.forEach((pythonRepr, i) => {
    const start = i * CHUNK;
    const chunk = String.fromCodePoint(...Array.from({ length: CHUNK }, (_, j) => start + j));
    const ours = pyStringRepr(chunk);
    if (ours === pythonRepr) return;
    let at = 0;
    while (ours[at] === pythonRepr[at]) at++;
    wrong.push(
      `block U+${start.toString(16)}: ours ${JSON.stringify(ours.slice(at, at + 20))}, ` +
        `Python ${JSON.stringify(pythonRepr.slice(at, at + 20))}`,
    );
  });
  assertNoMismatches(wrong, "blocks of 256 code points");
});

Deno.test("pyStringRepr chooses quotes like Python", async () => {
  const alphabet = `ab'"\\\n\t\r\u0000\u007f\u00a0\u00e9\u2028\u{1f600}`;
  const fixed = ["", "'", '"', `'"`, "it's", 'say "hi"'];
  const samples = [...fixed, ...randomTexts(7, alphabet, 12, 300)];
  // Python draws the same 300 seeded texts: the recorded question stays small.
  const answer = await python(
    PY_RANDOM + PY_COMPACT +
      "q = json.load(sys.stdin)\nsamples = q['fixed'] + random_texts(7, q['alphabet'], 12, 300)\n" +
      "print(json.dumps({'inputs': digest(samples), 'reprs': [repr(s) for s in samples]}))",
    { fixed, alphabet },
  ) as { inputs: string; reprs: string[] };
  assert.equal(answer.inputs, digest(samples), "Python drew the same samples");
  assertNoMismatches(textMismatches(samples, pyStringRepr, answer.reprs), "texts");
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

Deno.test("pyRepr and pyStr of lists, dicts, Maps and numbers match Python", async (t) => {
  const expected = await python(
    FROM_JSON + "print(json.dumps([[repr(py(v)), str(py(v))] for v in json.load(sys.stdin)]))",
    VALUES,
  ) as [string, string][];
  for (const [i, v] of VALUES.entries()) {
    await t.step(JSON.stringify(v), () => {
      assert.equal(pyRepr(toJs(v)), expected[i][0], "repr");
      assert.equal(pyStr(toJs(v)), expected[i][1], "str");
    });
  }
  await t.step("undefined, NaN, infinities and -0", () => {
    assert.equal(pyRepr(undefined), "None");
    assert.equal(pyRepr([NaN, Infinity, -Infinity, -0]), "[nan, inf, -inf, 0]");
  });
});

Deno.test("pyRepr with maxLength cuts Python's text and adds ...", async (t) => {
  const value = { __map__: [["a".repeat(30), ["b".repeat(20), 1, null]], [2, "c"]] };
  const full = (await python(
    FROM_JSON + "print(json.dumps(repr(py(json.load(sys.stdin)))))",
    value,
  )) as string;
  for (const max of [0, 1, 10, 40, full.length - 1, full.length, full.length + 5]) {
    await t.step(`maxLength ${max}`, () => {
      const expected = full.length > max ? full.slice(0, max) + "..." : full;
      assert.equal(pyRepr(toJs(value), { maxLength: max }), expected);
    });
  }
  await t.step("a shared part is not written out more than the limit allows", () => {
    let shared: unknown = ["x"];
    for (let i = 0; i < 64; i++) shared = [shared, shared];
    assert.equal(pyRepr(shared, { maxLength: 1000 }).length, 1003);
  });
});
