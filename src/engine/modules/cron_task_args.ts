/**
 * The typed task arguments of `cron` (types only; `task_args.ts` maps the
 * module name to them).
 *
 * @module
 */

/**
 * `cron`: one `#Ansible: <name>` job (or, with `env`, one variable) in a
 * user's crontab or in a `cron_file`.
 *
 * @example
 * ```ts
 * import type { CronTaskArgs } from "./cron_task_args.ts";
 * const args: CronTaskArgs = {
 *   name: "nightly backup", minute: "0", hour: "2", job: "/usr/local/bin/backup",
 *   cron_file: "backup", user: "root",
 * };
 * ```
 */
export type CronTaskArgs = {
  /** The job's marker name, or the variable's name with `env`. */
  name: string;
  /** Whose crontab; with `cron_file`, who runs the job (required there for `present`). */
  user?: string;
  /** The command, or the variable's value with `env`. */
  job?: string;
  /** The same as `job`. */
  value?: string;
  /** A file under `/etc/cron.d` (or an absolute path) instead of a user's crontab. */
  cron_file?: string;
  /** `present` (default) or `absent`. */
  state?: "present" | "absent";
  /** Keep a copy of the crontab as it was (`backup_file`). */
  backup?: boolean;
  /** Minute field (default `*`). */
  minute?: string;
  /** Hour field (default `*`). */
  hour?: string;
  /** Day-of-month field (default `*`). */
  day?: string;
  /** The same as `day`. */
  dom?: string;
  /** Month field (default `*`). */
  month?: string;
  /** Day-of-week field (default `*`). */
  weekday?: string;
  /** The same as `weekday`. */
  dow?: string;
  /** `@reboot`, `@daily`, … instead of the time fields. */
  special_time?: "reboot" | "yearly" | "annually" | "monthly" | "weekly" | "daily" | "hourly";
  /** Write the job commented out. */
  disabled?: boolean;
  /** Manage a `NAME="value"` variable instead of a job. */
  env?: boolean;
  /** With `env`: put a new variable after this one. */
  insertafter?: string;
  /** With `env`: put a new variable before this one. */
  insertbefore?: string;
};
