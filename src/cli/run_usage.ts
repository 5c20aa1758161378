/**
 * The usage and help of `run`, worded like the reference's (`ansible-runner
 * run -h`, 2.3.1), plus tachyon's `--ssh-key`: a usage error prints the
 * usage, then `ansible-runner run: error: message`, as argparse does.
 *
 * @module
 */
import { TRANSMIT_HELP } from "./usage.ts";

/**
 * Usage of `run`, printed before its usage errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RUN_USAGE } from "./run_usage.ts";
 *
 * assert.match(RUN_USAGE, /^usage: ansible-runner run /);
 * ```
 */
export const RUN_USAGE = `usage: ansible-runner run [-h] [--process-isolation]
                          [--process-isolation-executable PROCESS_ISOLATION_EXECUTABLE]
                          [--process-isolation-path PROCESS_ISOLATION_PATH]
                          [--process-isolation-hide-paths [PROCESS_ISOLATION_HIDE_PATHS ...]]
                          [--process-isolation-show-paths [PROCESS_ISOLATION_SHOW_PATHS ...]]
                          [--process-isolation-ro-paths [PROCESS_ISOLATION_RO_PATHS ...]]
                          [--directory-isolation-base-path DIRECTORY_ISOLATION_BASE_PATH]
                          [--version] [--debug] [--logfile LOGFILE]
                          [-b BINARY] [-i IDENT]
                          [--rotate-artifacts ROTATE_ARTIFACTS]
                          [--artifact-dir ARTIFACT_DIR]
                          [--project-dir PROJECT_DIR] [--inventory INVENTORY]
                          [-j] [--omit-event-data] [--only-failed-event-data]
                          [--omit-env-files] [-q] [-v]
                          [-p PLAYBOOK | -m MODULE | -r ROLE] [--limit LIMIT]
                          [--cmdline CMDLINE] [--hosts HOSTS] [--forks FORKS]
                          [--roles-path ROLES_PATH] [--role-vars ROLE_VARS]
                          [--role-skip-facts] [-a MODULE_ARGS]
                          [--container-image CONTAINER_IMAGE]
                          [--container-volume-mount CONTAINER_VOLUME_MOUNTS]
                          [--container-option CONTAINER_OPTIONS]
                          [--ssh-key SSH_KEY]
                          private_data_dir
`;

/**
 * Help of `run` (`-h`): the reference's, plus tachyon's `--ssh-key`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RUN_HELP, RUN_USAGE } from "./run_usage.ts";
 *
 * assert.ok(RUN_HELP.startsWith(RUN_USAGE));
 * ```
 */
export const RUN_HELP = `${RUN_USAGE}
positional arguments:
  private_data_dir      base directory containing the ansible-runner metadata
                        (project, inventory, env, etc)

options:
  -h, --help            show this help message and exit
  --process-isolation   Isolate execution. Two methods are supported: (1)
                        using a container engine (e.g. podman or docker) to
                        execute **Ansible**. (2) using a sandbox (e.g. bwrap)
                        which will by default restrict access to /tmp
                        (default=False)
  --process-isolation-executable PROCESS_ISOLATION_EXECUTABLE
                        Process isolation executable or container engine used
                        to isolate execution. (default=podman)
  --process-isolation-path PROCESS_ISOLATION_PATH
                        path that an isolated playbook run will use for
                        staging. (default=/tmp)
  --process-isolation-hide-paths [PROCESS_ISOLATION_HIDE_PATHS ...]
                        list of paths on the system that should be hidden from
                        the playbook run (default=None)
  --process-isolation-show-paths [PROCESS_ISOLATION_SHOW_PATHS ...]
                        list of paths on the system that should be exposed to
                        the playbook run (default=None)
  --process-isolation-ro-paths [PROCESS_ISOLATION_RO_PATHS ...]
                        list of paths on the system that should be exposed to
                        the playbook run as read-only (default=None)
  --directory-isolation-base-path DIRECTORY_ISOLATION_BASE_PATH
                        copies the project directory to a location in this
                        directory to prevent multiple simultaneous executions
                        from conflicting (default=None)
  --version             show program's version number and exit
  --debug               enable ansible-runner debug output logging
                        (default=False)
  --logfile LOGFILE     log output messages to a file (default=None)
` +
  // From `-p` on, the options are the ones `transmit` documents (the same reference parser).
  TRANSMIT_HELP.slice(
    TRANSMIT_HELP.indexOf("  -p PLAYBOOK, --playbook PLAYBOOK"),
    TRANSMIT_HELP.indexOf("  --ssh-key SSH_KEY"),
  ) +
  `  --ssh-key SSH_KEY     a private key file whose text is the job's ssh_key
                        (default=None)
`;
