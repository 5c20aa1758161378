/**
 * The planner: decides, before a job starts, what runs it — a baked-in
 * automation, one of tachyon's own modules (ad hoc), the EE's Ansible, or the
 * default automation (the seed's fixed script, only when the policy says so)
 * — and says why in one line. It is the one place where another route (a
 * native playbook runner) plugs in.
 *
 * @module
 */
import type { EffectiveMode, PlaybookMode } from "./policy.ts";

/**
 * What runs the job:
 * - `automation`: the baked-in automation named by the playbook (or `TACHYON_AUTOMATION`);
 * - `module`: an ad hoc job with a module tachyon has;
 * - `ansible`: the EE's own Ansible;
 * - `default-automation`: the default automation, in place of the playbook;
 * - `refused`: nothing: the policy allows no route for this job (an error status).
 *
 * @example
 * ```ts
 * import type { JobRoute } from "./plan.ts";
 *
 * const route: JobRoute = "ansible";
 * ```
 */
export type JobRoute = "automation" | "module" | "ansible" | "default-automation" | "refused";

/**
 * What the planner knows about a job.
 *
 * @example
 * ```ts
 * import type { PlanInput } from "./plan.ts";
 *
 * const input: PlanInput = {
 *   kwargs: { playbook: "site.yml" },
 *   argsFile: false,
 *   mode: { mode: "auto", source: "the build policy" },
 *   automations: ["main", "showcase"],
 *   defaultAutomation: "main",
 *   modules: ["ping", "command"],
 * };
 * ```
 */
export interface PlanInput {
  /** The job's kwargs as received. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** Whether the private data dir has a top-level `args` file (a raw command: AWX inventory updates). */
  readonly argsFile: boolean;
  /** The playbook mode in force. */
  readonly mode: EffectiveMode;
  /** The baked-in automations, by playbook stem. */
  readonly automations: readonly string[];
  /** The name of the default automation. */
  readonly defaultAutomation: string;
  /** tachyon's own modules (short names). */
  readonly modules: readonly string[];
  /** The ad hoc module, when the job's command line names one (`-m`) and the kwargs do not. */
  readonly cmdlineModule?: string;
  /** An automation file from `TACHYON_AUTOMATION` (uncompiled entrypoint only). */
  readonly automationFile?: string;
  /**
   * The project's own automation for the playbook (`project/<playbook>.ts`),
   * when the build policy allows project automations and the file exists.
   */
  readonly projectAutomation?: ProjectAutomation;
  /**
   * The playbook's file in the job's project, as far as the planner needs it
   * (not looked at when absent: a playbook named like an automation then runs it).
   */
  readonly playbookFile?: PlaybookFile;
}

/**
 * The job's playbook file: not in the project, or there, with the automation
 * its `# tachyon-automation: <name>` line names (if it has one).
 *
 * @example
 * ```ts
 * import type { PlaybookFile } from "./plan.ts";
 *
 * const twin: PlaybookFile = { found: true, names: "showcase" };
 * const ordinary: PlaybookFile = { found: true };
 * const missing: PlaybookFile = { found: false };
 * ```
 */
export type PlaybookFile =
  | { readonly found: false }
  | { readonly found: true; readonly names?: string };

/**
 * An automation file in the job's project.
 *
 * @example
 * ```ts
 * import type { ProjectAutomation } from "./plan.ts";
 *
 * const found: ProjectAutomation = { path: "/runner/project/site.ts", name: "site.ts" };
 * ```
 */
export interface ProjectAutomation {
  /** Its absolute path. */
  readonly path: string;
  /** Its path in the project, as the decision names it. */
  readonly name: string;
}

/**
 * The planner's decision.
 *
 * @example
 * ```ts
 * import type { JobPlan } from "./plan.ts";
 *
 * const plan: JobPlan = {
 *   route: "ansible",
 *   mode: "auto",
 *   message: "tachyon: site.yml runs under the EE's Ansible: no automation is named site",
 * };
 * ```
 */
