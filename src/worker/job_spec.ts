/**
 * One job's inputs, merged from the transmitted kwargs and the private data
 * dir's `env/` files the way ansible-runner merges them.
 *
 * @module
 */
import { isAbsolute, join } from "node:path";
import { parseDataAsync, toPlain } from "../engine/inventory/mod.ts";
import { type CmdlineOptions, parseCmdline } from "./cmdline.ts";
import { parseKeyValue } from "../engine/key_value.ts";
import { KNOWN_KWARGS } from "./known_kwargs.ts";
import { shlexSplit } from "./shlex.ts";
import { containedPath } from "./contained_path.ts";

/**
 * The job cannot be run as given (e.g. both `playbook` and `module`).
 *
 * @example
 * ```ts
 * throw new JobConfigError("Only one of playbook and module options are allowed");
 * ```
 */
export class JobConfigError extends Error {
  override name = "JobConfigError";
}

/** Settings from `env/settings` (and the `settings` kwarg) that tachyon honours. */
export interface JobSettings {
  /** Seconds before the job is stopped with status `timeout` (0/undefined: never). */
  jobTimeout?: number;
  /** Seconds without output before the job is stopped with status `timeout`. */
  idleTimeout?: number;
  /** Do not write the artifact `stdout`/`stderr` files. */
  suppressOutputFile: boolean;
  /** Name of the fact cache dir under the artifact dir (default `fact_cache`). */
  factCacheDir: string;
}

/** Everything the worker needs to run one job. */
export interface JobSpec {
  /** Absolute private data dir. */
  privateDataDir: string;
  /** `str(ident)`, or a fresh dashed uuid4. */
  ident: string;
  /** `<pdd>/artifacts/<ident>`. */
  artifactDir: string;
  /** The playbook name AWX sent (selects the automation), if any. */
  playbook?: string;
  /** Ad hoc module name, if this is an ad hoc job. */
  module?: string;
  /** Ad hoc module arguments (free form). */
  moduleArgs?: string;
  /** Ad hoc host pattern (default `all`). */
  hostPattern: string;
  /** Absolute inventory sources. */
  inventory: string[];
  /** Extra vars, merged in ansible-playbook's order. */
  extraVars: Record<string, unknown>;
  /** The job environment: kwarg `envvars` then `env/envvars`. */
  envvars: Record<string, string>;
  /** Prompt regex → answer (secret: never printed). */
  passwords: Record<string, string>;
  /** Private key text (secret: never printed). */
  sshKey?: string;
  /** The parsed command line. */
  cmdline: CmdlineOptions;
  /** Raw command line words (for the `command` artifact). */
  cmdlineWords: string[];
  /** Limit pattern (`limit` kwarg, then `-l`). */
  limit?: string;
  /** Forks (`forks` kwarg, then `--forks`). */
  forks?: number;
  /** Verbosity (`verbosity` kwarg, then `-v…`). */
  verbosity: number;
  /** Check mode. */
  check: boolean;
  /** Diff mode. */
  diff: boolean;
  /** Runner settings. */
  settings: JobSettings;
  /** `omit_event_data`. */
  omitEventData: boolean;
  /** `only_failed_event_data`. */
  onlyFailedEventData: boolean;
  /** `fact_cache_type` (`jsonfile` when AWX uses the fact cache). */
  factCacheType: string;
  /** `rotate_artifacts` (0: off). */
  rotateArtifacts: number;
  /** Kwargs tachyon does not know (reported in a warning event). */
  unknownKwargs: string[];
  /** Other warnings found while reading inputs. */
  warnings: string[];
}

/**
 * Builds the {@linkcode JobSpec} from `kwargs` and the files in `privateDataDir`.
 *
 * @example
 * ```ts
 * const job = await loadJobSpec("/runner", { ident: 42, playbook: "site.yml" });
 * job.ident; // "42"
 * ```
 */
