/**
 * The one argv parser against Python 3.11's argparse itself: every parser
 * tachyon configures (the CLI's, `ansible-playbook`'s and `ansible`'s) and
 * synthetic ones covering every nargs, clusters, prefixes, `--`, negative
 * numbers and exclusive groups, each fed thousands of seeded random argv;
 * values, leftover words, errors and help/version stops must all agree.
 */
import assert from "node:assert/strict";
import {
  type ArgParserSpec,
  ArgvError,
  type ParsedArgs,
  parseKnownArgs,
} from "../../src/worker/argparse.ts";
import { ANSIBLE_PARSERS } from "../../src/worker/cmdline.ts";
import { TOP_PARSER } from "../../src/cli/dispatch.ts";
import { WORKER_PARSER } from "../../src/cli/worker_command.ts";
import { CLEANUP_PARSER } from "../../src/cli/cleanup_command.ts";
import { argparseOracle, namespaceOf, type OracleResult } from "./_argparse_oracle.ts";
import { Random } from "./_fuzz_cases.ts";

const SYNTHETIC: ArgParserSpec = {
  prog: "synthetic",
  options: [
    { flags: ["-h", "--help"], dest: "help", action: "exit" },
    { flags: ["-v", "--verbose"], dest: "verbose", action: "count" },
    { flags: ["-b", "--become"], dest: "become", action: "store_true" },
    { flags: ["-k"], dest: "ask", action: "store_true" },
    { flags: ["--key-file"], dest: "key_file" },
    { flags: ["-f", "--forks"], dest: "forks", type: "int" },
    { flags: ["-e", "--extra"], dest: "extra", action: "append" },
    { flags: ["-o", "--optional"], dest: "optional", nargs: "?" },
    { flags: ["--many"], dest: "many", nargs: "*" },
    { flags: ["--some"], dest: "some", nargs: "+", type: "int" },
    { flags: ["-p", "--pair"], dest: "pair", nargs: 2 },
    { flags: ["--pairs"], dest: "pairs", action: "append", nargs: 2 },
  ],
  positionals: [
    { dest: "first" },
    { dest: "middle", nargs: "?" },
    { dest: "rest", nargs: "*" },
  ],
  exclusive: [["ask", "key_file"]],
};

const NEGATIVE_OPTIONS: ArgParserSpec = {
  prog: "negative",
  options: [
    { flags: ["-1"], dest: "one", action: "store_true" },
    { flags: ["-n"], dest: "n", type: "int" },
  ],
  positionals: [{ dest: "words", nargs: "+" }, { dest: "last", metavar: "LAST" }],
};

const SUBCOMMAND: ArgParserSpec = {
  prog: "sub",
  options: [{ flags: ["--debug"], dest: "debug", action: "store_true" }],
  positionals: [{ dest: "head" }, {
    dest: "command",
    nargs: "parser",
    choices: ["go", "stop"],
    required: true,
  }],
};

const SPECS: Record<string, ArgParserSpec> = {
  top: TOP_PARSER,
  worker: WORKER_PARSER,
  cleanup: CLEANUP_PARSER,
  playbook: ANSIBLE_PARSERS["ansible-playbook"],
  adhoc: ANSIBLE_PARSERS.ansible,
  synthetic: SYNTHETIC,
  negative: NEGATIVE_OPTIONS,
  sub: SUBCOMMAND,
};

