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

    run ansible-runner as a remote worker (the only command tachyon runs today):

        ansible-runner worker --private-data-dir=/runner

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