export async function loadJobSpec(
  privateDataDir: string,
  kwargs: Record<string, unknown>,
): Promise<JobSpec> {
  const warnings: string[] = [];
  const envDir = join(privateDataDir, "env");
  const unknownKwargs = Object.keys(kwargs).filter((k) => !KNOWN_KWARGS.has(k));

  const playbook = optionalString(kwargs.playbook);
  const module = optionalString(kwargs.module);
  if (playbook && module) {
    throw new JobConfigError("Only one of playbook and module options are allowed");
  }
  const ident = kwargs.ident === undefined || kwargs.ident === null || kwargs.ident === ""
    ? crypto.randomUUID()
    : pythonStr(kwargs.ident);
  if (ident.includes("/") || ident === "." || ident === "..") {
    throw new JobConfigError(`Invalid ident ${JSON.stringify(ident)}: it names a directory`);
  }

  const envvars: Record<string, string> = {};
  for (const source of [kwargs.envvars, await loadMapping(join(envDir, "envvars"), warnings)]) {
    if (isMapping(source)) {
      for (const [k, v] of Object.entries(source)) envvars[k] = pythonStr(v);
    }
  }
  const passwords: Record<string, string> = {};
  for (const source of [kwargs.passwords, await loadMapping(join(envDir, "passwords"), warnings)]) {
    if (isMapping(source)) {
      for (const [k, v] of Object.entries(source)) passwords[k] = pythonStr(v);
    }
  }
  const sshKey = optionalString(kwargs.ssh_key) ?? await readText(join(envDir, "ssh_key"));

  const settingsSource: Record<string, unknown> = {
    ...(isMapping(kwargs.settings) ? kwargs.settings : {}),
    ...(await loadMapping(join(envDir, "settings"), warnings) ?? {}),
  };
  const timeoutKwarg = positiveNumber(kwargs.timeout);
  const settings: JobSettings = {
    jobTimeout: timeoutKwarg ?? positiveNumber(settingsSource.job_timeout),
    idleTimeout: positiveNumber(settingsSource.idle_timeout),
    suppressOutputFile: settingsSource.suppress_output_file === true,
    factCacheDir: optionalString(settingsSource.fact_cache) ?? "fact_cache",
  };
  const artifactDir = artifactDirFor(privateDataDir, kwargs.artifact_dir, ident);
  try {
    containedPath(artifactDir, settings.factCacheDir, "The fact_cache setting");
  } catch (error) {
    throw new JobConfigError((error as Error).message);
  }

  const cmdlineText = typeof kwargs.cmdline === "string"
    ? kwargs.cmdline
    : await readText(join(envDir, "cmdline"));
  let cmdlineWords: string[] = [];
  try {
    cmdlineWords = cmdlineText === undefined ? [] : shlexSplit(cmdlineText);
  } catch (error) {
    throw new JobConfigError(`Cannot split the job's cmdline: ${(error as Error).message}`);
  }
  const cmdline = parseCmdline(cmdlineWords);
  if (cmdline.become || cmdline.becomeUser || cmdline.becomeMethod) {
    warnings.push(
      "Privilege escalation (--become) is not supported by tachyon yet: tasks run as the " +
        "connection user",
    );
  }
  if (cmdline.unknown.length > 0) {
    warnings.push(
      `Ignoring command line options tachyon does not support: ${cmdline.unknown.join(" ")}`,
    );
  }

  const extraVars: Record<string, unknown> = {};
  const extravarsFile = join(envDir, "extravars");
  Object.assign(extraVars, await loadMapping(extravarsFile, warnings) ?? {});
  if (isMapping(kwargs.extravars)) Object.assign(extraVars, kwargs.extravars);
  else if (typeof kwargs.extravars === "string") {
    Object.assign(
      extraVars,
      await loadMapping(resolveIn(privateDataDir, kwargs.extravars), warnings) ?? {},
    );
  }
  for (const text of cmdline.extraVars) {
    Object.assign(extraVars, await parseExtraVarsArgument(text, privateDataDir, warnings));
  }

  const inventory = resolveInventory(privateDataDir, kwargs.inventory, cmdline.inventory);
  const limit = optionalString(kwargs.limit) ?? cmdline.limit;
  const forks = positiveNumber(kwargs.forks) ?? cmdline.forks;
  const verbosity = typeof kwargs.verbosity === "number" ? kwargs.verbosity : cmdline.verbosity;
  const adhocArgs = optionalString(kwargs.module_args) ?? cmdline.moduleArgs;
  return {
    privateDataDir,
    ident,
    artifactDir,
    playbook,
    module: module ?? cmdline.module,
    moduleArgs: adhocArgs,
    hostPattern: optionalString(kwargs.host_pattern) ?? cmdline.positionals[0] ?? "all",
    inventory,
    extraVars,
    envvars,
    passwords,
    sshKey: sshKey && sshKey.trim() ? sshKey : undefined,
    cmdline,
    cmdlineWords,
    limit,
    forks,
    verbosity,
    check: cmdline.check,
    diff: cmdline.diff,
    settings,
    omitEventData: kwargs.omit_event_data === true,
    onlyFailedEventData: kwargs.only_failed_event_data === true,
    factCacheType: optionalString(kwargs.fact_cache_type) ?? "jsonfile",
    rotateArtifacts: positiveNumber(kwargs.rotate_artifacts) ?? 0,
    unknownKwargs,
    warnings,
  };
}

