/**
 * Every usage and help text of the CLI, worded like ansible-runner's so that
 * tooling grepping for them keeps working. A usage error prints the usage of
 * the parser that raised it, then `prog: error: message`, as argparse does.
 *
 * @module
 */

/**
 * The program name shown in messages.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROGRAM } from "./usage.ts";
 *
 * assert.equal(PROGRAM, "ansible-runner");
 * ```
 */
export const PROGRAM = "ansible-runner";

/**
 * The common usage text, printed on `--help` and before the top level's usage errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { COMMON_USAGE } from "./usage.ts";
 *
 * assert.match(COMMON_USAGE, /^usage: ansible-runner /);
 * ```
 */
export const COMMON_USAGE = `usage: ansible-runner [-h] [--version] command ...

These are common Ansible Runner commands:

    execute a playbook contained in an ansible-runner directory:

        ansible-runner run <private_data_dir> -p site.yml

    run ansible-runner as a remote worker:

        ansible-runner worker --private-data-dir=/runner

    send a job to a worker and take its results back:

        ansible-runner transmit <private_data_dir> -p site.yml | ansible-runner worker |
            ansible-runner process <private_data_dir>

    report worker capacity, or clean up old job directories:

        ansible-runner worker --worker-info
        ansible-runner worker cleanup --file-pattern='/tmp/awx_*_*'

`;

/**
 * Usage of `worker`, printed on `worker --help` and before its usage errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WORKER_USAGE } from "./usage.ts";
 *
 * assert.match(WORKER_USAGE, /^usage: ansible-runner worker /);
 * ```
 */
export const WORKER_USAGE =
  `usage: ansible-runner worker [-h] [--private-data-dir PRIVATE_DATA_DIR] [--worker-info]
                             [--delete] [--keepalive-seconds KEEPALIVE_SECONDS]
                             {cleanup} ...
`;

/**
 * Usage of `worker cleanup`, printed before its usage errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CLEANUP_HELP, CLEANUP_USAGE } from "./usage.ts";
 *
 * assert.ok(CLEANUP_HELP.startsWith(CLEANUP_USAGE));
 * ```
 */
export const CLEANUP_USAGE =
  `usage: ansible-runner worker cleanup [-h] [--file-pattern FILE_PATTERN]
                                     [--exclude-strings [EXCLUDE_STRINGS ...]]
                                     [--remove-images [REMOVE_IMAGES ...]]
                                     [--grace-period GRACE_PERIOD]
                                     [--image-prune]
                                     [--process-isolation-executable PROCESS_ISOLATION_EXECUTABLE]
`;

/**
 * Help of `worker cleanup` (`-h`): its usage, then its options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CLEANUP_HELP } from "./usage.ts";
 *
 * assert.match(CLEANUP_HELP, /--grace-period GRACE_PERIOD/);
 * ```
 */
export const CLEANUP_HELP = `${CLEANUP_USAGE}
options:
  -h, --help            show this help message and exit
  --file-pattern FILE_PATTERN
                        A file glob pattern to find private_data_dir folders
                        to remove. Example: --file-pattern=/tmp/.ansible-
                        runner-*
  --exclude-strings [EXCLUDE_STRINGS ...]
                        A comma separated list of keywords in directory name
                        or path to avoid deleting.
  --remove-images [REMOVE_IMAGES ...]
                        A comma separated list of podman or docker tags to
                        delete. This may not remove the corresponding layers,
                        use the image-prune option to assure full deletion.
                        Example: --remove-images=quay.io/user/image:devel
                        quay.io/user/builder:latest
  --grace-period GRACE_PERIOD
                        Time (in minutes) after last modification to exclude a
                        folder from deletion for. This is to avoid deleting
                        folders that were recently created, or folders not
                        started via the start command. Value of 0 indicates
                        that no folders will be excluded based on modified
                        time.
  --image-prune         If specified, will run docker / podman image prune
                        --force. This will only run after untagging.
  --process-isolation-executable PROCESS_ISOLATION_EXECUTABLE
                        The container image to clean up images for
                        (default=podman)
`;

/**
 * Usage of `transmit`, printed before its usage errors (the reference's,
 * plus tachyon's `--ssh-key`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TRANSMIT_USAGE } from "./usage.ts";
 *
 * assert.match(TRANSMIT_USAGE, /^usage: ansible-runner transmit /);
 * ```
 */
export const TRANSMIT_USAGE =
  `usage: ansible-runner transmit [-h] [--version] [--debug] [--logfile LOGFILE]
                               [-b BINARY] [-i IDENT]
                               [--rotate-artifacts ROTATE_ARTIFACTS]
                               [--artifact-dir ARTIFACT_DIR]
                               [--project-dir PROJECT_DIR]
                               [--inventory INVENTORY] [-j]
                               [--omit-event-data] [--only-failed-event-data]
                               [--omit-env-files] [-q] [-v]
                               [-p PLAYBOOK | -m MODULE | -r ROLE]
                               [--limit LIMIT] [--cmdline CMDLINE]
                               [--hosts HOSTS] [--forks FORKS]
                               [--roles-path ROLES_PATH]
                               [--role-vars ROLE_VARS] [--role-skip-facts]
                               [-a MODULE_ARGS]
                               [--container-image CONTAINER_IMAGE]
                               [--container-volume-mount CONTAINER_VOLUME_MOUNTS]
                               [--container-option CONTAINER_OPTIONS]
                               [--ssh-key SSH_KEY]
                               private_data_dir
`;

/**
 * Help of `transmit` (`-h`): the reference's, plus tachyon's `--ssh-key`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TRANSMIT_HELP, TRANSMIT_USAGE } from "./usage.ts";
 *
 * assert.ok(TRANSMIT_HELP.startsWith(TRANSMIT_USAGE));
 * ```
 */