const PLAIN_WORDS = [
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

/** Words built from `spec`'s option strings: exact, prefixes, `=` and attached values, clusters. */
function optionWords(spec: ArgParserSpec, random: Random): string[] {
  const flags = spec.options.flatMap((o) => o.flags);
  const longs = flags.filter((f) => f.startsWith("--"));
  const shorts = flags.filter((f) => /^-[^-]$/.test(f));
  const value = () => random.pick(["x", "", "3", "-2", "-x", "a=b", "v"]);
  const words = [...flags];
  for (const long of longs) {
    words.push(long.slice(0, 2 + random.int(long.length - 1)));
    words.push(`${long}=${value()}`);
    words.push(`${long.slice(0, 3 + random.int(Math.max(1, long.length - 3)))}=${value()}`);
  }
  for (const short of shorts) {
    words.push(`${short}${value()}`, `${short}=${value()}`);
    words.push(
      short + Array.from({ length: 1 + random.int(3) }, () => random.pick(shorts)[1])
        .join(""),
    );
  }
  return words;
}

/** Seeded argv for `spec`: a mix of option words and plain words, 0 to 7 of them. */
function randomArgv(spec: ArgParserSpec, random: Random): string[] {
  const options = optionWords(spec, random);
  return Array.from(
    { length: random.int(8) },
    () => random.int(2) === 0 ? random.pick(options) : random.pick(PLAIN_WORDS),
  );
}

/** tachyon's parse, in the oracle's terms. */
function tachyonResult(spec: ArgParserSpec, argv: readonly string[]): OracleResult {
  let parsed: ParsedArgs;
  try {
    parsed = parseKnownArgs(argv, spec);
  } catch (error) {
    if (!(error instanceof ArgvError)) throw error;
    return { error: error.message, prog: error.prog };
  }
  if (parsed.exit !== undefined) return { exit: parsed.exit };
  return { values: namespaceOf(spec, parsed.values), extras: [...parsed.extras] };
}

Deno.test("every parser agrees with Python's argparse on seeded random argv", async () => {
  const seed = Number(Deno.env.get("TACHYON_FUZZ_SEED") ?? 8);
  const random = new Random(seed);
  const cases: [string, string[]][] = [];
  for (const name of Object.keys(SPECS)) {
    for (let i = 0; i < 1500; i++) cases.push([name, randomArgv(SPECS[name], random)]);
  }
  const expected = await argparseOracle(SPECS, cases);
  let mismatches = 0;
  cases.forEach(([name, argv], i) => {
    const got = tachyonResult(SPECS[name], argv);
    try {
      assert.deepEqual(got, expected[i]);
    } catch {
      if (mismatches++ < 5) {
        console.error(
          `${name} ${JSON.stringify(argv)}:\n  tachyon ${JSON.stringify(got)}\n` +
            `  argparse ${JSON.stringify(expected[i])}`,
        );
      }
    }
  });
  assert.equal(mismatches, 0, `${mismatches} of ${cases.length} argv parsed differently`);
});

Deno.test("hand-picked argparse corners agree with Python", async () => {
  const cases: [string, string[]][] = [
    ["playbook", ["-vvv", "-bK", "--fo=5"]], // clusters; --fo is --forks or --force-handlers
    ["playbook", ["--list", "-u", "root"]], // three --list-* options
    ["adhoc", ["--list", "-t", "/tmp/tree", "all"]], // one --list-*; -t is --tree here
    ["playbook", ["-k", "--conn-pass-file", "/p"]], // mutually exclusive
    ["playbook", ["-u"]],
    ["playbook", ["-f", "5x"]],
    ["playbook", ["-vx"]],
    ["playbook", ["--become=yes"]],
    ["playbook", ["-e", "-x y", "-l", "-1"]], // values that look like options
    ["adhoc", ["-m", "ping", "web", "extra"]],
    ["worker", ["--priv=/runner", "cleanup", "--grace=0", "--exclude-strings", "a b", "c"]],
    ["worker", ["--help", "--bogus", "--keepalive-seconds", "x"]],
    ["worker", ["--keepalive-seconds", "x", "--help"]],
    ["top", ["worker", "--version"]],
    ["top", ["--bogus"]],
    ["synthetic", ["a", "-p", "1"]],
    ["synthetic", ["--", "-a", "b", "--", "c"]],
    ["negative", ["-1", "2", "-n", "-3"]],
  ];
  const expected = await argparseOracle(SPECS, cases);
  cases.forEach(([name, argv], i) => {
    assert.deepEqual(tachyonResult(SPECS[name], argv), expected[i], `${name} ${argv.join(" ")}`);
  });
});
