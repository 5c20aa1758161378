/**
 * The command ansible-runner starts for a job (its `RunnerConfig`): the
 * top-level `args` file's text, shlex-split, when there is one (AWX
 * inventory updates); else the `binary` kwarg, `ansible` for a `module` or
 * `ansible-playbook`, followed by the job's command line, `-i` per inventory
 * source, `--limit`, the extra vars (`-e @env/extravars`, then the kwarg),
 * `-v…`, `--tags`, `--skip-tags`, `--forks`, and the playbook, or `-m`,
 * `-a` and the host pattern.
 *
 * @module
 */
import { join } from "node:path";
import { shlexSplit } from "../../python/shlex.ts";
import { pyStr } from "../../python/str.ts";
import { pythonJsonDumps } from "../../python/json_dumps.ts";
import { readInputText, resolveIn } from "../../worker/job_inputs.ts";
import { isMapping } from "../../worker/kwarg_values.ts";

/**
 * The job cannot be turned into a command (ansible-runner's configuration
 * errors).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CommandError } from "./command.ts";
 *
 * assert.equal(new CommandError("x").name, "CommandError");
 * ```
 */
export class CommandError extends Error {
  /** The error name. */
  override name = "CommandError";
}

/**
 * What a job's command is made of, read from its kwargs and private data dir.
 *
 * @example
 * ```ts
 * import type { CommandInputs } from "./command.ts";
 *
 * const inputs: CommandInputs = { playbook: "site.yml", inventory: ["/runner/inventory"] };
 * ```
 */
export interface CommandInputs {
  /** The top-level `args` file's text: then it is the whole command. */
  readonly argsText?: string;
  /** The `binary` kwarg: the program instead of `ansible`/`ansible-playbook`. */
  readonly binary?: string;
  /** The playbook (relative to the project dir). */
  readonly playbook?: string;
  /** The ad hoc module. */
  readonly module?: string;
  /** `module_args` (added when not null, even empty). */
  readonly moduleArgs?: string;
  /** `host_pattern` (added when not null). */
  readonly hostPattern?: string;
  /** The `cmdline` kwarg, else `env/cmdline`. */
  readonly cmdlineText?: string;
  /** Inventory sources, absolute. */
  readonly inventory: readonly string[];
  /** The `limit` kwarg. */
  readonly limit?: string;
  /** `<pdd>/env/extravars`, when that file exists. */
  readonly extravarsFile?: string;
  /** The `extravars` kwarg: a mapping, or the absolute path of an existing file. */
  readonly extraVars?: Readonly<Record<string, unknown>> | string;
  /** The `verbosity` kwarg. */
  readonly verbosity?: number;
  /** The `tags` kwarg, as Python's `str()` of it. */
  readonly tags?: string;
  /** The `skip_tags` kwarg, as `str()`. */
  readonly skipTags?: string;
  /** The `forks` kwarg, as `str()`. */
  readonly forks?: string;
}

/**
 * The command and what kind of run it is.
 *
 * @example
 * ```ts
 * import type { JobCommand } from "./command.ts";
 *
 * const command: JobCommand = { argv: ["ansible-playbook", "site.yml"], kind: "playbook" };
 * ```
 */
export interface JobCommand {
  /** argv, as ansible-runner reports it (programs by bare name). */
  readonly argv: readonly string[];
  /** `playbook` (ansible-playbook), `adhoc` (ansible with a module) or `raw` (args, binary). */
  readonly kind: "playbook" | "adhoc" | "raw";
}

/**
 * The command for `inputs`, as ansible-runner 2.3's `RunnerConfig` builds
 * it. Throws {@linkcode CommandError} where ansible-runner raises its
 * configuration errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ansibleCommand } from "./command.ts";
 *
 * assert.deepEqual(
 *   ansibleCommand({ module: "ping", hostPattern: "all", inventory: ["/r/inventory"],
 *     extraVars: { x: 1 } }).argv,
 *   ["ansible", "-i", "/r/inventory", "-e", '{"x":1}', "-m", "ping", "all"],
 * );
 * assert.deepEqual(
 *   ansibleCommand({ argsText: "ansible-inventory --list", inventory: [] }).argv,
 *   ["ansible-inventory", "--list"],
 * );
 * ```
 */
