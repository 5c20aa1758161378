/**
 * `setup`: gathers facts in one exec (a POSIX sh script, no Python), and
 * writes them to the job's jsonfile fact cache when there is one.
 *
 * @module
 */
import { join } from "node:path";
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { runLibraryScript } from "./remote_sh.ts";
import { buildFacts, type FactGroups, factsScript } from "./setup_facts.ts";
import { fnmatchRegExp } from "../../python/fnmatch.ts";
import { pythonJsonDumps } from "../../python/json_dumps.ts";

/** Arguments of `setup`. */
export interface SetupArgs {
  /** `gather_subset` as given (default `["all"]`). */
  gatherSubset: string[];
  /** Groups gathered besides the minimal facts. */
  groups: FactGroups;
  /** fnmatch patterns of fact names to keep (all when empty). */
  filter: string[];
}

const SUBSETS = [
  "all",
  "min",
  "hardware",
  "network",
  "virtual",
  "ohai",
  "facter",
  "apparmor",
  "caps",
  "cmdline",
  "date_time",
  "distribution",
  "dns",
  "env",
  "fips",
  "local",
  "lsb",
  "pkg_mgr",
  "platform",
  "python",
  "selinux",
  "service_mgr",
  "ssh_pub_keys",
  "user",
];

/**
 * Which fact groups a `gather_subset` list asks for (`all`, `min`,
 * `hardware`, `network`, `!name`, …).
 *
 * @example
 * ```ts
 * factGroups(["!all", "network"]); // { hardware: false, network: true }
 * ```
 */
export function factGroups(subsets: readonly string[]): FactGroups {
  const positive = subsets.filter((s) => !s.startsWith("!"));
  const negative = subsets.filter((s) => s.startsWith("!")).map((s) => s.slice(1));
  const wanted = positive.length === 0 && !negative.includes("all") ? ["all"] : positive;
  const has = (name: string) =>
    (wanted.includes("all") || wanted.includes(name)) && !negative.includes(name);
  return { hardware: has("hardware"), network: has("network") };
}

/**
 * The `setup` module: `{ ansible_facts: { ansible_hostname, ansible_distribution,
 * …, gather_subset, module_setup: true }, changed: false }`.
 *
 * @example
 * ```ts
 * await play.task("setup", { gather_subset: ["!all", "network"] });
 * ```
 */
export const setupModule: ModuleDefinition<SetupArgs> = {
  name: "setup",
  fqcn: "ansible.builtin.setup",
  supportsCheckMode: true,
  parseArgs(input) {
    const a = ArgReader.from("setup", input, [
      { name: "gather_subset" },
      { name: "filter" },
      { name: "gather_timeout" },
      { name: "fact_path" },
    ]);
    a.number("gather_timeout", 10);
    const gatherSubset = a.list("gather_subset") ?? ["all"];
    for (const s of gatherSubset) {
      if (!SUBSETS.includes(s.replace(/^!/, ""))) {
        throw a.error(
          `Bad subset '${s}' given to Ansible. gather_subset options allowed: ` +
            `${SUBSETS.join(", ")}`,
        );
      }
    }
    return { gatherSubset, groups: factGroups(gatherSubset), filter: a.list("filter") ?? [] };
  },
  async run(ctx, args) {
    const out = await runLibraryScript(ctx, factsScript(args.groups));
    let facts = buildFacts(out, args.groups);
    if (args.filter.length > 0) {
      const patterns = args.filter.map(fnmatchRegExp);
      facts = Object.fromEntries(
        Object.entries(facts).filter(([k]) => patterns.some((p) => p.test(k))),
      );
    }
    facts.gather_subset = args.gatherSubset;
    facts.module_setup = true;
    if (ctx.controller.factCacheDir !== undefined) {
      await writeFactCache(ctx.controller.factCacheDir, ctx.host, facts);
    }
    return { ansible_facts: facts, changed: false, _ansible_verbose_override: true };
  },
};

/**
 * A host's name cannot be a fact cache file name (it contains `/` or is
 * `.`/`..`): writing it would leave the cache dir, as Ansible's jsonfile
 * cache would.
 *
 * @example
 * ```ts
 * throw new FactCacheNameError('Cannot cache the facts of host "../x"');
 * ```
 */
export class FactCacheNameError extends Error {
  override name = "FactCacheNameError";
}

/**
 * Merges `facts` into `<dir>/<host>` the way Ansible's jsonfile cache plugin
 * writes it (`json.dumps(facts, sort_keys=True, indent=4)`, no final newline).
 *
 * @example
 * ```ts
 * await writeFactCache("/runner/artifacts/1/fact_cache", "web1", { ansible_hostname: "web1" });
 * ```
 */
export async function writeFactCache(
  dir: string,
  host: string,
  facts: Record<string, unknown>,
): Promise<void> {
  if (host === "" || host === "." || host === ".." || host.includes("/")) {
    throw new FactCacheNameError(
      `Cannot cache the facts of host ${JSON.stringify(host)}: its name is not a file name`,
    );
  }
  const path = join(dir, host);
  let existing: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(await Deno.readTextFile(path));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) existing = parsed;
  } catch {
    existing = {};
  }
  await Deno.mkdir(dir, { recursive: true });
  const text = pythonJsonDumps({ ...existing, ...facts }, { indent: 4, sortKeys: true });
  await Deno.writeTextFile(path, text);
}