export interface JobPlan {
  /** What runs the job. */
  readonly route: JobRoute;
  /** The mode the decision was made under. */
  readonly mode: PlaybookMode;
  /** The baked-in automation to run (`automation` and `default-automation` routes). */
  readonly automation?: string;
  /** The automation file to load instead (`TACHYON_AUTOMATION`, or the project's own). */
  readonly automationFile?: string;
  /** The decision and its reason, one line: the job's first `verbose` event, or its error. */
  readonly message: string;
}

const MODULE_PREFIXES = ["ansible.builtin.", "ansible.legacy."];

/**
 * The comment a playbook carries to say which automation runs in its place:
 * `# tachyon-automation: <name>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AUTOMATION_LINE } from "./plan.ts";
 *
 * assert.equal(`${AUTOMATION_LINE} showcase`, "# tachyon-automation: showcase");
 * ```
 */
export const AUTOMATION_LINE = "# tachyon-automation:";

/**
 * The automation a playbook's text names with {@linkcode AUTOMATION_LINE}
 * (the first such line, on a line of its own), if any.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { automationNamedBy } from "./plan.ts";
 *
 * assert.equal(automationNamedBy("# tachyon-automation: fleet\n- hosts: all\n"), "fleet");
 * assert.equal(automationNamedBy("- hosts: all\n"), undefined);
 * ```
 */
export function automationNamedBy(playbook: string): string | undefined {
  return /^[ \t]*#[ \t]*tachyon-automation:[ \t]*([A-Za-z0-9_.-]+)[ \t]*\r?$/m.exec(playbook)?.[1];
}

/**
 * Decides what runs the job.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planJob } from "./plan.ts";
 *
 * const base = {
 *   argsFile: false,
 *   automations: ["main", "showcase"],
 *   defaultAutomation: "main",
 *   modules: ["ping"],
 * };
 * const auto = { mode: "auto", source: "the build policy" } as const;
 * assert.equal(planJob({ ...base, mode: auto, kwargs: { playbook: "showcase.yml" } }).route, "automation");
 * assert.equal(planJob({ ...base, mode: auto, kwargs: { playbook: "site.yml" } }).route, "ansible");
 * assert.equal(
 *   planJob({ ...base, mode: { mode: "default-automation", source: "the build policy" },
 *     kwargs: { playbook: "site.yml" } }).automation,
 *   "main",
 * );
 * ```
 */
