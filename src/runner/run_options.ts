/**
 * What `run()` and `runAsync()` take: ansible-runner's `run(**kwargs)` in
 * TypeScript's spelling (`private_data_dir` → `privateDataDir`,
 * `module_args` → `moduleArgs`, …), with its handlers. The `run` command's
 * flags map onto the same options, so the CLI is a thin layer over the
 * library.
 *
 * @module
 */
import type { RunnerEvent } from "../events/runner_event_stream.ts";
import type { Automation } from "../engine/automation.ts";
import type { RunnerSink } from "./sinks.ts";

export type { RunnerEvent };

/**
 * A status message: `{status, runner_ident}`, plus `command`, `env`, `cwd`
 * for `starting`, and `job_explanation` for `error`.
 *
 * @example
 * ```ts
 * import type { RunnerStatusData } from "./run_options.ts";
 *
 * const running: RunnerStatusData = { status: "running", runner_ident: "42" };
 * ```
 */
export type RunnerStatusData = Record<string, unknown> & { readonly status: string };

/**
 * Every option of a run. Only `privateDataDir` is required; what the private
 * data dir holds (`env/envvars`, `env/extravars`, `env/passwords`,
 * `env/cmdline`, `env/ssh_key`, `env/settings`, `inventory/`, `project/`)
 * is read as ansible-runner reads it, and these options are merged over it
 * as its kwargs are. Nothing is written to `env/`.
 *
 * @example
 * ```ts
 * import type { RunOptions } from "./run_options.ts";
 *
 * const options: RunOptions = {
 *   privateDataDir: "/tmp/demo",
 *   module: "ping",
 *   hostPattern: "localhost",
 *   quiet: true,
 *   eventHandler: (event) => event.event !== "verbose", // no job_events file for verbose lines
 * };
 * ```
 */
export interface RunOptions {
  /** The private data dir (created 0700 when missing; relative to the working directory). */
  readonly privateDataDir: string;
  /**
   * An automation to run (made with `defineAutomation`), against the job's
   * inventory and extra vars: the library's way to run TypeScript. The
   * automations baked into the tachyon binary are the `run` command's.
   */
  readonly automation?: Automation;
  /**
   * The playbook: with `automation`, the name its events show; else it
   * runs under the EE's Ansible (the `run` command's playbooks also name
   * the binary's baked-in automations: `main.yml` → `main`).
   */
  readonly playbook?: string;
  /** An ad hoc module (`ping`, `command`, …). */
  readonly module?: string;
  /** The module's arguments, free form (`-a`). */
  readonly moduleArgs?: string;
  /** The hosts of an ad hoc job (`--hosts`; default `all`). */
  readonly hostPattern?: string;
  /** An Ansible role: refused (roles are Ansible content; write a playbook that applies it). */
  readonly role?: string;
  /** Inventory paths (absolute, relative to the working directory, or under `<pdd>/inventory/`). */
  readonly inventory?: string | readonly string[];
  /** Extra vars, over `env/extravars`. */
  readonly extravars?: Readonly<Record<string, unknown>>;
  /** Environment variables of the job, under `env/envvars`. */
  readonly envvars?: Readonly<Record<string, string>>;
  /** Prompt regex → answer (`-k`, `-K`, key passphrases), under `env/passwords`. Secret. */
  readonly passwords?: Readonly<Record<string, string>>;
  /** Runner settings (`job_timeout`, `idle_timeout`, …), under `env/settings`. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** The private key text for ssh hosts (in place of `env/ssh_key`). Secret: never written. */
  readonly sshKey?: string;
  /** Ansible command line options (`--become -u deploy`), in place of `env/cmdline`. */
  readonly cmdline?: string;
  /** `--limit`. */
  readonly limit?: string;
  /** `--forks`. */
  readonly forks?: number;
  /** `-v` count. */
  readonly verbosity?: number;
  /** The artifacts' subdirectory (default: a random uuid4). */
  readonly ident?: string;
  /** The artifacts root (default `<pdd>/artifacts`); the job's go to `<root>/<ident>`. */
  readonly artifactDir?: string;
  /** The project dir (default `<pdd>/project`). */
  readonly projectDir?: string;
  /** Keep only the newest N artifact dirs (0: all). */
  readonly rotateArtifacts?: number;
  /** Seconds before the job is stopped with `timeout` (over `job_timeout`). */
  readonly timeout?: number;
  /** Print nothing on stdout (the events, artifacts and handlers are unchanged). */
  readonly quiet?: boolean;
  /** Print (and write to the `stdout` artifact) each event as one JSON line. */
  readonly json?: boolean;
  /** `event_data` is `{}` in every event. */
  readonly omitEventData?: boolean;
  /** `event_data` only for failed results. */
  readonly onlyFailedEventData?: boolean;
  /** ansible-runner's `suppress_env_files`: accepted (tachyon never writes `env/` files). */
  readonly suppressEnvFiles?: boolean;
  /** `-b/--binary`: an Ansible binary (the job then runs under the EE's Ansible). */
  readonly binary?: string;

