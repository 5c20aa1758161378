/**
 * One job, resolved once: the transmitted kwargs and the private data dir's
 * `env/` files merged the way ansible-runner merges them, plus everything
 * derived from them and from the worker's environment (cwd, the reported
 * env and command, event references, limits, ssh defaults). The result is
 * frozen: after {@linkcode loadJobSpec} nothing re-reads the environment or
 * the private data dir's inputs. The types are in `resolved_job.ts`.
 *
 * @module
 */
import { join } from "node:path";
import { ArgvError } from "./argparse.ts";
import { type AnsibleCommand, type CmdlineOptions, parseCmdline } from "./cmdline.ts";
import type { EnvReader, ResolvedJob } from "./resolved_job.ts";
import { containedPath } from "./contained_path.ts";
import { readEnv } from "./env.ts";
import { jobCommand } from "./job_command.ts";
import { loadMapping, parseExtraVarsArgument, readInputText, resolveIn } from "./job_inputs.ts";
import { KNOWN_KWARGS } from "./known_kwargs.ts";
import { isMapping, optionalString, positiveNumber, wholeNumber } from "./kwarg_values.ts";
import { PromptAnswers, startupPasswords } from "./prompt_answers.ts";
import { shlexSplit } from "../python/shlex.ts";
import { pyStr } from "../python/str.ts";
import { isTrue } from "../engine/ansible_bool.ts";

/**
 * The job cannot be run as given (e.g. both `playbook` and `module`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JobConfigError } from "./job_spec.ts";
 *
 * assert.equal(new JobConfigError("x").name, "JobConfigError");
 * ```
 */
export class JobConfigError extends Error {
  /** The error name. */
  override name = "JobConfigError";
}

/** The worker's variables a job's reported env starts from. */
const PROCESS_ENV_KEYS = ["HOME", "PATH", "LANG", "LC_ALL", "TERM", "USER", "LOGNAME", "TMPDIR"];

