/**
 * Every job kwarg the reference ansible-runner accepts (RunnerConfig,
 * BaseConfig, and the keys its interface pops), so that anything else can be
 * reported as unknown instead of crashing the job.
 *
 * @module
 */

/**
 * The set of kwarg names ansible-runner (2.3.1 through 2.4) accepts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { KNOWN_KWARGS } from "./known_kwargs.ts";
 *
 * assert.equal(KNOWN_KWARGS.has("suppress_env_files"), true);
 * ```
 */
export const KNOWN_KWARGS: ReadonlySet<string> = new Set([
  // RunnerConfig
  "playbook",
  "inventory",
  "roles_path",
  "limit",
  "module",
  "module_args",
  "verbosity",
  "host_pattern",
  "binary",
  "extravars",
  "suppress_output_file",
  "suppress_ansible_output",
  "process_isolation_path",
  "process_isolation_hide_paths",
  "process_isolation_show_paths",
  "process_isolation_ro_paths",
  "tags",
  "skip_tags",
  "directory_isolation_base_path",
  "forks",
  "cmdline",
  "omit_event_data",
  "only_failed_event_data",
  // BaseConfig
  "host_cwd",
  "envvars",
  "passwords",
  "settings",
  "project_dir",
  "artifact_dir",
  "fact_cache_type",
  "fact_cache",
  "process_isolation",
  "process_isolation_executable",
  "container_image",
  "container_volume_mounts",
  "container_options",
  "container_workdir",
  "container_auth_data",
  "ident",
  "rotate_artifacts",
  "timeout",
  "ssh_key",
  "quiet",
  "json_mode",
  "check_job_event_data",
  "suppress_env_files",
  "keepalive_seconds",
  // popped by the interface and by role handling
  "debug",
  "logfile",
  "ignore_logging",
  "event_handler",
  "status_handler",
  "artifacts_handler",
  "cancel_callback",
  "finished_callback",
  "streamer",
  "_input",
  "_output",
  "role",
  "role_vars",
  "hosts",
  "role_skip_facts",
  // popped by the transmitter; tolerated if a peer sends them anyway
  "private_data_dir",
  "only_transmit_kwargs",
]);
