/**
 * The `command` a job reports (in the `starting` status line and the
 * `command` artifact): what tachyon runs, in the shape of the argv
 * ansible-runner would have started.
 *
 * @module
 */

/**
 * What the command line is made of.
 *
 * @example
 * ```ts
 * import type { JobCommandParts } from "./job_command.ts";
 *
 * const playbook: JobCommandParts = { adhoc: false, cmdlineWords: ["-u", "root"], inventory: [],
 *   hostPattern: "all", playbook: "site.yml" };
 * ```
 */
export interface JobCommandParts {
  /** Ad hoc (`ansible`) rather than an automation (`ansible-playbook`). */
  readonly adhoc: boolean;
  /** The job's command line words, as split. */
  readonly cmdlineWords: readonly string[];
  /** Inventory sources (each becomes `-i source`). */
  readonly inventory: readonly string[];
  /** Ad hoc module. */
  readonly module?: string;
  /** Ad hoc module arguments. */
  readonly moduleArgs?: string;
  /** Ad hoc host pattern. */
  readonly hostPattern: string;
  /** `env/extravars`, when that file was read (becomes `-e @path`). */
  readonly extravarsFile?: string;
  /** The playbook AWX named. */
  readonly playbook?: string;
}

/**
 * The argv reported for a job, like ansible-runner's
 * `generate_ansible_command` with `tachyon adhoc`/`tachyon automation` in
 * place of `ansible`/`ansible-playbook`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jobCommand } from "./job_command.ts";
 *
 * assert.deepEqual(
 *   jobCommand({ adhoc: true, cmdlineWords: [], inventory: ["/r/inventory"], module: "ping",
 *     hostPattern: "all" }),
 *   ["tachyon", "adhoc", "-i", "/r/inventory", "-m", "ping", "all"],
 * );
 * ```
 */
export function jobCommand(parts: JobCommandParts): string[] {
  const inventory = parts.inventory.flatMap((i) => ["-i", i]);
  if (parts.adhoc) {
    return [
      "tachyon",
      "adhoc",
      ...parts.cmdlineWords,
      ...inventory,
      "-m",
      parts.module ?? "",
      ...(parts.moduleArgs ? ["-a", parts.moduleArgs] : []),
      parts.hostPattern,
    ];
  }
  return [
    "tachyon",
    "automation",
    ...parts.cmdlineWords,
    ...inventory,
    ...(parts.extravarsFile !== undefined ? ["-e", `@${parts.extravarsFile}`] : []),
    ...(parts.playbook ? [parts.playbook] : []),
  ];
}
