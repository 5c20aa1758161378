/**
 * The worker's side of the planner: gathers what it decides from (the kwargs,
 * the extracted private data dir, `env/settings`, the environment, the
 * build policy) and, for the routes tachyon runs itself, the resolved job.
 *
 * @module
 */
import {
  automationNamedBy,
  BUILD_POLICY,
  type BuildPolicy,
  effectiveMode,
  type JobPlan,
  planJob,
  type PlaybookFile,
  type ProjectAutomation,
} from "../planner/mod.ts";
import { MODULE_NAMES } from "../engine/modules/registry.ts";
import { AUTOMATION_NAMES, DEFAULT_AUTOMATION_NAME } from "../../automation/names.ts";
import type { EnvReader, ResolvedJob } from "./resolved_job.ts";
import { readEnv } from "./env.ts";
import { isMapping } from "./kwarg_values.ts";

/**
 * The planner's decision and, unless the job goes elsewhere, the job.
 *
 * @example
 * ```ts
 * import type { PlannedJob } from "./job_plan.ts";
 *
 * const handed: PlannedJob = { plan: { route: "ansible", mode: "auto", message: "tachyon: …" } };
 * ```
 */
export interface PlannedJob {
  /** What runs the job, and why. */
  readonly plan: JobPlan;
  /** The resolved job, for the routes tachyon runs itself. */
  readonly job?: ResolvedJob;
  /** The job's settings: `env/settings` over the `settings` kwarg (for its event plugins). */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/**
 * Plans the job of `kwargs` in the extracted `privateDataDir`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planWorkerJob } from "./job_plan.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * const planned = await planWorkerJob(pdd, { playbook: "site.yml" }, () => undefined);
 * assert.equal(planned.plan.route, "ansible");
 * assert.equal(planned.job, undefined);
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export async function planWorkerJob(
  privateDataDir: string,
  kwargs: Record<string, unknown>,
  env: EnvReader = readEnv,
  policy: BuildPolicy = BUILD_POLICY,
): Promise<PlannedJob> {
  const settings = {
    ...(isMapping(kwargs.settings) ? kwargs.settings : {}),
    ...(await readSettings(`${privateDataDir}/env/settings`) ?? {}),
  };
  const mode = effectiveMode(
    policy.playbookMode,
    settings.tachyon_playbook_mode,
    env("TACHYON_PLAYBOOK_MODE"),
  );
  const automationFile = Deno.build.standalone ? undefined : env("TACHYON_AUTOMATION") || undefined;
  const argsFile = await isFile(`${privateDataDir}/args`);
  const playbook = typeof kwargs.playbook === "string" ? kwargs.playbook : "";
  // Only a job naming neither playbook, module nor command needs its command
  // line (`-m`) to be planned.
  // The job's resolution (command line, inputs, YAML) is loaded only when needed.
  const resolve = async () =>
    await (await import("./job_spec.ts")).loadJobSpec(privateDataDir, kwargs, env);
  const early = playbook === "" && !kwargs.module && !kwargs.binary && !argsFile
    ? await resolve()
    : undefined;
  const plan = planJob({
    kwargs,
    argsFile,
    mode,
    automations: AUTOMATION_NAMES,
    defaultAutomation: DEFAULT_AUTOMATION_NAME,
    modules: MODULE_NAMES,
    cmdlineModule: early?.module,
    automationFile,
    projectAutomation: policy.projectAutomations && playbook !== ""
      ? await projectAutomation(privateDataDir, playbook)
      : undefined,
    playbookFile: playbook === "" ? undefined : await playbookFile(privateDataDir, playbook),
  });
  if (plan.route === "ansible" || plan.route === "refused") return { plan, settings };
  return { plan, job: early ?? await resolve(), settings };
}

/**
 * `env/settings` as a mapping. AWX writes JSON, parsed at once; anything else
 * goes through the job inputs' JSON-then-YAML reader, whose YAML machinery
 * (the inventory's data model) would otherwise load while a job heading for
 * Ansible has its interpreter starting.
 */
async function readSettings(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (isMapping(value)) return value;
  } catch {
    // not JSON: YAML, or not a mapping at all
  }
  const { loadMapping } = await import("./job_inputs.ts");
  return await loadMapping(path, []);
}

