/**
 * The argparse oracles: Python 3.11's own `argparse` parses argv with a
 * parser built from one of tachyon's {@linkcode ArgParserSpec}s (errors
 * raised instead of exiting, `exit` options as an action that stops parsing).
 *
 * - `python-argparse` (`argparseAnswers`): a few named argv, each answered
 *   in full;
 * - `python-argparse-random` (`argparseRandomDigests`): thousands of seeded
 *   random argv that Python draws itself with the generator of
 *   {@linkcode randomArgvCases} (mulberry32, ported), answered as one digest
 *   per block of answers, so the fixture stays small.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { ArgParserSpec } from "../../src/worker/argparse.ts";
import { Random } from "../worker/_fuzz_cases.ts";
import { runPython } from "./python.ts";
import { defineOracle, type Json } from "./recorded.ts";

/** What argparse made of one argv. */
export type ArgparseAnswer =
  | { error: string; prog: string }
  | { exit: string }
  | { values: Record<string, Json>; extras: string[] };

/** A parse case: the name of a spec and an argv. */
export type ArgvCase = readonly [string, readonly string[]];

/** Python's side: parsers from specs, the ported generator, the digests. */
const HARNESS = `
import argparse, hashlib, json, math, re, sys

class ParseError(Exception):
    def __init__(self, prog, message):
        self.prog, self.message = prog, message

class Stop(Exception):
    pass

class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ParseError(self.prog, message)

class ExitAction(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0)
    def __call__(self, parser, namespace, values, option_string=None):
        raise Stop(self.dest)

ACTIONS = {"store": "store", "store_true": "store_true", "append": "append", "count": "count", "exit": ExitAction}

def build(spec):
    parser = Parser(prog=spec["prog"], add_help=False)
    groups = {}
    for group in spec.get("exclusive", []):
        g = parser.add_mutually_exclusive_group()
        for dest in group:
            groups[dest] = g
    for o in spec["options"]:
        kwargs = {"dest": o["dest"], "action": ACTIONS[o.get("action", "store")]}
        if "nargs" in o:
            kwargs["nargs"] = o["nargs"]
        if o.get("type") == "int":
            kwargs["type"] = int
        groups.get(o["dest"], parser).add_argument(*o["flags"], **kwargs)
    for p in spec.get("positionals", []):
        nargs = p.get("nargs")
        kwargs = {}
        if nargs is not None:
            kwargs["nargs"] = argparse.PARSER if nargs == "parser" else nargs
        if "choices" in p:
            kwargs["choices"] = p["choices"]
        if "metavar" in p:
            kwargs["metavar"] = p["metavar"]
        action = parser.add_argument(p["dest"], **kwargs)
        action.required = p.get("required", nargs not in ("?", "*", "parser"))
    return parser

def parse(parser, argv):
    try:
        ns, extras = parser.parse_known_args(argv)
        return {"values": vars(ns), "extras": extras}
    except ParseError as e:
        return {"error": e.message, "prog": e.prog}
    except Stop as e:
        return {"exit": e.args[0]}

M = 0xFFFFFFFF

class Random:
    """tests/worker/_fuzz_cases.ts Random (mulberry32), bit for bit."""
    def __init__(self, seed):
        self.state = seed & M
    def next(self):
        self.state = (self.state + 0x6D2B79F5) & M
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & M
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & M)) & M
        return ((t ^ (t >> 14)) & M) / 4294967296
    def int(self, n):
        return math.floor(self.next() * n)
    def pick(self, items):
        return items[self.int(len(items))]

def option_words(spec, random, values):
    flags = [f for o in spec["options"] for f in o["flags"]]
    longs = [f for f in flags if f.startswith("--")]
    shorts = [f for f in flags if re.fullmatch(r"-[^-]", f)]
    words = list(flags)
    for long in longs:
        words.append(long[:2 + random.int(len(long) - 1)])
        words.append(long + "=" + random.pick(values))
        words.append(long[:3 + random.int(max(1, len(long) - 3))] + "=" + random.pick(values))
    for short in shorts:
        words.append(short + random.pick(values))
        words.append(short + "=" + random.pick(values))
        words.append(short + "".join(random.pick(shorts)[1] for _ in range(1 + random.int(3))))
    return words

def random_argv(spec, random, plain, values):
    options = option_words(spec, random, values)
    return [random.pick(options) if random.int(2) == 0 else random.pick(plain) for _ in range(random.int(8))]

def digest(values):
    text = "\\n".join(json.dumps(v, sort_keys=True, separators=(",", ":")) for v in values)
    return hashlib.sha256(text.encode()).hexdigest()[:16]

job = json.load(sys.stdin)
parsers = {name: build(spec) for name, spec in job["specs"].items()}
if "cases" in job:
    print(json.dumps([parse(parsers[name], argv) for name, argv in job["cases"]]))
else:
    random = Random(job["seed"])
    cases = [[name, random_argv(job["specs"][name], random, job["plain"], job["values"])]
             for name in job["names"] for _ in range(job["perSpec"])]
    answers = [parse(parsers[name], argv) for name, argv in cases]
    size = job["blockSize"]
    print(json.dumps({
        "argv": digest(cases),
        "blocks": [digest(answers[i:i + size]) for i in range(0, len(answers), size)],
    }))
`;

