/**
 * Compact answers for the bulk questions of the `src/python/` tests, so that
 * the recorded fixtures stay small: Python answers a list of per-sample
 * results as digests of blocks of samples, a list of booleans as hex bits,
 * a long list of repeated values as run lengths. `PY_COMPACT` is Python's
 * side (put it before a snippet); the functions here are the test's side,
 * encoding the same way.
 *
 * @module
 */

import assert from "node:assert/strict";
import { createHash } from "node:crypto";

/**
 * Python's side: `digest(values)`, `block_digests(values, size)`,
 * `hex_bits(flags)` and `run_lengths(values)`.
 *
 * @example
 * ```ts
 * const answer = await python(PY_COMPACT + "print(json.dumps(hex_bits([True, False])))") as string;
 * ```
 */
export const PY_COMPACT = `
import hashlib, json, sys
def digest(values):
    text = "\\n".join(json.dumps(v, separators=(",", ":")) for v in values)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
def block_digests(values, size):
    return {"size": size, "digests": [digest(values[i:i + size]) for i in range(0, len(values), size)]}
def hex_bits(flags):
    out = []
    for i in range(0, len(flags), 4):
        n = 0
        for j, flag in enumerate(flags[i:i + 4]):
            n |= bool(flag) << (3 - j)
        out.append("%x" % n)
    return "".join(out)
def run_lengths(values):
    runs = []
    for v in values:
        if runs and runs[-1][0] == v:
            runs[-1][1] += 1
        else:
            runs.append([v, 1])
    return ",".join(f"{v}*{n}" for v, n in runs)
`;

/** Per-sample results as Python answered them: one digest per `size` samples. */
export interface BlockDigests {
  /** Samples per block (the last block may hold fewer). */
  size: number;
  /** The {@linkcode digest} of each block, in order. */
  digests: string[];
}

/** `json.dumps(v, separators=(",", ":"))` with its default `ensure_ascii`: every non-ASCII unit escaped. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Python's `digest(values)`: the first 16 hex digits of the SHA-256 of the
 * values' ASCII JSON, one a line. Values are strings, integers, booleans,
 * null and lists of them (floats would print differently).
 *
 * @example
 * ```ts
 * digest(["a", ["b", 1]]); // a 16-digit hex string
 * ```
 */
export function digest(values: readonly unknown[]): string {
  return createHash("sha256").update(values.map(asciiJson).join("\n")).digest("hex").slice(0, 16);
}

/**
 * The blocks of `ours` whose digest is not Python's, each described by the
 * range of samples it holds and `describe` of each (its input and our
 * result: which one is wrong, Python alone can say).
 *
 * @example
 * ```ts
 * const wrong = blockMismatches(["x"], { size: 1, digests: [digest(["x"])] }, String); // []
 * ```
 */
export function blockMismatches(
  ours: readonly unknown[],
  expected: BlockDigests,
  describe: (index: number) => string,
): string[] {
  const { size, digests } = expected;
  const wrong: string[] = [];
  if (digests.length !== Math.ceil(ours.length / size)) {
    wrong.push(`Python answered ${digests.length} blocks of ${size} for ${ours.length} samples`);
  }
  digests.forEach((expectedDigest, block) => {
    const start = block * size;
    const samples = ours.slice(start, start + size);
    if (digest(samples) === expectedDigest) return;
    const shown = samples.map((_, i) => `    ${describe(start + i)}`);
    wrong.push(
      `samples ${start}–${start + samples.length - 1}, one or more of them (ours follow):\n` +
        shown.join("\n"),
    );
  });
  return wrong;
}

/**
 * Fails, once, when `mismatches` is not empty: the count, then the first ten.
 *
 * @example
 * ```ts
 * assertNoMismatches([], "code points");
 * ```
 */
export function assertNoMismatches(mismatches: readonly string[], what: string): void {
  if (mismatches.length === 0) return;
  const more = mismatches.length > 10 ? `\n… and ${mismatches.length - 10} more` : "";
  assert.fail(
    `${mismatches.length} ${what} differ from Python:\n${
      mismatches.slice(0, 10).join("\n")
    }${more}`,
  );
}

/**
 * Python's `hex_bits(flags)` read back: `count` booleans, four a hex digit,
 * the first the highest bit.
 *
 * @example
 * ```ts
 * bitsFromHex("a", 2); // [true, false]
 * ```
 */
export function bitsFromHex(hex: string, count: number): boolean[] {
  return Array.from(
    { length: count },
    (_, i) => ((parseInt(hex[i >> 2], 16) >> (3 - (i & 3))) & 1) === 1,
  );
}

/**
 * Python's `run_lengths(values)` read back as `[value, count]` pairs (values
 * as text: `"-1*32,0*3"` → `[["-1", 32], ["0", 3]]`).
 *
 * @example
 * ```ts
 * runLengths("a*2,b*1"); // [["a", 2], ["b", 1]]
 * ```
 */
export function runLengths(text: string): [string, number][] {
  return text.split(",").map((run) => {
    const star = run.lastIndexOf("*");
    return [run.slice(0, star), Number(run.slice(star + 1))];
  });
}

/**
 * The inputs whose text `ours` gives is not Python's (`python[i]` for
 * `inputs[i]`), each shown with both texts.
 *
 * @example
 * ```ts
 * assertNoMismatches(textMismatches(["a"], (s) => `'${s}'`, ["'a'"]), "texts"); // passes
 * ```
 */
export function textMismatches<T>(
  inputs: readonly T[],
  ours: (input: T) => string,
  python: readonly string[],
): string[] {
  return inputs.flatMap((input, i) => {
    const text = ours(input);
    return text === python[i]
      ? []
      : [`${JSON.stringify(input)}: ours ${text}, Python ${python[i]}`];
  });
}