/**
 * Whether the kwargs alone already send the job to the EE's Ansible (what the
 * payload may still change — `env/settings`, an `args` file, a project
 * automation — aside): then the worker starts ansible-runner while it
 * extracts the payload.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { headsForAnsible } from "./job_plan.ts";
 *
 * assert.equal(headsForAnsible({ playbook: "site.yml" }, () => undefined), true);
 * assert.equal(headsForAnsible({ playbook: "main.yml" }, () => undefined), false);
 * ```
 */
export function headsForAnsible(
  kwargs: Record<string, unknown>,
  env: EnvReader = readEnv,
  policy: BuildPolicy = BUILD_POLICY,
): boolean {
  if (policy.projectAutomations) return false;
  try {
    return planJob({
          kwargs,
          argsFile: false,
          mode: effectiveMode(policy.playbookMode, undefined, env("TACHYON_PLAYBOOK_MODE")),
          automations: AUTOMATION_NAMES,
          defaultAutomation: DEFAULT_AUTOMATION_NAME,
          modules: MODULE_NAMES,
          automationFile: Deno.build.standalone
            ? undefined
            : env("TACHYON_AUTOMATION") || undefined,
        }).route === "ansible" && Boolean(kwargs.playbook || kwargs.module || kwargs.binary);
  } catch {
    return false;
  }
}

/**
 * The interpreters to try: `TACHYON_ANSIBLE_PYTHON` (colon-separated) when
 * set, else the build policy's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ansiblePythons } from "./job_plan.ts";
 *
 * assert.deepEqual(ansiblePythons(() => "/opt/py/bin/python3"), ["/opt/py/bin/python3"]);
 * ```
 */
export function ansiblePythons(env: EnvReader = readEnv): readonly string[] {
  const forced = env("TACHYON_ANSIBLE_PYTHON");
  return forced ? forced.split(":").filter((p) => p !== "") : BUILD_POLICY.ansiblePython;
}

/** How much of a playbook is searched for its `# tachyon-automation:` line. */
const PLAYBOOK_HEAD_BYTES = 64 * 1024;

/** The job's playbook in the project, and the automation it names (in its first 64 KiB). */
async function playbookFile(privateDataDir: string, playbook: string): Promise<PlaybookFile> {
  const { containedPath } = await import("./contained_path.ts");
  let file: Deno.FsFile;
  try {
    file = await Deno.open(containedPath(`${privateDataDir}/project`, playbook, "The playbook"));
  } catch {
    return { found: false };
  }
  try {
    if (!(await file.stat()).isFile) return { found: false };
    const head = new Uint8Array(PLAYBOOK_HEAD_BYTES);
    let size = 0;
    while (size < head.length) {
      const n = await file.read(head.subarray(size));
      if (n === null) break;
      size += n;
    }
    const names = automationNamedBy(new TextDecoder().decode(head.subarray(0, size)));
    return names === undefined ? { found: true } : { found: true, names };
  } catch {
    return { found: true };
  } finally {
    file.close();
  }
}

/** `project/<playbook without its extension>.ts`, when it is a file inside the project. */
async function projectAutomation(
  privateDataDir: string,
  playbook: string,
): Promise<ProjectAutomation | undefined> {
  const { containedPath } = await import("./contained_path.ts");
  const project = `${privateDataDir}/project`;
  const name = playbook.replace(/\.(ya?ml|json)$/, "") + ".ts";
  let path: string;
  try {
    path = containedPath(project, name, "The project automation");
  } catch {
    return undefined;
  }
  return await isFile(path) ? { path, name } : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