/** Runs the harness on `job` (a `PythonOracleError` carries Python's stderr when it fails). */
function runHarness(job: Json): Promise<Json> {
  return runPython({ code: HARNESS, input: job });
}

/** Specs as plain JSON (they are: flags, names, numbers). */
function specsJson(specs: Record<string, ArgParserSpec>): Json {
  return JSON.parse(JSON.stringify(specs));
}

/** The question of {@linkcode argparseAnswers}. */
interface AnswersQuestion {
  /** Plain JSON, as a recorded answer is. */
  [key: string]: Json;
  specs: Json;
  cases: Json;
}

const answersOracle = defineOracle<AnswersQuestion, Json>("python-argparse", runHarness);

/**
 * Parses each `[specName, argv]` case with real argparse (recorded).
 *
 * @example
 * ```ts
 * const [answer] = await argparseAnswers({ demo: spec }, [["demo", ["-v"]]]);
 * ```
 */
export async function argparseAnswers(
  specs: Record<string, ArgParserSpec>,
  cases: readonly ArgvCase[],
): Promise<ArgparseAnswer[]> {
  const answer = await answersOracle({
    specs: specsJson(specs),
    cases: cases.map(([name, argv]) => [name, [...argv]]),
  });
  return answer as ArgparseAnswer[];
}

/**
 * Parses each case with real argparse, live (never recorded): to show what
 * argparse answers for cases a digest said differ.
 *
 * @example
 * ```ts
 * const answers = await argparseLive({ demo: spec }, [["demo", ["-v"]]]);
 * ```
 */
export async function argparseLive(
  specs: Record<string, ArgParserSpec>,
  cases: readonly ArgvCase[],
): Promise<ArgparseAnswer[]> {
  const job = { specs: specsJson(specs), cases: cases.map(([name, argv]) => [name, [...argv]]) };
  return await runHarness(job) as ArgparseAnswer[];
}

/** Words the random argv mix with the option words (plain, option-like, numbers, commands). */
export const PLAIN_WORDS: readonly string[] = [
  "",
  "a",
  "all",
  "site.yml",
  "b c",
  "-",
  "--",
  "-1",
  "-1.5",
  "-.5",
  "-5\n",
  "-x",
  "-x y",
  "--nope",
  "--nope=1",
  "---",
  "-=",
  "--=x",
  "5",
  " 7 ",
  "1_0",
  "1__0",
  "x5",
  "+3",
  "-0",
  "cleanup",
  "worker",
  "run",
  "go",
  "stop",
];