export const TRANSMIT_HELP = `${TRANSMIT_USAGE}
positional arguments:
  private_data_dir      base directory containing the ansible-runner metadata
                        (project, inventory, env, etc)

options:
  -h, --help            show this help message and exit
  --version             show program's version number and exit
  --debug               enable ansible-runner debug output logging
                        (default=False)
  --logfile LOGFILE     log output messages to a file (default=None)
  -p PLAYBOOK, --playbook PLAYBOOK
                        invoke an Ansible playbook from the ansible-runner
                        project (See Ansible Playbook Options below)
  -m MODULE, --module MODULE
                        invoke an Ansible module directly without a playbook
                        (See Ansible Module Options below)
  -r ROLE, --role ROLE  invoke an Ansible role directly without a playbook
                        (See Ansible Role Options below)

Ansible Runner Options:
  configuration options for controlling the ansible-runner runtime
  environment.

  -b BINARY, --binary BINARY
                        specifies the full path pointing to the Ansible
                        binaries (default=None)
  -i IDENT, --ident IDENT
                        an identifier that will be used when generating the
                        artifacts directory and can be used to uniquely
                        identify a playbook run
                        (default=a random uuid4)
  --rotate-artifacts ROTATE_ARTIFACTS
                        automatically clean up old artifact directories after
                        a given number have been created (default=0, disabled)
  --artifact-dir ARTIFACT_DIR
                        optional path for the artifact root directory
                        (default=<private_data_dir>/artifacts)
  --project-dir PROJECT_DIR
                        optional path for the location of the playbook content
                        directory (default=<private_data_dir>/project)
  --inventory INVENTORY
                        optional path for the location of the inventory
                        content directory
                        (default=<private_data_dir>/inventory)
  -j, --json            output the JSON event structure to stdout instead of
                        Ansible output (default=False)
  --omit-event-data     Omits including extra event data in the callback
                        payloads or the Runner payload data files (status and
                        stdout still included)
  --only-failed-event-data
                        Only adds extra event data for failed tasks in the
                        callback payloads or the Runner payload data files
                        (status and stdout still included for other events)
  --omit-env-files      Add flag to prevent the writing of the env directory
  -q, --quiet           disable all messages sent to stdout/stderr
                        (default=False)
  -v                    increase the verbosity with multiple v's (up to 5) of
                        the ansible-playbook output (default=None)

Ansible Options:
  control the ansible[-playbook] execution environment

  --limit LIMIT         matches Ansible's \`\`\`--limit\`\`\` parameter to further
                        constrain the inventory to be used (default=None)
  --cmdline CMDLINE     command line options to pass to ansible-playbook at
                        execution time (default=None)
  --hosts HOSTS         define the set of hosts to execute against
                        (default=None) Note: this parameter only works with -m
                        or -r
  --forks FORKS         matches Ansible's \`\`\`--forks\`\`\` parameter to set the
                        number of concurrent processes (default=None)

Ansible Role Options:
  configuration options for directly executing Ansible roles

  --roles-path ROLES_PATH
                        path used to locate the role to be executed
                        (default=None)
  --role-vars ROLE_VARS
                        set of variables to be passed to the role at run time
                        in the form of 'key1=value1 key2=value2
                        keyN=valueN'(default=None)
  --role-skip-facts     disable fact collection when the role is executed
                        (default=False)

Ansible Module Options:
  configuration options for directly executing Ansible modules

  -a MODULE_ARGS, --args MODULE_ARGS
                        set of arguments to be passed to the module at run
                        time in the form of 'key1=value1 key2=value2
                        keyN=valueN'(default=None)

Ansible Container Options:
  configuration options for executing Ansible playbooks

  --container-image CONTAINER_IMAGE
                        Container image to use when running an ansible task
  --container-volume-mount CONTAINER_VOLUME_MOUNTS
                        Bind mounts (in the form 'host_dir:/container_dir)'.
                        Can be used more than once to create multiple bind
                        mounts.
  --container-option CONTAINER_OPTIONS
                        Container options to pass to execution engine. Can be
                        used more than once to send multiple options.

tachyon Options:
  --ssh-key SSH_KEY     a private key file whose text is sent as the job's
                        ssh_key (default=None)
`;

/**
 * Usage of `process`, printed before its usage errors (the reference's,
 * plus tachyon's `-q`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROCESS_USAGE } from "./usage.ts";
 *
 * assert.match(PROCESS_USAGE, /^usage: ansible-runner process /);
 * ```
 */
export const PROCESS_USAGE = `usage: ansible-runner process [-h] [-i IDENT] [--version] [--debug]
                              [--logfile LOGFILE] [-q]
                              private_data_dir
`;

/**
 * Help of `process` (`-h`): the reference's, plus tachyon's `-q`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROCESS_HELP, PROCESS_USAGE } from "./usage.ts";
 *
 * assert.ok(PROCESS_HELP.startsWith(PROCESS_USAGE));
 * ```
 */
export const PROCESS_HELP = `${PROCESS_USAGE}
positional arguments:
  private_data_dir      base directory containing the ansible-runner metadata
                        (project, inventory, env, etc)

options:
  -h, --help            show this help message and exit
  -i IDENT, --ident IDENT
                        An identifier to use as a subdirectory when saving
                        artifacts. Generally intended to match the --ident
                        passed to the transmit command.
  --version             show program's version number and exit
  --debug               enable ansible-runner debug output logging
                        (default=False)
  --logfile LOGFILE     log output messages to a file (default=None)
  -q, --quiet           print no event's stdout (tachyon's option;
                        default=False)
`;