/**
 * Resolves the job from `kwargs`, the files in `privateDataDir` and the
 * worker's environment (read through `env`), and freezes it. Throws
 * {@linkcode JobConfigError} when the job cannot run as given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadJobSpec } from "./job_spec.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * const job = await loadJobSpec(pdd, { ident: 42, module: "ping" }, () => undefined);
 * assert.equal(job.ident, "42");
 * assert.equal(job.envvars.AD_HOC_COMMAND_ID, "1");
 * assert.ok(Object.isFrozen(job) && Object.isFrozen(job.env));
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export async function loadJobSpec(
  privateDataDir: string,
  kwargs: Record<string, unknown>,
  env: EnvReader = readEnv,
): Promise<ResolvedJob> {
  const envDir = join(privateDataDir, "env");
  const unknownKwargs = Object.keys(kwargs).filter((k) => !KNOWN_KWARGS.has(k));
  const warnings: string[] = unknownKwargs.length === 0
    ? []
    : [`Ignoring job arguments tachyon does not know: ${unknownKwargs.join(", ")}`];

  const playbook = optionalString(kwargs.playbook);
  const kwargModule = optionalString(kwargs.module);
  if (playbook && kwargModule) {
    throw new JobConfigError("Only one of playbook and module options are allowed");
  }
  const ident = kwargs.ident === undefined || kwargs.ident === null || kwargs.ident === ""
    ? crypto.randomUUID()
    : pyStr(kwargs.ident);
  if (ident.includes("/") || ident === "." || ident === "..") {
    throw new JobConfigError(`Invalid ident ${JSON.stringify(ident)}: it names a directory`);
  }

  const envvars = stringMapping(
    kwargs.envvars,
    await loadMapping(join(envDir, "envvars"), warnings),
  );
  const passwords = stringMapping(
    kwargs.passwords,
    await loadMapping(join(envDir, "passwords"), warnings),
  );
  const sshKey = optionalString(kwargs.ssh_key) ?? await readInputText(join(envDir, "ssh_key"));

  const settings: Record<string, unknown> = {
    ...(isMapping(kwargs.settings) ? kwargs.settings : {}),
    ...(await loadMapping(join(envDir, "settings"), warnings) ?? {}),
  };
  const artifactDir = artifactDirFor(privateDataDir, kwargs.artifact_dir, ident);
  const factCacheName = optionalString(settings.fact_cache) ?? "fact_cache";
  try {
    containedPath(artifactDir, factCacheName, "The fact_cache setting");
  } catch (error) {
    throw new JobConfigError((error as Error).message);
  }

  const cmdlineText = typeof kwargs.cmdline === "string"
    ? kwargs.cmdline
    : await readInputText(join(envDir, "cmdline"));
  const cmdlineWords = splitCmdline(cmdlineText);
  const cmdline = parseJobCmdline(cmdlineWords, kwargModule, playbook);
  const answers = new PromptAnswers(passwords);
  for (const pattern of answers.unusable) {
    warnings.push(`The passwords entry ${JSON.stringify(pattern)} is not a regex tachyon can use`);
  }
  const startup = startupPasswords(answers, cmdline);
  if (cmdline.unknown.length > 0) {
    warnings.push(
      `Ignoring command line options tachyon does not support: ${cmdline.unknown.join(" ")}`,
    );
  }

  const extravarsPath = join(envDir, "extravars");
  const extravarsFile = await loadMapping(extravarsPath, warnings);
  const extraVars: Record<string, unknown> = { ...extravarsFile };
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
  const module = kwargModule ?? cmdline.module;
  const adhoc = module !== undefined;
  const moduleArgs = optionalString(kwargs.module_args) ?? cmdline.moduleArgs;
  const hostPattern = optionalString(kwargs.host_pattern) ?? cmdline.positionals[0] ?? "all";
  // ansible-runner runs ad hoc commands with AD_HOC_COMMAND_ID=1 unless AWX set it;
  // events then carry ad_hoc_command_id from that env, as the callback does.
  if (adhoc && envvars.AD_HOC_COMMAND_ID === undefined) envvars.AD_HOC_COMMAND_ID = "1";
  const cwd = await jobCwd(privateDataDir, envvars);

  return freezeJob({
    privateDataDir,
    ident,
    artifactDir,
    adhoc,
    playbook,
    module,
    moduleArgs,
    hostPattern,
    inventory,
    extraVars,
    envvars,
    passwords,
    cwd,
    env: reportedEnv(envvars, env),
    command: jobCommand({
      adhoc,
      cmdlineWords,
      inventory,
      module,
      moduleArgs,
      hostPattern,
      extravarsFile: extravarsFile === undefined ? undefined : extravarsPath,
      playbook,
    }),
    references: eventReferences(envvars),
    cmdline,
    limit: optionalString(kwargs.limit) ?? cmdline.limit,
    forks: positiveNumber(kwargs.forks) ?? cmdline.forks,
    verbosity: typeof kwargs.verbosity === "number" ? kwargs.verbosity : cmdline.verbosity,
    check: cmdline.check,
    diff: cmdline.diff,
    limits: {
      maxEventRes: wholeNumber(envvars.MAX_EVENT_RES) ?? 700000,
      jobTimeout: positiveNumber(kwargs.timeout) ?? positiveNumber(settings.job_timeout),
      idleTimeout: positiveNumber(settings.idle_timeout),
    },
    output: {
      suppressOutputFile: settings.suppress_output_file === true,
      omitEventData: kwargs.omit_event_data === true,
      onlyFailedEventData: kwargs.only_failed_event_data === true,
      rotateArtifacts: positiveNumber(kwargs.rotate_artifacts) ?? 0,
      factCacheDir: (optionalString(kwargs.fact_cache_type) ?? "jsonfile") === "jsonfile"
        ? join(artifactDir, factCacheName)
        : undefined,
    },
    ssh: {
      user: cmdline.remoteUser,
      privateKeyFile: cmdline.privateKey,
      connection: cmdline.connection,
      connectTimeout: cmdline.timeout,
      commonArgs: cmdline.sshCommonArgs,
      extraArgs: cmdline.sshExtraArgs,
      hostKeyChecking: isTrue(
        envvars.ANSIBLE_HOST_KEY_CHECKING ?? env("ANSIBLE_HOST_KEY_CHECKING") ?? "False",
      ),
      key: sshKey && sshKey.trim() ? sshKey : undefined,
      ...startup,
      tempDir: env("TMPDIR") ?? "/tmp",
    },
    warnings,
  });
}

/** Each mapping's entries as `str()`s, later sources overriding earlier ones. */
function stringMapping(...sources: unknown[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of sources) {
    if (isMapping(source)) {
      for (const [k, v] of Object.entries(source)) merged[k] = pyStr(v);
    }
  }
  return merged;
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

function splitCmdline(text: string | undefined): string[] {
  try {
    return text === undefined ? [] : shlexSplit(text);
  } catch (error) {
    throw new JobConfigError(`Cannot split the job's cmdline: ${(error as Error).message}`);
  }
}

/**
 * The command line as the command ansible-runner would run reads it:
 * `ansible` for a module, `ansible-playbook` for a playbook. A job naming
 * neither is ad hoc when its command line names a module (`-m`) as `ansible`
 * reads it, and otherwise runs an automation, like a playbook.
 */
function parseJobCmdline(
  words: readonly string[],
  module: string | undefined,
  playbook: string | undefined,
): CmdlineOptions {
  const parse = (command: AnsibleCommand) => {
    try {
      return parseCmdline(words, command);
    } catch (error) {
      if (!(error instanceof ArgvError)) throw error;
      throw new JobConfigError(`Cannot parse the job's cmdline (${error.prog}): ${error.message}`);
    }
  };
  if (module) return parse("ansible");
  if (playbook) return parse("ansible-playbook");
  try {
    const adhoc = parse("ansible");
    if (adhoc.module !== undefined) return adhoc;
  } catch {
    // not an ad hoc command line: read it as ansible-playbook would
  }
  return parse("ansible-playbook");
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

/** Like ansible-runner: the pdd for ad hoc commands (AD_HOC_COMMAND_ID set), else `project/`. */
async function jobCwd(pdd: string, envvars: Record<string, string>): Promise<string> {
  if (envvars.AD_HOC_COMMAND_ID) return pdd;
  const project = join(pdd, "project");
  try {
    if ((await Deno.stat(project)).isDirectory) return project;
  } catch {
    // no project dir
  }
  return pdd;
}

/** The worker's own environment (as far as permitted), then the job's envvars. */
function reportedEnv(envvars: Record<string, string>, env: EnvReader): Record<string, string> {
  const reported: Record<string, string> = {};
  for (const key of PROCESS_ENV_KEYS) {
    const value = env(key);
    if (value !== undefined) reported[key] = value;
  }
  return { ...reported, ...envvars };
}

function eventReferences(envvars: Record<string, string>): Record<string, number> {
  const refs: Record<string, number> = {};
  const jobId = wholeNumber(envvars.JOB_ID);
  if (jobId !== undefined) refs.job_id = jobId;
  const adhocId = wholeNumber(envvars.AD_HOC_COMMAND_ID);
  if (adhocId !== undefined) refs.ad_hoc_command_id = adhocId;
  const projectUpdateId = wholeNumber(envvars.PROJECT_UPDATE_ID);
  if (projectUpdateId !== undefined) refs.project_update_id = projectUpdateId;
  return refs;
}

/** Freezes the job and everything in it, except the values inside `extraVars`. */
function freezeJob(job: ResolvedJob): ResolvedJob {
  for (const [key, value] of Object.entries(job)) {
    if (key === "extraVars") Object.freeze(value);
    else deepFreeze(value);
  }
  return Object.freeze(job);
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}
