/**
 * Test support: Python 3.11's own argparse as the oracle for
 * `src/worker/argparse.ts`. A spec is turned into a real `ArgumentParser`
 * (errors raised instead of exiting, `exit` options as an action that stops
 * parsing) and each argv is parsed by `parse_known_args`.
 *
 * @module
 */
import type { ArgParserSpec } from "../../src/worker/argparse.ts";
import { run } from "../_support/worker_process.ts";

/** What argparse made of one argv. */
export type OracleResult =
  | { error: string; prog: string }
  | { exit: string }
  | { values: Record<string, unknown>; extras: string[] };

const HARNESS = `
import argparse, json, sys

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

job = json.load(sys.stdin)
parsers = {name: build(spec) for name, spec in job["specs"].items()}
for name, argv in job["cases"]:
    try:
        ns, extras = parsers[name].parse_known_args(argv)
        print(json.dumps({"values": vars(ns), "extras": extras}))
    except ParseError as e:
        print(json.dumps({"error": e.message, "prog": e.prog}))
    except Stop as e:
        print(json.dumps({"exit": e.args[0]}))
`;

/**
 * Parses each `[specName, argv]` case with real argparse.
 *
 * @example
 * ```ts
 * const [result] = await argparseOracle({ demo: spec }, [["demo", ["-v"]]]);
 * ```
 */
export async function argparseOracle(
  specs: Record<string, ArgParserSpec>,
  cases: readonly (readonly [string, readonly string[]])[],
): Promise<OracleResult[]> {
  const out = await run("/usr/bin/python3", ["-c", HARNESS], {
    stdin: new TextEncoder().encode(JSON.stringify({ specs, cases })),
  });
  if (out.code !== 0) throw new Error(`the argparse oracle failed: ${out.stderr}`);
  return new TextDecoder().decode(out.stdout).trimEnd().split("\n").map((line) => JSON.parse(line));
}

/**
 * Python's `vars(namespace)` for tachyon's parse: every dest, with argparse's
 * defaults (`False` for `store_true`, else `None`) where nothing was given.
 *
 * @example
 * ```ts
 * namespaceOf(spec, parseKnownArgs(["-v"], spec).values); // { verbosity: 1, … }
 * ```
 */
export function namespaceOf(
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