/** `<artifact_dir or pdd/artifacts>/<ident>`, refused when it leaves the pdd. */
function artifactDirFor(pdd: string, artifactDir: unknown, ident: string): string {
  const base = typeof artifactDir === "string" && artifactDir ? artifactDir : "artifacts";
  try {
    return containedPath(pdd, join(base, ident), "artifact_dir");
  } catch (error) {
    throw new JobConfigError((error as Error).message);
  }
}

function resolveInventory(pdd: string, kwarg: unknown, fromCmdline: string[]): string[] {
  const rebase = (p: string) => resolveIn(pdd, p);
  if (typeof kwarg === "string" && kwarg) return [rebase(kwarg)];
  if (Array.isArray(kwarg)) return kwarg.filter((v) => typeof v === "string").map(rebase);
  if (fromCmdline.length > 0) return fromCmdline.map(rebase);
  const defaultDir = join(pdd, "inventory");
  try {
    Deno.statSync(defaultDir);
    return [defaultDir];
  } catch {
    return [];
  }
}

function resolveIn(base: string, path: string): string {
  return isAbsolute(path) ? path : join(base, path);
}

/** `-e` text: `@file`, a JSON/YAML mapping, or `k=v` pairs, as ansible-playbook reads it. */
async function parseExtraVarsArgument(
  text: string,
  pdd: string,
  warnings: string[],
): Promise<Record<string, unknown>> {
  if (text.startsWith("@")) {
    return await loadMapping(resolveIn(join(pdd, "project"), text.slice(1)), warnings) ??
      await loadMapping(resolveIn(pdd, text.slice(1)), warnings) ?? {};
  }
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    return await parseMapping(text, `extra vars ${text.slice(0, 80)}`, warnings) ?? {};
  }
  return parseKeyValue(text).params;
}

/** Reads a JSON-or-YAML mapping file; absent or not a mapping → undefined. */
async function loadMapping(
  path: string,
  warnings: string[],
): Promise<Record<string, unknown> | undefined> {
  const text = await readText(path);
  if (text === undefined) return undefined;
  if (text.trim() === "") return {};
  return await parseMapping(text, path, warnings);
}

/** JSON, else YAML with Ansible's (YAML 1.1) semantics; a warning and undefined unless a mapping. */
async function parseMapping(
  text: string,
  what: string,
  warnings: string[],
): Promise<Record<string, unknown> | undefined> {
  let value: unknown;
  try {
    value = toPlain(await parseDataAsync(text));
  } catch (error) {
    warnings.push(`Ignoring ${what}: it is not valid JSON or YAML (${(error as Error).message})`);
    return undefined;
  }
  if (isMapping(value)) return value;
  warnings.push(`Ignoring ${what}: it is not a JSON or YAML mapping`);
  return undefined;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    const info = await Deno.lstat(path);
    if (!info.isFile) return undefined;
    return await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function positiveNumber(value: unknown): number | undefined {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Python's `str(value)` for the JSON values kwargs carry.
 *
 * @example
 * ```ts
 * pythonStr(true); // "True"
 * pythonStr(42); // "42"
 * ```
 */
export function pythonStr(value: unknown): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}
