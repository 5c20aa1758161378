/**
 * The `{"kwargs": …}` object `ansible-runner transmit` writes: every option
 * of its `run_options` in that order, most of them `null`, minus what the
 * transmitter pops (`private_data_dir`, `streamer`, `ignore_logging`) and
 * what `dump_artifacts` moved into `env/` (`cmdline`). The values are those
 * of the installed reference (2.3.1): the `process_isolation*` options are
 * `null` (the transmit parser does not have them) and `container_image`
 * defaults to the old CLI default image (2.4 sends `null`; either way the
 * worker ignores it without `process_isolation`).
 *
 * @module
 */
import type { TransmitRequest } from "./transmit_request.ts";

/** The reference CLI's default `--container-image` (2.3.1). */
export const DEFAULT_CONTAINER_IMAGE = "quay.io/ansible/ansible-runner:devel";

/**
 * What the transmit side resolved before the kwargs are written.
 *
 * @example
 * ```ts
 * import type { ResolvedTransmit } from "./transmit_kwargs.ts";
 *
 * const resolved: ResolvedTransmit = { ident: "42", playbook: "site.yml", cmdlineInEnv: false };
 * ```
 */
export interface ResolvedTransmit {
  /** `-i`, or the random uuid4's 32 hex digits. */
  readonly ident: string;
  /** The playbook as sent (relative to `project/` when it was an absolute path in it). */
  readonly playbook?: string;
  /** The inventory as sent (relative to the pdd when it was an absolute path in it). */
  readonly inventory?: string;
  /** Whether `--cmdline` went into `env/cmdline` (then it is not a kwarg). */
  readonly cmdlineInEnv: boolean;
  /** The text of `--ssh-key`'s file, sent as `ssh_key` (tachyon's extension). */
  readonly sshKey?: string;
}

/**
 * The kwargs object, keys in the reference's order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { transmitKwargs } from "./transmit_kwargs.ts";
 *
 * const kwargs = transmitKwargs({
 *   privateDataDir: "/tmp/demo", cwd: "/tmp", playbook: "site.yml", quiet: false, json: false,
 *   rotateArtifacts: 0, omitEventData: false, onlyFailedEventData: false,
 *   suppressEnvFiles: false, roleSkipFacts: false,
 * }, { ident: "42", playbook: "site.yml", cmdlineInEnv: false });
 * assert.deepEqual(Object.keys(kwargs).slice(0, 3), ["ident", "binary", "playbook"]);
 * assert.equal(kwargs.module, null);
 * ```
 */
export function transmitKwargs(
  request: TransmitRequest,
  resolved: ResolvedTransmit,
): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {
    ident: resolved.ident,
    binary: request.binary ?? null,
    playbook: resolved.playbook ?? null,
    module: request.module ?? null,
    module_args: request.moduleArgs ?? null,
    host_pattern: request.hosts ?? null,
    verbosity: request.verbosity ?? null,
    quiet: request.quiet,
    rotate_artifacts: request.rotateArtifacts,
    json_mode: request.json,
    omit_event_data: request.omitEventData,
    only_failed_event_data: request.onlyFailedEventData,
    inventory: resolved.inventory ?? null,
    forks: request.forks ?? null,
    project_dir: request.projectDir ?? null,
    artifact_dir: request.artifactDir ?? null,
    roles_path: request.rolesPath ? [request.rolesPath] : null,
    process_isolation: null,
    process_isolation_executable: null,
    process_isolation_path: null,
    process_isolation_hide_paths: null,
    process_isolation_show_paths: null,
    process_isolation_ro_paths: null,
    container_image: request.containerImage ?? DEFAULT_CONTAINER_IMAGE,
    container_volume_mounts: request.containerVolumeMounts ?? null,
    container_options: request.containerOptions ?? null,
    directory_isolation_base_path: null,
    cmdline: request.cmdline ?? null,
    limit: request.limit ?? null,
    suppress_env_files: request.suppressEnvFiles,
  };
  if (resolved.cmdlineInEnv) delete kwargs.cmdline;
  if (resolved.sshKey !== undefined) kwargs.ssh_key = resolved.sshKey;
  return kwargs;
}
