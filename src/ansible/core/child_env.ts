/**
 * The environment Ansible runs with, as ansible-runner prepares it: the
 * job's environment (the worker's, then `envvars`), then its stdout callback
 * (here tachyon's plugin, extending the callback the job asked for),
 * `ANSIBLE_RETRY_FILES_ENABLED=False`, `ANSIBLE_HOST_KEY_CHECKING=False`
 * unless set, `AWX_ISOLATED_DATA_DIR`, the jsonfile fact cache in the
 * artifact dir, `ANSIBLE_ROLES_PATH` from `roles_path`, and the event data
 * switches `RUNNER_OMIT_EVENTS`/`RUNNER_ONLY_FAILED_EVENTS`. The job's
 * ssh-agent socket comes last. Nothing secret is in it.
 *
 * @module
 */
import { pyStr } from "../../python/str.ts";

/**
 * What the environment depends on.
 *
 * @example
 * ```ts
 * import type { AnsibleEnvInputs } from "./child_env.ts";
 *
 * const inputs: AnsibleEnvInputs = {
 *   jobEnv: { HOME: "/runner" },
 *   adhoc: false,
 *   callbackDir: "/runner/.tachyon-ansible-1/callback",
 *   callbackName: "tachyon_display",
 *   artifactDir: "/runner/artifacts/42",
 *   workerHostKeyChecking: false,
 * };
 * ```
 */
export interface AnsibleEnvInputs {
  /** The job's reported environment: the worker's (as far as it may read it), then `envvars`. */
  readonly jobEnv: Readonly<Record<string, string>>;
  /** An ad hoc command (a `module` and no `binary`). */
  readonly adhoc: boolean;
  /** The directory holding tachyon's callback plugin. */
  readonly callbackDir: string;
  /** The plugin's name (`ANSIBLE_STDOUT_CALLBACK`). */
  readonly callbackName: string;
  /** The job's artifact dir (`AWX_ISOLATED_DATA_DIR`). */
  readonly artifactDir: string;
  /** The jsonfile fact cache dir, unless another cache type was asked for. */
  readonly factCacheDir?: string;
  /** Whether the worker's own environment sets `ANSIBLE_HOST_KEY_CHECKING`. */
  readonly workerHostKeyChecking: boolean;
  /** The `roles_path` kwarg. */
  readonly rolesPath?: unknown;
  /** The `omit_event_data` kwarg. */
  readonly omitEventData?: unknown;
  /** The `only_failed_event_data` kwarg. */
  readonly onlyFailedEventData?: unknown;
  /** The job's ssh-agent socket, when it has an `ssh_key`. */
  readonly sshAuthSock?: string;
}

/**
 * The environment for Ansible (also what `starting` and the `command`
 * artifact report).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ansibleEnv } from "./child_env.ts";
 *
 * const env = ansibleEnv({
 *   jobEnv: { HOME: "/runner", ANSIBLE_STDOUT_CALLBACK: "yaml" },
 *   adhoc: false,
 *   callbackDir: "/cb",
 *   callbackName: "tachyon_display",
 *   artifactDir: "/runner/artifacts/42",
 *   factCacheDir: "/runner/artifacts/42/fact_cache",
 *   workerHostKeyChecking: false,
 * });
 * assert.equal(env.ANSIBLE_STDOUT_CALLBACK, "tachyon_display");
 * assert.equal(env.ORIGINAL_STDOUT_CALLBACK, "yaml");
 * assert.equal(env.ANSIBLE_CACHE_PLUGIN_CONNECTION, "/runner/artifacts/42/fact_cache");
 * ```
 */
export function ansibleEnv(inputs: AnsibleEnvInputs): Record<string, string> {
  const env: Record<string, string> = { ...inputs.jobEnv };
  env.ANSIBLE_CALLBACK_PLUGINS = [env.ANSIBLE_CALLBACK_PLUGINS, inputs.callbackDir]
    .filter((part) => part).join(":");
  if (env.ANSIBLE_STDOUT_CALLBACK) env.ORIGINAL_STDOUT_CALLBACK = env.ANSIBLE_STDOUT_CALLBACK;
  if (inputs.adhoc) {
    env.ANSIBLE_LOAD_CALLBACK_PLUGINS = "1";
    env.AD_HOC_COMMAND_ID ??= "1";
  }
  env.ANSIBLE_STDOUT_CALLBACK = inputs.callbackName;
  env.ANSIBLE_RETRY_FILES_ENABLED = "False";
  if (env.ANSIBLE_HOST_KEY_CHECKING === undefined && !inputs.workerHostKeyChecking) {
    env.ANSIBLE_HOST_KEY_CHECKING = "False";
  }
  env.AWX_ISOLATED_DATA_DIR = inputs.artifactDir;
  if (inputs.factCacheDir !== undefined) {
    env.ANSIBLE_CACHE_PLUGIN = "jsonfile";
    env.ANSIBLE_CACHE_PLUGIN_CONNECTION = inputs.factCacheDir;
  }
  const roles = inputs.rolesPath;
  if (roles) {
    env.ANSIBLE_ROLES_PATH = Array.isArray(roles) ? roles.map(pyStr).join(":") : pyStr(roles);
  }
  env.RUNNER_OMIT_EVENTS = pyStr(inputs.omitEventData ?? false);
  env.RUNNER_ONLY_FAILED_EVENTS = pyStr(inputs.onlyFailedEventData ?? false);
  if (inputs.sshAuthSock !== undefined) env.SSH_AUTH_SOCK = inputs.sshAuthSock;
  return env;
}