export function ansibleCommand(inputs: CommandInputs): JobCommand {
  if (inputs.module !== undefined && inputs.playbook !== undefined) {
    throw new CommandError("Only one of playbook and module options are allowed");
  }
  if (inputs.argsText !== undefined) {
    return { argv: split(inputs.argsText, "args"), kind: "raw" };
  }
  const kind = inputs.binary !== undefined
    ? "raw"
    : inputs.module !== undefined
    ? "adhoc"
    : "playbook";
  const argv = [inputs.binary ?? (kind === "adhoc" ? "ansible" : "ansible-playbook")];
  if (inputs.cmdlineText) argv.push(...split(inputs.cmdlineText, "cmdline"));
  for (const source of inputs.inventory) argv.push("-i", source);
  if (inputs.limit !== undefined) argv.push("--limit", inputs.limit);
  if (inputs.extravarsFile !== undefined) argv.push("-e", `@${inputs.extravarsFile}`);
  const extra = inputs.extraVars;
  if (typeof extra === "string") argv.push("-e", `@${extra}`);
  else if (extra !== undefined && Object.keys(extra).length > 0) {
    const items = Object.entries(extra).map(([k, v]) => `"${k}":${pythonJsonDumps(v)}`);
    argv.push("-e", `{${items.join(",")}}`);
  }
  if (inputs.verbosity) argv.push(`-${"v".repeat(inputs.verbosity)}`);
  if (inputs.tags) argv.push("--tags", inputs.tags);
  if (inputs.skipTags) argv.push("--skip-tags", inputs.skipTags);
  if (inputs.forks) argv.push("--forks", inputs.forks);
  if (kind === "playbook") {
    if (inputs.playbook === undefined) {
      throw new CommandError("Runner playbook required when running ansible-playbook");
    }
    argv.push(inputs.playbook);
  } else if (kind === "adhoc") {
    argv.push("-m", inputs.module!);
    if (inputs.moduleArgs !== undefined) argv.push("-a", inputs.moduleArgs);
    if (inputs.hostPattern !== undefined) argv.push(inputs.hostPattern);
  }
  return { argv, kind };
}

/**
 * Reads what {@linkcode ansibleCommand} needs from the job's kwargs (as
 * received) and its private data dir.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readCommandInputs } from "./command.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * await Deno.mkdir(`${pdd}/inventory`);
 * const inputs = await readCommandInputs(pdd, { playbook: "site.yml", limit: "web" });
 * assert.deepEqual(inputs.inventory, [`${pdd}/inventory`]);
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export async function readCommandInputs(
  pdd: string,
  kwargs: Readonly<Record<string, unknown>>,
): Promise<CommandInputs> {
  const text = (value: unknown) => typeof value === "string" ? value : undefined;
  const given = (value: unknown) => value === undefined || value === null ? undefined : value;
  const cmdlineKwarg = text(kwargs.cmdline);
  const extravarsFile = join(pdd, "env", "extravars");
  return {
    argsText: await readInputText(join(pdd, "args")),
    binary: text(given(kwargs.binary)),
    playbook: text(given(kwargs.playbook)),
    module: text(given(kwargs.module)),
    moduleArgs: given(kwargs.module_args) === undefined ? undefined : pyStr(kwargs.module_args),
    hostPattern: given(kwargs.host_pattern) === undefined ? undefined : pyStr(kwargs.host_pattern),
    cmdlineText: cmdlineKwarg ? cmdlineKwarg : await readInputText(join(pdd, "env", "cmdline")),
    inventory: await inventorySources(pdd, kwargs.inventory),
    limit: given(kwargs.limit) === undefined ? undefined : pyStr(kwargs.limit),
    extravarsFile: (await isFile(extravarsFile)) ? extravarsFile : undefined,
    extraVars: await extraVarsKwarg(pdd, kwargs.extravars),
    verbosity: typeof kwargs.verbosity === "number" ? kwargs.verbosity : undefined,
    tags: kwargs.tags ? pyStr(kwargs.tags) : undefined,
    skipTags: kwargs.skip_tags ? pyStr(kwargs.skip_tags) : undefined,
    forks: kwargs.forks ? pyStr(kwargs.forks) : undefined,
  };
}

/**
 * The worker rebases the `inventory` kwarg onto the pdd (an absolute path
 * stays); without one, `<pdd>/inventory` when it exists.
 */
async function inventorySources(pdd: string, kwarg: unknown): Promise<string[]> {
  if (typeof kwarg === "string" && kwarg !== "") return [resolveIn(pdd, kwarg)];
  if (Array.isArray(kwarg)) {
    return kwarg.filter((v): v is string => typeof v === "string").map((v) => resolveIn(pdd, v));
  }
  if (kwarg !== undefined && kwarg !== null && kwarg !== "") return [];
  const fallback = join(pdd, "inventory");
  try {
    await Deno.stat(fallback);
    return [fallback];
  } catch {
    return [];
  }
}

async function extraVarsKwarg(
  pdd: string,
  kwarg: unknown,
): Promise<Readonly<Record<string, unknown>> | string | undefined> {
  if (isMapping(kwarg)) return kwarg;
  if (typeof kwarg === "string" && kwarg !== "") {
    const path = resolveIn(pdd, kwarg);
    return (await isFile(path)) ? path : undefined;
  }
  return undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

function split(text: string, what: string): string[] {
  try {
    return shlexSplit(text);
  } catch (error) {
    throw new CommandError(`Cannot split the job's ${what}: ${(error as Error).message}`);
  }
}
