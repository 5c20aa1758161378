/**
 * The `ansible-cli-option-table` oracle: ansible-core's own `PlaybookCLI`
 * and `AdHocCLI` build their argparse parsers, and the answer is what
 * `src/worker/cmdline.ts` copies from them: every option string in parsing
 * order, each option's strings, dest, action kind and int type, the mutually
 * exclusive groups, and whether prefixes are allowed.
 *
 * @module
 */
import { defineOracle, type Json } from "./recorded.ts";
import { runPython } from "./python.ts";

/** The commands whose option tables are asked for. */
export type AnsibleCommand = "ansible-playbook" | "ansible";

/** One command's option table, as ansible-core builds it. */
export interface AnsibleOptionTable {
  /** Plain JSON, as a recorded answer is. */
  [key: string]: Json;
  /** Every option string, in the parser's lookup order. */
  order: string[];
  /** `[option strings, dest, action kind, "int" or null]` per option. */
  options: [string[], string, string, string | null][];
  /** The dests of each mutually exclusive group, sorted. */
  exclusive: string[][];
  /** argparse's `allow_abbrev`. */
  abbrev: boolean;
}

const DUMP = `
import json, sys
from ansible.cli.playbook import PlaybookCLI
from ansible.cli.adhoc import AdHocCLI
KINDS = {"_StoreAction": "store", "_StoreTrueAction": "store_true", "_AppendAction": "append",
         "_CountAction": "count", "PrependListAction": "append",
         "_HelpAction": "store_true", "AnsibleVersion": "store_true"}
CLASSES = {"ansible-playbook": PlaybookCLI, "ansible": AdHocCLI}
out = {}
for name in json.load(sys.stdin):
    cli = CLASSES[name]([name])
    cli.init_parser()
    p = cli.parser
    out[name] = {
        "order": list(p._option_string_actions),
        "options": [[a.option_strings, a.dest, KINDS[type(a).__name__],
                     "int" if a.type is int else None] for a in p._actions if a.option_strings],
        "exclusive": sorted(sorted(a.dest for a in g._group_actions)
                            for g in p._mutually_exclusive_groups),
        "abbrev": p.allow_abbrev,
    }
print(json.dumps(out))
`;

async function dumpTables(commands: AnsibleCommand[]): Promise<Record<string, AnsibleOptionTable>> {
  // Ansible's CLI modules make ~/.ansible/tmp on import: give them a HOME of their own.
  const home = await Deno.makeTempDir({ prefix: "tachyon_oracle_home_" });
  try {
    const tables = await runPython({ code: DUMP, input: commands }, { env: { HOME: home } });
    return tables as unknown as Record<string, AnsibleOptionTable>;
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

/**
 * The option tables ansible-core's CLIs build for `commands` (recorded).
 *
 * @example
 * ```ts
 * const tables = await ansibleOptionTables(["ansible-playbook", "ansible"]);
 * tables["ansible"].abbrev; // true
 * ```
 */
export const ansibleOptionTables: (
  commands: AnsibleCommand[],
) => Promise<Record<string, AnsibleOptionTable>> = defineOracle(
  "ansible-cli-option-table",
  dumpTables,
);
