/**
 * What `ansible-runner transmit` was asked to send: the values of the
 * reference's transmit options (`__main__.py` `DEFAULT_CLI_ARGS`), before
 * anything is checked or written.
 *
 * @module
 */

/**
 * The parsed `transmit` command line (argparse defaults and the `RUNNER_*`
 * environment defaults already applied).
 *
 * @example
 * ```ts
 * import type { TransmitRequest } from "./transmit_request.ts";
 *
 * const request: TransmitRequest = {
 *   privateDataDir: "/tmp/demo",
 *   cwd: "/tmp",
 *   playbook: "site.yml",
 *   quiet: false,
 *   json: false,
 *   rotateArtifacts: 0,
 *   omitEventData: false,
 *   onlyFailedEventData: false,
 *   suppressEnvFiles: false,
 *   roleSkipFacts: false,
 * };
 * ```
 */
export interface TransmitRequest {
  /** The private data dir as given (relative to `cwd` when not absolute). */
  readonly privateDataDir: string;
  /** The working directory relative paths are resolved against. */
  readonly cwd: string;
  /** `-i/--ident`; a random uuid4 (sent as 32 hex digits) when absent. */
  readonly ident?: string;
  /** `-b/--binary` (default `$RUNNER_BINARY`). */
  readonly binary?: string;
  /** `-p/--playbook` (default `$RUNNER_PLAYBOOK`). */
  readonly playbook?: string;
  /** `-m/--module` (default `$RUNNER_MODULE`). */
  readonly module?: string;
  /** `-r/--role` (default `$RUNNER_ROLE`). */
  readonly role?: string;
  /** `-a/--args`. */
  readonly moduleArgs?: string;
  /** `--hosts`. */
  readonly hosts?: string;
  /** `-v…`: how many (absent when not given). */
  readonly verbosity?: number;
  /** `-q/--quiet`. */
  readonly quiet: boolean;
  /** `-j/--json`. */
  readonly json: boolean;
  /** `--rotate-artifacts N` (0 = off). */
  readonly rotateArtifacts: number;
  /** `--omit-event-data`. */
  readonly omitEventData: boolean;
  /** `--only-failed-event-data`. */
  readonly onlyFailedEventData: boolean;
  /** `--omit-env-files` (`suppress_env_files`). */
  readonly suppressEnvFiles: boolean;
  /** `--inventory`. */
  readonly inventory?: string;
  /** `--forks` (a string: the reference gives it no type). */
  readonly forks?: string;
  /** `--project-dir`. */
  readonly projectDir?: string;
  /** `--artifact-dir`. */
  readonly artifactDir?: string;
  /** `--roles-path` (default `$ANSIBLE_ROLES_PATH`). */
  readonly rolesPath?: string;
  /** `--role-vars "k=v k2=v2"`. */
  readonly roleVars?: string;
  /** `--role-skip-facts`. */
  readonly roleSkipFacts: boolean;
  /** `--container-image`. */
  readonly containerImage?: string;
  /** `--container-volume-mount`, each one. */
  readonly containerVolumeMounts?: readonly string[];
  /** `--container-option`, each one. */
  readonly containerOptions?: readonly string[];
  /** `--cmdline`. */
  readonly cmdline?: string;
  /** `--limit`. */
  readonly limit?: string;
  /** `--ssh-key FILE` (tachyon's): the key file whose text is sent as the job's `ssh_key`. */
  readonly sshKeyFile?: string;
}
