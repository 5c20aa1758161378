/**
 * The one argv parser against Python 3.11's argparse itself: every parser
 * tachyon configures (the CLI's, `ansible-playbook`'s and `ansible`'s) and
 * synthetic ones covering every nargs, clusters, prefixes, `--`, negative
 * numbers and exclusive groups, each fed thousands of seeded random argv;
 * values, leftover words, errors and help/version stops must all agree.
 * Python's answers are recorded (`tests/_oracles/argparse.ts`); the random
 * argv are answered as digests of blocks of 100 answers (Python draws the
 * same argv from the seed). `TACHYON_FUZZ_SEED` picks another seed; its
 * answers are not recorded, so run it with `TACHYON_ORACLE=live`.
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
import {
  answerDigest,
  type ArgparseAnswer,
  argparseAnswers,
  argparseLive,
  argparseRandomDigests,
  randomArgvCases,
} from "../_oracles/argparse.ts";
import { type Json, oracleMode } from "../_oracles/recorded.ts";

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

/**
 * Python's `vars(namespace)` for tachyon's parse: every dest, with argparse's
 * defaults (`False` for `store_true`, else `None`) where nothing was given.
 */
function namespaceOf(
  spec: ArgParserSpec,
  values: ReadonlyMap<string, unknown>,
): Record<string, unknown> {
  const namespace: Record<string, unknown> = {};
  for (const o of spec.options) {
    namespace[o.dest] = values.get(o.dest) ?? (o.action === "store_true" ? false : null);
  }
  for (const p of spec.positionals ?? []) namespace[p.dest] = values.get(p.dest) ?? null;
  return namespace;
}

/** tachyon's parse, in the oracle's terms. */
function tachyonResult(spec: ArgParserSpec, argv: readonly string[]): ArgparseAnswer {
  let parsed: ParsedArgs;
  try {
    parsed = parseKnownArgs(argv, spec);
  } catch (error) {
    if (!(error instanceof ArgvError)) throw error;
    return { error: error.message, prog: error.prog };
  }
  if (parsed.exit !== undefined) return { exit: parsed.exit };
  return {
    values: namespaceOf(spec, parsed.values) as Record<string, Json>,
    extras: [...parsed.extras],
  };
}

const PER_SPEC = 1500;
const BLOCK = 100;

Deno.test("every parser agrees with Python's argparse on seeded random argv", async () => {
  const seed = Number(Deno.env.get("TACHYON_FUZZ_SEED") ?? 8);
  const cases = randomArgvCases(SPECS, seed, PER_SPEC);
  const python = await argparseRandomDigests(SPECS, seed, PER_SPEC, BLOCK);
  assert.equal(
    answerDigest(cases),
    python.argv,
    "Python drew other argv than randomArgvCases: the generator ports in " +
      "tests/_oracles/argparse.ts disagree",
  );
  const ours = cases.map(([name, argv]) => tachyonResult(SPECS[name], argv));
  const differing: number[] = [];
  for (let block = 0; block * BLOCK < cases.length; block++) {
    const digest = answerDigest(ours.slice(block * BLOCK, (block + 1) * BLOCK));
    if (digest !== python.blocks[block]) differing.push(block);
  }
  if (differing.length === 0) return;
  // Name the blocks; with the live peer at hand, show the cases themselves.
  const shown = differing.slice(0, 10).map((block) => {
    const [name, argv] = cases[block * BLOCK];
    return `block ${block} (cases ${block * BLOCK}..${(block + 1) * BLOCK - 1}, ` +
      `first ${name} ${JSON.stringify(argv)})`;
  });
  if (oracleMode() !== "fixtures") {
    const inBlocks = differing.flatMap((block) =>
      cases.slice(block * BLOCK, (block + 1) * BLOCK).map((c, k) => [c, block * BLOCK + k] as const)
    );
    const live = await argparseLive(SPECS, inBlocks.map(([c]) => c));
    inBlocks.forEach(([[name, argv], index], k) => {
      try {
        assert.deepEqual(ours[index], live[k]);
      } catch {
        if (shown.length < 20) {
          shown.push(
            `${name} ${JSON.stringify(argv)}:\n  tachyon ${JSON.stringify(ours[index])}\n` +
              `  argparse ${JSON.stringify(live[k])}`,
          );
        }
      }
    });
  }
  assert.fail(
    `${differing.length} of ${python.blocks.length} blocks of ${BLOCK} argv parsed differently ` +
      `(seed ${seed}; TACHYON_ORACLE=live shows each case):\n${shown.join("\n")}`,
  );
});

Deno.test("hand-picked argparse corners agree with Python", async (t) => {
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
  const expected = await argparseAnswers(SPECS, cases);
  for (const [i, [name, argv]] of cases.entries()) {
    await t.step(`${name} ${JSON.stringify(argv)}`, () => {
      assert.deepEqual(tachyonResult(SPECS[name], argv), expected[i]);
    });
  }
});
