/**
 * The kwargs `transmit` sends, key by key and in order, for what the
 * reference's CLI would send (the interop test compares the real one).
 */
import assert from "node:assert/strict";
import { transmitKwargs } from "../../src/transmit/transmit_kwargs.ts";
import type { TransmitRequest } from "../../src/transmit/transmit_request.ts";
import { pythonJsonDumps } from "../../src/python/json_dumps.ts";

const BASE: TransmitRequest = {
  privateDataDir: "/tmp/pdd",
  cwd: "/tmp",
  quiet: false,
  json: false,
  rotateArtifacts: 0,
  omitEventData: false,
  onlyFailedEventData: false,
  suppressEnvFiles: false,
  roleSkipFacts: false,
};

Deno.test("transmitKwargs: a playbook alone gives the reference's line", () => {
  const kwargs = transmitKwargs({ ...BASE, playbook: "site.yml" }, {
    ident: "42",
    playbook: "site.yml",
    cmdlineInEnv: false,
  });
  assert.equal(
    pythonJsonDumps({ kwargs }),
    '{"kwargs": {"ident": "42", "binary": null, "playbook": "site.yml", "module": null, ' +
      '"module_args": null, "host_pattern": null, "verbosity": null, "quiet": false, ' +
      '"rotate_artifacts": 0, "json_mode": false, "omit_event_data": false, ' +
      '"only_failed_event_data": false, "inventory": null, "forks": null, "project_dir": null, ' +
      '"artifact_dir": null, "roles_path": null, "process_isolation": null, ' +
      '"process_isolation_executable": null, "process_isolation_path": null, ' +
      '"process_isolation_hide_paths": null, "process_isolation_show_paths": null, ' +
      '"process_isolation_ro_paths": null, "container_image": ' +
      '"quay.io/ansible/ansible-runner:devel", "container_volume_mounts": null, ' +
      '"container_options": null, "directory_isolation_base_path": null, "cmdline": null, ' +
      '"limit": null, "suppress_env_files": false}}',
  );
});

Deno.test("transmitKwargs: a cmdline written to env/ is not a kwarg; an ssh key comes last", () => {
  const request = { ...BASE, module: "ping", hosts: "all", cmdline: "-e x=1" };
  const inEnv = transmitKwargs(request, { ident: "1", cmdlineInEnv: true });
  assert.equal("cmdline" in inEnv, false);
  const kept = transmitKwargs(request, { ident: "1", cmdlineInEnv: false, sshKey: "KEY" });
  assert.equal(kept.cmdline, "-e x=1");
  assert.equal(Object.keys(kept).at(-1), "ssh_key");
  assert.equal(kept.host_pattern, "all");
});

Deno.test("transmitKwargs: lists and the roles path are sent as the reference sends them", () => {
  const kwargs = transmitKwargs({
    ...BASE,
    playbook: "p.yml",
    rolesPath: "/r",
    containerVolumeMounts: ["a:b"],
    containerOptions: ["--net=host"],
    containerImage: "img",
    verbosity: 3,
    forks: "5",
  }, { ident: "1", playbook: "p.yml", cmdlineInEnv: false });
  assert.deepEqual(kwargs.roles_path, ["/r"]);
  assert.deepEqual(kwargs.container_volume_mounts, ["a:b"]);
  assert.deepEqual(kwargs.container_options, ["--net=host"]);
  assert.equal(kwargs.container_image, "img");
  assert.equal(kwargs.verbosity, 3);
  assert.equal(kwargs.forks, "5");
});
