/**
 * The task actions Ansible's callbacks treat specially, under every name a
 * task may use for them (`debug`, `ansible.builtin.debug`,
 * `ansible.legacy.debug`): `debug` shows only what it was asked to, includes
 * print no `ok` line, and command-like modules print their output as text in
 * ad hoc runs.
 *
 * @module
 */

const withFqcns = (names: string[]): Set<string> =>
  new Set(names.flatMap((n) => [n, `ansible.builtin.${n}`, `ansible.legacy.${n}`]));

/**
 * Names of the `debug` action (`C._ACTION_DEBUG`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEBUG_ACTIONS } from "./actions.ts";
 * assert.ok(DEBUG_ACTIONS.has("ansible.builtin.debug"));
 * ```
 */
export const DEBUG_ACTIONS: ReadonlySet<string> = withFqcns(["debug"]);

/**
 * Names of the include and import actions (`C._ACTION_ALL_INCLUDES`), whose
 * `ok` results the default callback does not print.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { INCLUDE_ACTIONS } from "./actions.ts";
 * assert.ok(INCLUDE_ACTIONS.has("include_tasks"));
 * ```
 */
export const INCLUDE_ACTIONS: ReadonlySet<string> = withFqcns([
  "include",
  "include_tasks",
  "include_role",
  "import_tasks",
  "import_role",
]);

/**
 * Modules whose ad hoc results the `minimal` callback prints as
 * `host | CHANGED | rc=0 >>` and the raw output instead of JSON
 * (`C.MODULE_NO_JSON`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MODULE_NO_JSON } from "./actions.ts";
 * assert.ok(MODULE_NO_JSON.has("shell"));
 * assert.ok(!MODULE_NO_JSON.has("ping"));
 * ```
 */
export const MODULE_NO_JSON: ReadonlySet<string> = new Set([
  ...withFqcns(["command", "win_command", "shell", "win_shell", "raw"]),
  "ansible.windows.win_command",
  "ansible.windows.win_shell",
]);
