/**
 * Privilege escalation as Ansible's `become` does it, for tachyon's channel:
 * instead of wrapping each command, the host's `sh` loop itself starts under
 * `sudo`, so a host pays for escalation once per channel (one channel per
 * become user and method), not once per task. The password, when needed, is
 * written to the channel's stdin when sudo prompts for it (`-S`), exactly as
 * Ansible's ssh connection answers the prompt: never in an argv, an
 * environment or a file.
 *
 * Supported: `sudo` (with `become_flags`, default `-H -S -n`, and
 * `become_exe`; its prompt comes on stderr) and `su` (which reads its
 * password only from a terminal: its channel gets one, and the loop turns
 * it into a transparent byte pipe once it runs); other methods are a clear
 * task failure.
 *
 * @module
 */
import { shellQuote } from "./connection.ts";
import { shlexSplit } from "../../python/shlex.ts";

/** How and as whom a channel's commands run. */
export interface BecomeSpec {
  /** `become_method` (`sudo`). */
  method: string;
  /** `become_user` (default `root`). */
  user: string;
  /** `become_flags` (the method's default when not set). */
  flags?: string;
  /** `become_exe` (the method's name when not set). */
  exe?: string;
  /** `become_password`: answers the method's prompt (secret). */
  password?: string;
  /** Why the job has no become password although it asked for one (named in "Missing … password"). */
  passwordProblem?: string;
}

/**
 * Becoming the other user failed: the task fails (it is not unreachable),
 * with Ansible's message (`Incorrect sudo password`, `Missing sudo password`).
 *
 * @example
 * ```ts
 * throw new BecomeError("Incorrect sudo password");
 * ```
 */
export class BecomeError extends Error {
  override name = "BecomeError";
}

/** The methods tachyon can run, with Ansible's default flags. */
const DEFAULT_FLAGS: Readonly<Record<string, string>> = { sudo: "-H -S -n", su: "" };

/**
 * The identity of a become spec (which channel it needs): method, user,
 * flags and exe; not the password.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { becomeKey } from "./become.ts";
 *
 * assert.equal(becomeKey({ method: "sudo", user: "root" }), "sudo\0root\0-H -S -n\0sudo");
 * ```
 */
export function becomeKey(spec: BecomeSpec): string {
  return [spec.method, spec.user, flagsOf(spec), spec.exe || spec.method].join("\0");
}

function flagsOf(spec: BecomeSpec): string {
  return spec.flags ?? DEFAULT_FLAGS[spec.method] ?? "";
}

/**
 * How one channel escalates: the remote command around the loop, whether ssh
 * must give it a terminal, and how the method's output reads.
 *
 * @example
 * ```ts
 * const sudo: Escalation = escalation({ method: "sudo", user: "root" }, "k1");
 * sudo.wrap("/bin/sh -c 'loop'"); // "sudo -H -S -n -p '[sudo via tachyon, key=k1] password:' -u root /bin/sh -c 'loop'"
 * ```
 */
export interface Escalation {
  /** The command that runs `inner` (shell words) as the become user. */
  wrap(inner: string): string;
  /** The method prompts on a terminal (ssh `-tt`; its output then comes on stdout). */
  tty: boolean;
  /** The handshake state from what the method printed so far (stderr, or stdout with a tty). */
  state(output: string): BecomeState;
}

/**
 * The escalation for `spec` on a channel whose unique key is `key`; throws
 * {@linkcode BecomeError} for a method tachyon does not run. As Ansible does,
 * a sudo password drops sudo's `-n` (non-interactive) flag and sets a prompt
 * unique to the channel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escalation } from "./become.ts";
 *
 * assert.equal(
 *   escalation({ method: "sudo", user: "app" }, "k1").wrap("id"),
 *   "sudo -H -S -n -p '[sudo via tachyon, key=k1] password:' -u app id",
 * );
 * assert.equal(
 *   escalation({ method: "sudo", user: "root", password: "pw" }, "k1").wrap("id"),
 *   "sudo -H -S -p '[sudo via tachyon, key=k1] password:' -u root id",
 * );
 * assert.equal(escalation({ method: "su", user: "app" }, "k1").wrap("id -u"), "su app -c 'id -u'");
 * ```
 */
export function escalation(spec: BecomeSpec, key: string): Escalation {
  if (spec.method === "sudo") return sudo(spec, key);
  if (spec.method === "su") return su(spec);
  throw new BecomeError(
    `The become method '${spec.method}' is not supported by tachyon (supported: sudo, su)`,
  );
}

function sudo(spec: BecomeSpec, key: string): Escalation {
  let flags = shlexSplit(flagsOf(spec));
  if (spec.password !== undefined) {
    flags = flags.filter((f) => f !== "-n" && f !== "--non-interactive")
      .map((f) => f.startsWith("--") ? f : f.replace(/^(-\w*)n(\w*.*)$/, "$1$2"))
      .filter((f) => f !== "-");
  }
  const prompt = `[sudo via tachyon, key=${key}] password:`;
  const prefix = [spec.exe || "sudo", ...flags, "-p", prompt, "-u", spec.user].map(shellQuote);
  return {
    wrap: (inner) => `${prefix.join(" ")} ${inner}`,
    tty: false,
    state: (output) => {
      const prompts = output.split(prompt).length - 1;
      if (/Sorry, try again\.|incorrect password attempt/.test(output) || prompts > 1) {
        return failed(spec, "Incorrect");
      }
      if (/a password is required|a terminal is required/.test(output)) {
        return failed(spec, "Missing");
      }
      return prompted(spec, prompts);
    },
  };
}

/** su's prompt at the start of a line, as Ansible's su plugin matches it (English). */
const SU_PROMPT = /^(\w+'s )?Password ?(:|\uff1a) ?/i;

function su(spec: BecomeSpec): Escalation {
  const words = [spec.exe || "su", ...shlexSplit(flagsOf(spec)), spec.user].map(shellQuote);
  return {
    wrap: (inner) => `${words.join(" ")} -c ${shellQuote(inner)}`,
    tty: true,
    state: (output) => {
      if (/Authentication failure/.test(output)) return failed(spec, "Incorrect");
      const prompts = output.split(/[\r\n]+/).filter((line) => SU_PROMPT.test(line)).length;
      if (prompts > 1) return failed(spec, "Incorrect");
      return prompted(spec, prompts);
    },
  };
}

function failed(spec: BecomeSpec, what: "Incorrect" | "Missing"): BecomeState {
  const why = what === "Missing" && spec.passwordProblem ? `: ${spec.passwordProblem}` : "";
  return { kind: "failed", error: new BecomeError(`${what} ${spec.method} password${why}`) };
}

function prompted(spec: BecomeSpec, prompts: number): BecomeState {
  if (prompts === 0) return { kind: "waiting" };
  return spec.password === undefined ? failed(spec, "Missing") : { kind: "prompted" };
}

/** What the become handshake has seen so far. */
export type BecomeState =
  | { kind: "waiting" }
  | { kind: "prompted" }
  | { kind: "failed"; error: BecomeError };
