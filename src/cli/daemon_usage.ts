/**
 * The usage and help texts of `start`, `stop` and `is-alive`, worded like
 * the reference's (`ansible-runner start -h`, 2.3.1): `start` has `run`'s
 * options (plus tachyon's `--ssh-key`), `stop` and `is-alive` those of
 * `transmit` (which they accept and ignore, as the reference does). Only the
 * usage differs from `run`'s and `transmit`'s: argparse wraps it after the
 * program name.
 *
 * @module
 */
import { RUN_HELP, RUN_USAGE } from "./run_usage.ts";
import { TRANSMIT_HELP, TRANSMIT_USAGE } from "./usage.ts";

/**
 * Usage of `start`, printed before its usage errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { START_USAGE } from "./daemon_usage.ts";
 *
 * assert.match(START_USAGE, /^usage: ansible-runner start /);
 * ```
 */
export const START_USAGE = `usage: ansible-runner start [-h] [--process-isolation]
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
                            [--project-dir PROJECT_DIR]
                            [--inventory INVENTORY] [-j] [--omit-event-data]
                            [--only-failed-event-data] [--omit-env-files] [-q]
                            [-v] [-p PLAYBOOK | -m MODULE | -r ROLE]
                            [--limit LIMIT] [--cmdline CMDLINE]
                            [--hosts HOSTS] [--forks FORKS]
                            [--roles-path ROLES_PATH] [--role-vars ROLE_VARS]
                            [--role-skip-facts] [-a MODULE_ARGS]
                            [--container-image CONTAINER_IMAGE]
                            [--container-volume-mount CONTAINER_VOLUME_MOUNTS]
                            [--container-option CONTAINER_OPTIONS]
                            [--ssh-key SSH_KEY]
                            private_data_dir
`;

/**
 * Help of `start` (`-h`): its usage, then `run`'s help.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { START_HELP, START_USAGE } from "./daemon_usage.ts";
 *
 * assert.ok(START_HELP.startsWith(START_USAGE));
 * ```
 */
export const START_HELP: string = START_USAGE + RUN_HELP.slice(RUN_USAGE.length);

/**
 * Usage of `stop`, printed before its usage errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { STOP_USAGE } from "./daemon_usage.ts";
 *
 * assert.match(STOP_USAGE, /^usage: ansible-runner stop /);
 * ```
 */
export const STOP_USAGE = `usage: ansible-runner stop [-h] [--version] [--debug] [--logfile LOGFILE]
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
                           private_data_dir
`;

/**
 * Usage of `is-alive`, printed before its usage errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IS_ALIVE_USAGE } from "./daemon_usage.ts";
 *
 * assert.match(IS_ALIVE_USAGE, /^usage: ansible-runner is-alive /);
 * ```
 */
export const IS_ALIVE_USAGE =
  `usage: ansible-runner is-alive [-h] [--version] [--debug] [--logfile LOGFILE]
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
                               private_data_dir
`;

/** `transmit`'s help after its usage, without tachyon's `--ssh-key` (which `stop` and `is-alive` lack). */
const QUERY_HELP_BODY = TRANSMIT_HELP.slice(TRANSMIT_USAGE.length).replace(
  /\ntachyon Options:\n[^]*$/,
  "",
);

/**
 * Help of `stop` (`-h`): its usage, then the options it accepts and ignores.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { STOP_HELP, STOP_USAGE } from "./daemon_usage.ts";
 *
 * assert.ok(STOP_HELP.startsWith(STOP_USAGE));
 * ```
 */
export const STOP_HELP: string = STOP_USAGE + QUERY_HELP_BODY;

/**
 * Help of `is-alive` (`-h`): its usage, then the options it accepts and ignores.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IS_ALIVE_HELP, IS_ALIVE_USAGE } from "./daemon_usage.ts";
 *
 * assert.ok(IS_ALIVE_HELP.startsWith(IS_ALIVE_USAGE));
 * ```
 */
export const IS_ALIVE_HELP: string = IS_ALIVE_USAGE + QUERY_HELP_BODY;