/** Values attached to option words (`--x=v`, `-xv`). */
export const OPTION_VALUES: readonly string[] = ["x", "", "3", "-2", "-x", "a=b", "v"];

/** Words built from `spec`'s option strings: exact, prefixes, `=` and attached values, clusters. */
function optionWords(spec: ArgParserSpec, random: Random): string[] {
  const flags = spec.options.flatMap((o) => o.flags);
  const longs = flags.filter((f) => f.startsWith("--"));
  const shorts = flags.filter((f) => /^-[^-]$/.test(f));
  const value = () => random.pick(OPTION_VALUES);
  const words = [...flags];
  for (const long of longs) {
    words.push(long.slice(0, 2 + random.int(long.length - 1)));
    words.push(`${long}=${value()}`);
    words.push(`${long.slice(0, 3 + random.int(Math.max(1, long.length - 3)))}=${value()}`);
  }
  for (const short of shorts) {
    words.push(`${short}${value()}`, `${short}=${value()}`);
    words.push(
      short + Array.from({ length: 1 + random.int(3) }, () => random.pick(shorts)[1]).join(""),
    );
  }
  return words;
}

/**
 * The seeded random argv Python draws too: `perSpec` for each spec, in the
 * order of `specs`' keys, each a mix of option words and plain words (0 to 7).
 *
 * @example
 * ```ts
 * const cases = randomArgvCases({ demo: spec }, 8, 1500);
 * ```
 */
export function randomArgvCases(
  specs: Record<string, ArgParserSpec>,
  seed: number,
  perSpec: number,
): [string, string[]][] {
  const random = new Random(seed);
  const cases: [string, string[]][] = [];
  for (const name of Object.keys(specs)) {
    for (let i = 0; i < perSpec; i++) {
      const options = optionWords(specs[name], random);
      const argv = Array.from(
        { length: random.int(8) },
        () => random.int(2) === 0 ? random.pick(options) : random.pick(PLAIN_WORDS),
      );
      cases.push([name, argv]);
    }
  }
  return cases;
}

/**
 * Python's `digest(values)`: the first 16 hex digits of the SHA-256 of the
 * values' JSON (keys sorted, no spaces, non-ASCII escaped), one a line.
 *
 * @example
 * ```ts
 * answerDigest([{ exit: "help" }]); // a 16-digit hex string
 * ```
 */
export function answerDigest(values: readonly unknown[]): string {
  return createHash("sha256").update(values.map(sortedAsciiJson).join("\n")).digest("hex")
    .slice(0, 16);
}

function sortedAsciiJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedAsciiJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((k) => `${sortedAsciiJson(k)}:${sortedAsciiJson(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** What {@linkcode argparseRandomDigests} answers. */
export interface RandomDigests {
  /** Plain JSON, as a recorded answer is. */
  [key: string]: Json;
  /** {@linkcode answerDigest} of every `[name, argv]` case Python drew. */
  argv: string;
  /** {@linkcode answerDigest} of each block of answers, in order. */
  blocks: string[];
}

const randomOracle = defineOracle<{ [key: string]: Json }, RandomDigests>(
  "python-argparse-random",
  (job) => runHarness(job) as Promise<RandomDigests>,
);

/**
 * Real argparse on the cases {@linkcode randomArgvCases} draws (Python draws
 * them itself from the seed), answered as digests of blocks of `blockSize`
 * answers (recorded).
 *
 * @example
 * ```ts
 * const { argv, blocks } = await argparseRandomDigests({ demo: spec }, 8, 1500, 100);
 * ```
 */
export async function argparseRandomDigests(
  specs: Record<string, ArgParserSpec>,
  seed: number,
  perSpec: number,
  blockSize: number,
): Promise<RandomDigests> {
  return await randomOracle({
    specs: specsJson(specs),
    names: Object.keys(specs),
    seed,
    perSpec,
    blockSize,
    plain: [...PLAIN_WORDS],
    values: [...OPTION_VALUES],
  });
}