export function planJob(input: PlanInput): JobPlan {
  const { kwargs, mode } = input;
  const decide = (
    route: JobRoute,
    why: string,
    automation?: string,
    automationFile?: string,
  ): JobPlan => ({
    route,
    mode: mode.mode,
    ...(automation === undefined ? {} : { automation }),
    ...(automationFile === undefined ? {} : { automationFile }),
    message: `tachyon: ${subject(input)} ${verb(route, automation)}: ${why} ` +
      `(playbook mode ${mode.mode}, from ${mode.source}).`,
  });
  const ansibleAllowed = mode.mode === "auto" || mode.mode === "ansible";

  if (input.automationFile) {
    const file = input.automationFile;
    return decide("automation", "TACHYON_AUTOMATION names it", file, file);
  }
  const binary = nonEmptyString(kwargs.binary);
  if (input.argsFile || binary !== undefined) {
    const why = "tachyon runs playbooks and ad hoc modules itself, not other Ansible commands";
    return ansibleAllowed
      ? decide("ansible", why)
      : decide("refused", `${why}, and this playbook mode does not allow the EE's Ansible`);
  }
  const module = nonEmptyString(kwargs.module) ?? input.cmdlineModule;
  if (module !== undefined) {
    if (mode.mode === "ansible") return decide("ansible", "the playbook mode runs every job there");
    if (input.modules.includes(shortModuleName(module))) {
      return decide("module", `tachyon has the module ${module}`);
    }
    const why = `tachyon has no module named ${module}`;
    return ansibleAllowed ? decide("ansible", why) : decide("refused", why);
  }
  const playbook = nonEmptyString(kwargs.playbook);
  const stem = playbook === undefined ? undefined : playbookStem(playbook);
  if (mode.mode === "ansible") return decide("ansible", "the playbook mode runs every job there");
  const own = input.projectAutomation;
  if (own !== undefined) {
    return decide("automation", "the job's project has it beside the playbook", own.name, own.path);
  }
  const file = input.playbookFile;
  const named = file?.found ? file.names : undefined;
  if (named !== undefined && input.automations.includes(named)) {
    const line = `${AUTOMATION_LINE} ${named}`;
    return decide("automation", `the playbook names it ("${line}")`, named);
  }
  // In auto mode the EE is shared by every project: a playbook the project
  // has, and that does not name the automation, is that project's own.
  const ordinary = mode.mode === "auto" && file?.found === true;
  if (stem !== undefined && input.automations.includes(stem) && !ordinary) {
    return decide("automation", `the automation ${stem} is baked into this binary`, stem);
  }
  const why = unmatched(playbook, named, stem !== undefined && input.automations.includes(stem));
  switch (mode.mode) {
    case "auto":
      return decide("ansible", why);
    case "default-automation":
      return decide(
        "default-automation",
        `${why}; the image runs its default automation in place of any such playbook, which ` +
          "itself is not run",
        input.defaultAutomation,
      );
    default:
      return decide("refused", `${why}, and this playbook mode allows nothing but automations`);
  }
}

/**
 * The automation name a playbook path selects: its file name without
 * `.yml`, `.yaml`, `.json` or `.ts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { playbookStem } from "./plan.ts";
 *
 * assert.equal(playbookStem("playbooks/site.yml"), "site");
 * ```
 */
export function playbookStem(playbook: string): string {
  return playbook.replace(/^.*\//, "").replace(/\.(ya?ml|json|ts)$/, "");
}

/** Why no automation takes the playbook (`stemMatches`: one has its name). */
function unmatched(playbook: string | undefined, named: string | undefined, stemMatches: boolean) {
  if (playbook === undefined) return "the job names no playbook and no module";
  if (named !== undefined) {
    return `it names the automation ${named} ("${AUTOMATION_LINE} ${named}"), which this ` +
      "binary does not have";
  }
  const stem = playbookStem(playbook);
  if (stemMatches) {
    return `it is the project's own playbook: it has no "${AUTOMATION_LINE} ${stem}" line, so ` +
      `the automation ${stem} baked into this binary does not replace it`;
  }
  return `no automation is named ${stem}`;
}

/** `ansible.builtin.ping` → `ping`. */
function shortModuleName(module: string): string {
  const prefix = MODULE_PREFIXES.find((p) => module.startsWith(p));
  return prefix === undefined ? module : module.slice(prefix.length);
}

function subject(input: PlanInput): string {
  const { kwargs } = input;
  const binary = nonEmptyString(kwargs.binary);
  if (input.argsFile) return "the command in the job's args file";
  if (binary !== undefined) return `the ${binary} job`;
  const module = nonEmptyString(kwargs.module) ?? input.cmdlineModule;
  if (module !== undefined) return `the ad hoc ${module} job`;
  const playbook = nonEmptyString(kwargs.playbook);
  return playbook === undefined ? "this job" : playbook;
}

function verb(route: JobRoute, automation: string | undefined): string {
  switch (route) {
    case "automation":
      return `runs the automation ${automation} natively`;
    case "module":
      return "runs natively";
    case "ansible":
      return "runs under the EE's Ansible";
    case "default-automation":
      return `runs the default automation ${automation}`;
    case "refused":
      return "cannot run in this image";
  }
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
