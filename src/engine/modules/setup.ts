/**
 * `setup`: gathers Ansible's Linux fact set in one exec (a POSIX sh probe,
 * no Python on the target: `setup_probe.ts`), for the collectors
 * `gather_subset` chooses (`setup_subset.ts`), filtered by `filter`, and
 * writes them to the job's jsonfile fact cache when there is one.
 *
 * @module
 */
import { join } from "node:path";
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { RemoteScriptError } from "./remote_sh.ts";
import { buildFacts, factFilter } from "./setup_facts.ts";
import { ProbeOutput, probeScript } from "./setup_probe.ts";
import { BadSubsetError, type CollectorName, selectCollectors } from "./setup_subset.ts";
import { pythonJsonDumps } from "../../python/json_dumps.ts";

/**
 * Arguments of `setup`.
 *
 * @example
 * ```ts
 * const args: SetupArgs = setupModule.parseArgs({ gather_subset: ["!all"] });
 * ```
 */
export interface SetupArgs {
  /** `gather_subset` as given (default `["all"]`). */
  gatherSubset: string[];
  /** The fact collectors that run. */
  collectors: ReadonlySet<CollectorName>;
  /** fnmatch patterns of fact names to keep (all when empty). */
  filter: string[];
  /** Where local facts (`*.fact`) live. */
  factPath: string;
  /** Seconds one slow probe (a mount's size) may take. */
  gatherTimeout: number;
}

/** Where Ansible's interpreter discovery looks, most likely first. */
const PYTHONS = [
  "/usr/bin/python3",
  "/usr/libexec/platform-python",
  "python3.13",
  "python3.12",
  "python3.11",
  "python3.10",
  "python3.9",
  "python3.8",
  "python3",
  "/usr/bin/python",
  "python",
];

function interpreters(vars: Readonly<Record<string, unknown>>): string[] {
  const configured = vars.ansible_python_interpreter;
  if (typeof configured === "string" && configured !== "" && !configured.startsWith("auto")) {
    return [configured];
  }
  return PYTHONS;
}

/** The interpreter Ansible's discovery would report (none when configured or already known). */
function discoveredInterpreter(
  vars: Readonly<Record<string, unknown>>,
  probe: ProbeOutput,
): string | undefined {
  const configured = vars.ansible_python_interpreter;
  if (typeof configured === "string" && configured !== "" && !configured.startsWith("auto")) {
    return undefined;
  }
  if (vars.discovered_interpreter_python !== undefined) return undefined;
  const executable = probe.section("python").split("\n")[0].trim();
  return executable || undefined;
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
  targetPaths: ["factPath"],
  parseArgs(input) {
    const a = ArgReader.from("setup", input, [
      { name: "gather_subset" },
      { name: "filter" },
      { name: "gather_timeout" },
      { name: "fact_path" },
    ]);
    const gatherTimeout = a.number("gather_timeout", 10);
    const gatherSubset = a.list("gather_subset") ?? ["all"];
    let collectors: ReadonlySet<CollectorName>;
    try {
      collectors = selectCollectors(gatherSubset);
    } catch (error) {
      if (error instanceof BadSubsetError) throw a.error(error.message);
      throw error;
    }
    return {
      gatherSubset,
      collectors,
      filter: a.list("filter") ?? [],
      factPath: a.string("fact_path") ?? "/etc/ansible/facts.d",
      gatherTimeout,
    };
  },
  async run(ctx, args) {
    const script = probeScript(args.collectors, {
      factPath: args.factPath,
      pythons: interpreters(ctx.vars),
      timeout: Math.max(1, Math.floor(args.gatherTimeout)),
    });
    const conn = await ctx.connection();
    const { rc, stdout, stderr } = await conn.exec(script, { signal: ctx.signal });
    if (rc !== 0) throw new RemoteScriptError(stderr, rc);
    const probe = ProbeOutput.parse(stdout);
    const gathered = buildFacts(probe, args.collectors);
    const keep = factFilter(args.filter);
    const facts: Record<string, unknown> = Object.fromEntries(
      Object.entries(gathered).filter(([k]) => keep(k)),
    );
    if (keep("gather_subset")) facts.gather_subset = args.gatherSubset;
    if (keep("module_setup")) facts.module_setup = true;
    // Ansible's interpreter discovery reports what it found with the host's first module.
    const discovered = discoveredInterpreter(ctx.vars, probe);
    if (discovered) facts.discovered_interpreter_python = discovered;
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
