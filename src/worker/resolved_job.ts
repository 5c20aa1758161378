/**
 * The shape of a resolved job: what `loadJobSpec` (`job_spec.ts`) returns,
 * frozen, and everything after it reads instead of
 * the environment or the private data dir.
 *
 * @module
 */
import type { CmdlineOptions } from "./cmdline.ts";

/**
 * The job's connection defaults for ssh hosts (the agent socket is added at run time).
 *
 * @example
 * ```ts
 * import type { JobSsh } from "./resolved_job.ts";
 *
 * const ssh: JobSsh = { user: "deploy", hostKeyChecking: false, tempDir: "/tmp" };
 * ```
 */
export interface JobSsh {
  /** `-u`: the remote user when a host sets no `ansible_user`. */
  readonly user?: string;
  /** `--private-key`. */
  readonly privateKeyFile?: string;
  /** `-c`: the connection type when a host sets none. */
  readonly connection?: string;
  /** `-T`: connect timeout in seconds. */
  readonly connectTimeout?: number;
  /** `--ssh-common-args`. */
  readonly commonArgs?: string;
  /** `--ssh-extra-args`. */
  readonly extraArgs?: string;
  /** `ANSIBLE_HOST_KEY_CHECKING` from the job's envvars, else the worker's, else False. */
  readonly hostKeyChecking: boolean;
  /** The job's private key text (secret: never printed), for its ssh-agent. */
  readonly key?: string;
  /** The SSH password (`-k` answered from `passwords`; secret). */
  readonly password?: string;
  /** Why `-k` gave no password. */
  readonly passwordProblem?: string;
  /** The become password (`-K` answered from `passwords`; secret). */
  readonly becomePassword?: string;
  /** Why `-K` gave no password. */
  readonly becomeProblem?: string;
  /** The temp dir for the agent's socket when the pdd path is too long (`TMPDIR`, else `/tmp`). */
  readonly tempDir: string;
}

/**
 * Bounds of the job's run and output.
 *
 * @example
 * ```ts
 * import type { JobLimits } from "./resolved_job.ts";
 *
 * const limits: JobLimits = { maxEventRes: 700000, jobTimeout: 3600 };
 * ```
 */
export interface JobLimits {
  /** `MAX_EVENT_RES`: larger `res` values are dropped from event data (default 700000). */
  readonly maxEventRes: number;
  /** Seconds before the job is stopped with status `timeout` (undefined: never). */
  readonly jobTimeout?: number;
  /** Seconds without output before the job is stopped with status `timeout`. */
  readonly idleTimeout?: number;
}

/**
 * The job's artifact and event output settings.
 *
 * @example
 * ```ts
 * import type { JobOutput } from "./resolved_job.ts";
 *
 * const output: JobOutput = { suppressOutputFile: false, omitEventData: false,
 *   onlyFailedEventData: false, rotateArtifacts: 0 };
 * ```
 */
export interface JobOutput {
  /** Do not write the artifact `stdout`/`stderr` files. */
  readonly suppressOutputFile: boolean;
  /** `omit_event_data`. */
  readonly omitEventData: boolean;
  /** `only_failed_event_data`. */
  readonly onlyFailedEventData: boolean;
  /** `rotate_artifacts` (0: off). */
  readonly rotateArtifacts: number;
  /** The jsonfile fact cache dir (absolute, inside the artifact dir), unless another type is used. */
  readonly factCacheDir?: string;
}

/**
 * Everything the worker needs to run one job; frozen by `loadJobSpec`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ResolvedJob } from "./resolved_job.ts";
 * import { loadJobSpec } from "./job_spec.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * const job: ResolvedJob = await loadJobSpec(pdd, { playbook: "site.yml" }, () => undefined);
 * assert.deepEqual(job.command, ["tachyon", "automation", "site.yml"]);
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export interface ResolvedJob {
  /** Absolute private data dir. */
  readonly privateDataDir: string;
  /** `str(ident)`, or a fresh dashed uuid4. */
  readonly ident: string;
  /** `<pdd>/artifacts/<ident>`. */
  readonly artifactDir: string;
  /** An ad hoc job (a module), not an automation. */
  readonly adhoc: boolean;
  /** The playbook name AWX sent (selects the automation), if any. */
  readonly playbook?: string;
  /** Ad hoc module name. */
  readonly module?: string;
  /** Ad hoc module arguments (free form). */
  readonly moduleArgs?: string;
  /** Ad hoc host pattern (default `all`). */
  readonly hostPattern: string;
  /** Absolute inventory sources. */
  readonly inventory: readonly string[];
  /** Extra vars, merged in ansible-playbook's order (the mapping is frozen, not its values). */
  readonly extraVars: Readonly<Record<string, unknown>>;
  /** The job's environment variables: kwarg `envvars`, then `env/envvars`, `AD_HOC_COMMAND_ID`. */
  readonly envvars: Readonly<Record<string, string>>;
  /** Prompt regex → answer (secret: never printed). */
  readonly passwords: Readonly<Record<string, string>>;
  /** Working directory: the pdd for ad hoc jobs, else `project/` when it is a directory. */
  readonly cwd: string;
  /** The environment reported: the worker's own (as far as permitted), then `envvars`. */
  readonly env: Readonly<Record<string, string>>;
  /** The argv reported (see `job_command.ts`). */
  readonly command: readonly string[];
  /** `job_id`, `ad_hoc_command_id`, `project_update_id` of every event, from `envvars`. */
  readonly references: Readonly<Record<string, number>>;
  /** The parsed command line. */
  readonly cmdline: Readonly<CmdlineOptions>;
  /** Limit pattern (`limit` kwarg, then `-l`). */
  readonly limit?: string;
  /** Forks (`forks` kwarg, then `--forks`). */
  readonly forks?: number;
  /** Verbosity (`verbosity` kwarg, then `-v…`). */
  readonly verbosity: number;
  /** Check mode. */
  readonly check: boolean;
  /** Diff mode. */
  readonly diff: boolean;
  /** Run and output bounds. */
  readonly limits: JobLimits;
  /** Artifact and event output settings. */
  readonly output: JobOutput;
  /** ssh defaults. */
  readonly ssh: JobSsh;
  /** Warnings to emit before the job starts, in order. */
  readonly warnings: readonly string[];
}

/**
 * Reads one variable of the worker's environment (undefined when unset or not permitted).
 *
 * @example
 * ```ts
 * import type { EnvReader } from "./resolved_job.ts";
 *
 * const fixed: EnvReader = (name) => ({ HOME: "/runner" } as Record<string, string>)[name];
 * ```
 */
export type EnvReader = (name: string) => string | undefined;
