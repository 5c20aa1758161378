/**
 * The environment Ansible gets, as ansible-runner prepares it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { ansibleEnv, type AnsibleEnvInputs } from "../../../src/ansible/core/child_env.ts";

const BASE: AnsibleEnvInputs = {
  jobEnv: { HOME: "/runner", JOB_ID: "7" },
  adhoc: false,
  callbackDir: "/runner/.tachyon-ansible-x/callback",
  callbackName: "tachyon_display",
  artifactDir: "/runner/artifacts/7",
  factCacheDir: "/runner/artifacts/7/fact_cache",
  workerHostKeyChecking: false,
};

Deno.test("a playbook's environment: ansible-runner's additions, in its order", () => {
  const env = ansibleEnv(BASE);
  const expected = {
    HOME: "/runner",
    JOB_ID: "7",
    ANSIBLE_CALLBACK_PLUGINS: "/runner/.tachyon-ansible-x/callback",
    ANSIBLE_STDOUT_CALLBACK: "tachyon_display",
    ANSIBLE_RETRY_FILES_ENABLED: "False",
    ANSIBLE_HOST_KEY_CHECKING: "False",
    AWX_ISOLATED_DATA_DIR: "/runner/artifacts/7",
    ANSIBLE_CACHE_PLUGIN: "jsonfile",
    ANSIBLE_CACHE_PLUGIN_CONNECTION: "/runner/artifacts/7/fact_cache",
    RUNNER_OMIT_EVENTS: "False",
    RUNNER_ONLY_FAILED_EVENTS: "False",
  };
  assert.deepEqual(env, expected);
  assert.deepEqual(Object.keys(env), Object.keys(expected));
});

Deno.test("ad hoc, the job's own callback, host key checking, roles, event switches, the agent", () => {
  const env = ansibleEnv({
    ...BASE,
    jobEnv: {
      ANSIBLE_STDOUT_CALLBACK: "yaml",
      ANSIBLE_CALLBACK_PLUGINS: "/mine",
      ANSIBLE_HOST_KEY_CHECKING: "True",
    },
    adhoc: true,
    factCacheDir: undefined,
    rolesPath: ["/a", "/b"],
    omitEventData: true,
    onlyFailedEventData: false,
    sshAuthSock: "/runner/.tachyon-agent-1/agent.sock",
  });
  assert.equal(env.ORIGINAL_STDOUT_CALLBACK, "yaml");
  assert.equal(env.ANSIBLE_STDOUT_CALLBACK, "tachyon_display");
  assert.equal(env.ANSIBLE_CALLBACK_PLUGINS, "/mine:/runner/.tachyon-ansible-x/callback");
  assert.equal(env.ANSIBLE_LOAD_CALLBACK_PLUGINS, "1");
  assert.equal(env.AD_HOC_COMMAND_ID, "1");
  assert.equal(env.ANSIBLE_HOST_KEY_CHECKING, "True");
  assert.equal(env.ANSIBLE_CACHE_PLUGIN, undefined);
  assert.equal(env.ANSIBLE_ROLES_PATH, "/a:/b");
  assert.equal(env.RUNNER_OMIT_EVENTS, "True");
  assert.equal(env.SSH_AUTH_SOCK, "/runner/.tachyon-agent-1/agent.sock");
  assert.equal(
    ansibleEnv({ ...BASE, workerHostKeyChecking: true }).ANSIBLE_HOST_KEY_CHECKING,
    undefined,
  );
});
