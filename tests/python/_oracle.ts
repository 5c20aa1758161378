/**
 * The oracle of the `src/python/` tests: `/usr/bin/python3` (CPython 3.11,
 * the Python of the real ansible-runner and Ansible 2.14 here), fed JSON on
 * stdin and answering JSON on stdout, recorded for the unit tier.
 *
 * @module
 */

import type { Json } from "../_oracles/recorded.ts";
import { python as recordedPython } from "../_oracles/python.ts";

/**
 * Runs `code` with `/usr/bin/python3 -c`; `input` arrives as the JSON text on
 * stdin (`json.load(sys.stdin)`), and what the code prints is parsed as JSON.
 * The answer is recorded (see `tests/_oracles/recorded.ts`).
 *
 * @example
 * ```ts
 * const squares = await python("import json,sys\nprint(json.dumps([x*x for x in json.load(sys.stdin)]))", [1, 2]);
 * ```
 */
export async function python(code: string, input: unknown = null): Promise<unknown> {
  return await recordedPython({ code, input: input as Json });
}

/**
 * Python's `[expression for s in inputs]`, each input bound to `s`; `imports`
 * names more modules than `json` and `sys`.
 *
 * @example
 * ```ts
 * const reprs = await pythonMap<string>("repr(s)", ["a", "it's"]);
 * const quoted = await pythonMap<string>("shlex.quote(s)", ["a b"], "shlex");
 * ```
 */
export async function pythonMap<T>(
  expression: string,
  inputs: readonly unknown[],
  imports = "",
): Promise<T[]> {
  const modules = ["json", "sys", ...imports.split(",").map((m) => m.trim()).filter(Boolean)];
  const code = `import ${modules.join(", ")}
` +
    `print(json.dumps([${expression} for s in json.load(sys.stdin)]))`;
  return await python(code, inputs) as T[];
}

/**
 * Python's side of {@linkcode seeded}, {@linkcode randomText} and
 * {@linkcode randomTexts} (`seeded`, `random_text`, `random_texts`), to put
 * before a snippet: Python then draws the same seeded inputs as the test, and
 * the recorded question holds the seed instead of the inputs.
 *
 * @example
 * ```ts
 * const texts = await python(
 *   PY_RANDOM + "print(json.dumps(random_texts(7, 'ab', 12, 300)))",
 * ) as string[]; // randomTexts(7, "ab", 12, 300)
 * ```
 */
export const PY_RANDOM = `
import json, math, sys
def seeded(seed):
    state = seed & 0xFFFFFFFF
    def random():
        nonlocal state
        state = (state * 1103515245 + 12345) & 0xFFFFFFFF
        return state / 2 ** 32
    return random
def random_text(random, alphabet, max_length):
    chars = list(alphabet)
    length = math.floor(random() * (max_length + 1))
    return "".join(chars[math.floor(random() * len(chars))] for _ in range(length))
def random_texts(seed, alphabet, max_length, count):
    random = seeded(seed)
    return [random_text(random, alphabet, max_length) for _ in range(count)]
`;

/**
 * A seeded pseudo-random generator (an LCG), so a failing case can be
 * replayed: the same seed gives the same sequence.
 *
 * @example
 * ```ts
 * const random = seeded(42);
 * const word = randomText(random, "ab'\"", 10);
 * ```
 */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * `count` texts of up to `maxLength` characters each from `alphabet`, the
 * same for the same `seed`.
 *
 * @example
 * ```ts
 * const texts = randomTexts(7, "ab'\"", 12, 300);
 * ```
 */
export function randomTexts(
  seed: number,
  alphabet: string,
  maxLength: number,
  count: number,
): string[] {
  const random = seeded(seed);
  return Array.from({ length: count }, () => randomText(random, alphabet, maxLength));
}

/**
 * A text of up to `maxLength` characters drawn from `alphabet` (code points).
 *
 * @example
 * ```ts
 * randomText(seeded(1), "ab", 5); // e.g. "abba"
 * ```
 */
export function randomText(random: () => number, alphabet: string, maxLength: number): string {
  const chars = Array.from(alphabet);
  const length = Math.floor(random() * (maxLength + 1));
  return Array.from({ length }, () => chars[Math.floor(random() * chars.length)]).join("");
}