  /**
   * Called with every event, before its `job_events/<counter>-<uuid>.json`
   * is written; returning `false` skips that file (the event is then not in
   * the runner's `events`).
   */
  readonly eventHandler?: (event: RunnerEvent) => boolean | void;
  /** Called with every status message, and the runner. */
  readonly statusHandler?: (status: RunnerStatusData, runner: RunnerView) => void;
  /** Called once with the artifact dir, after the `status` and `rc` files are written. */
  readonly artifactsHandler?: (artifactDir: string) => void;
  /** Called last, with the runner, once the job ended. */
  readonly finishedCallback?: (runner: RunnerView) => void;
  /** Polled every 100 ms while the job runs: `true` cancels it. */
  readonly cancelCallback?: () => boolean;
  /** Aborting it cancels the job. */
  readonly signal?: AbortSignal;
  /**
   * Status and event sinks (event plugins: `src/events/plugins/`), called for
   * every status (before `statusHandler`) and every event (after
   * `eventHandler`), on every route.
   */
  readonly sinks?: readonly RunnerSink[];
  /** Where console text goes (default: stdout, colours only on a terminal). */
  readonly print?: (text: string) => void;
}

/**
 * A job's final statistics: the `playbook_on_stats` counts, host → number.
 *
 * @example
 * ```ts
 * import type { RunnerStats } from "./run_options.ts";
 *
 * const stats: RunnerStats = {
 *   skipped: {}, ok: { localhost: 1 }, dark: {}, failures: {}, ignored: {}, rescued: {},
 *   processed: { localhost: 1 }, changed: {},
 * };
 * ```
 */
export interface RunnerStats {
  /** Skipped results per host. */
  readonly skipped: Readonly<Record<string, number>>;
  /** ok results per host. */
  readonly ok: Readonly<Record<string, number>>;
  /** Unreachable hosts. */
  readonly dark: Readonly<Record<string, number>>;
  /** Failed results per host. */
  readonly failures: Readonly<Record<string, number>>;
  /** Ignored failures per host. */
  readonly ignored: Readonly<Record<string, number>>;
  /** Rescued failures per host. */
  readonly rescued: Readonly<Record<string, number>>;
  /** Hosts that took part. */
  readonly processed: Readonly<Record<string, number>>;
  /** Changed results per host. */
  readonly changed: Readonly<Record<string, number>>;
}

/**
 * What handlers get: the run's `Runner` (declared here, where the handlers
 * are, so that the options and the class need not import each other).
 *
 * @example
 * ```ts
 * import type { RunnerView } from "./run_options.ts";
 *
 * const report = (runner: RunnerView) => `${runner.ident}: ${runner.status} (${runner.rc})`;
 * ```
 */
export interface RunnerView {
  /** The job's ident (`runner_ident`). */
  readonly ident: string;
  /** The absolute private data dir. */
  readonly privateDataDir: string;
  /** Where the job's artifacts go: `<artifact root>/<ident>`. */
  readonly artifactDir: string;
  /**
   * `unstarted`, `starting`, `running`, then `successful`, `failed`,
   * `timeout`, `canceled`, or `error` (nothing could run it: see `explanation`).
   */
  readonly status: string;
  /** The rc once the job ended: 0, 2 (failed hosts), 4 (unreachable), 254 (canceled, timeout), 1 … */
  readonly rc: number | undefined;
  /** Why an `error` status: the job's explanation. */
  readonly explanation: string | undefined;
  /** Whether the job was canceled. */
  readonly canceled: boolean;
  /** Whether the job timed out. */
  readonly timedOut: boolean;
  /** Whether nothing could run the job (an `error` status). */
  readonly errored: boolean;
  /**
   * The job's events, in counter order, read from its job_events files:
   * while the job runs, the iteration waits for the next one; it ends with
   * the job. Each iteration starts from the first event.
   */
  readonly events: AsyncIterable<RunnerEvent>;
  /** The final `playbook_on_stats` counts, once that event passed (else undefined). */
  readonly stats: RunnerStats | undefined;
  /** The events written so far whose `event_data.host` is `host`. */
  hostEvents(host: string): RunnerEvent[];
  /** The `stdout` artifact as it is now (throws `RunnerOutputError` when there is none). */
  readonly stdout: string;
  /** Stops the job: every process it started is killed, status `canceled`, rc 254. */
  cancel(): void;
}
