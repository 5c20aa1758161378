/**
 * Usage texts, worded like ansible-runner's so that tooling grepping for them
 * keeps working.
 *
 * @module
 */

/** The program name shown in messages. */
export const PROGRAM = "ansible-runner";

/** The common usage text, printed on `--help` and on usage errors. */
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

/** Usage of `worker`. */
export const WORKER_USAGE =
  `usage: ansible-runner worker [-h] [--private-data-dir PRIVATE_DATA_DIR] [--worker-info]
                             [--delete] [--keepalive-seconds KEEPALIVE_SECONDS]
                             {cleanup} ...
`;
