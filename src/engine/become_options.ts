/**
 * Which become (privilege escalation) a task gets on a host, with Ansible's
 * precedence: the host's `ansible_become*` variables, then the task's
 * options, then the play's, then the job's command line (`-b`,
 * `--become-user`, `--become-method`, `-K`), then Ansible's defaults (sudo,
 * root).
 *
 * @module
 */
import type { BecomeSpec } from "./connection/become.ts";
import type { BecomeOptions } from "./types.ts";
import { isTrue } from "./ansible_bool.ts";
import { scalarVar } from "./scalar_var.ts";

/**
 * The job's become settings (its command line), the lowest precedence.
 *
 * @example
 * ```ts
 * const defaults: BecomeDefaults = { become: true, becomeUser: "root", password: "pw" };
 * ```
 */
export interface BecomeDefaults extends BecomeOptions {
  /** The become password (`-K` answered from the job's passwords; secret). */
  password?: string;
  /** Why `-K` gave no password (named in "Missing sudo password"). */
  passwordProblem?: string;
}

/** Host variables per setting, first found wins (Ansible's become plugin vars). */
const VARS = {
  become: ["ansible_become"],
  method: ["ansible_become_method"],
  user: ["ansible_become_user", "ansible_sudo_user"],
  flags: ["ansible_become_flags", "ansible_sudo_flags"],
  exe: ["ansible_become_exe", "ansible_sudo_exe"],
  password: ["ansible_become_password", "ansible_become_pass", "ansible_sudo_pass"],
} as const;

/**
 * The become spec for one task on one host, or `undefined` when the task
 * runs as the connection user.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveBecome } from "./become_options.ts";
 *
 * const spec = resolveBecome({ ansible_become_user: "app" }, { become: true }, {}, {});
 * assert.deepEqual(spec, { method: "sudo", user: "app", flags: undefined, exe: undefined });
 * assert.equal(resolveBecome({}, {}, {}, { become: false }), undefined);
 * ```
 */
export function resolveBecome(
  vars: Readonly<Record<string, unknown>>,
  task: BecomeOptions,
  play: BecomeOptions,
  job: BecomeDefaults,
): BecomeSpec | undefined {
  const become = scalarVar(vars, ...VARS.become);
  const on = become !== undefined ? isTrue(become) : task.become ?? play.become ?? job.become;
  if (!on) return undefined;
  const pick = (name: keyof typeof VARS, option: keyof BecomeOptions): string | undefined =>
    scalarVar(vars, ...VARS[name]) ?? text(task[option]) ?? text(play[option]) ?? text(job[option]);
  const password = scalarVar(vars, ...VARS.password) ?? job.password;
  const spec: BecomeSpec = {
    method: pick("method", "becomeMethod") ?? "sudo",
    user: pick("user", "becomeUser") ?? "root",
    flags: pick("flags", "becomeFlags"),
    exe: pick("exe", "becomeExe"),
  };
  if (password !== undefined) spec.password = password;
  else if (job.passwordProblem) spec.passwordProblem = job.passwordProblem;
  return spec;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
