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
 * `become_exe`); other methods are a clear task failure.
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
const DEFAULT_FLAGS: Readonly<Record<string, string>> = { sudo: "-H -S -n" };

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
 * The escalation of one channel: the words put before the loop's
 * `/bin/sh -c …`, and the prompt the method prints when it wants the password.
 *
 * @example
 * ```ts
 * const { prefix, prompt } = becomePrefix({ method: "sudo", user: "root", password: "pw" }, "k1");
 * // prefix: "sudo -H -S -p '[sudo via tachyon, key=k1] password:' -u root"
 * ```
 */
export interface BecomePrefix {
  /** Shell words that run the following command as the become user. */
  prefix: string;
  /** The exact prompt text the method prints on stderr. */
  prompt: string;
}

/**
 * Builds the escalation prefix for `spec`; throws {@linkcode BecomeError} for
 * a method tachyon does not run. As Ansible does, a password drops sudo's
 * `-n` (non-interactive) flag and sets a prompt unique to the channel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { becomePrefix } from "./become.ts";
 *
 * assert.equal(
 *   becomePrefix({ method: "sudo", user: "app" }, "k1").prefix,
 *   "sudo -H -S -n -p '[sudo via tachyon, key=k1] password:' -u app",
 * );
 * assert.equal(
 *   becomePrefix({ method: "sudo", user: "root", password: "pw" }, "k1").prefix,
 *   "sudo -H -S -p '[sudo via tachyon, key=k1] password:' -u root",
 * );
 * ```
 */
export function becomePrefix(spec: BecomeSpec, key: string): BecomePrefix {
  if (spec.method !== "sudo") {
    throw new BecomeError(
      `The become method '${spec.method}' is not supported by tachyon (supported: sudo)`,
    );
  }
  let flags = shlexSplit(flagsOf(spec));
  if (spec.password !== undefined) {
    flags = flags.filter((f) => f !== "-n" && f !== "--non-interactive")
      .map((f) => f.startsWith("--") ? f : f.replace(/^(-\w*)n(\w*.*)$/, "$1$2"))
      .filter((f) => f !== "-");
  }
  const prompt = `[sudo via tachyon, key=${key}] password:`;
  const words = [spec.exe || "sudo", ...flags, "-p", prompt, "-u", spec.user];
  return { prefix: words.map(shellQuote).join(" "), prompt };
}

/** What the become handshake saw on stderr so far. */
export type BecomeState =
  | { kind: "waiting" }
  | { kind: "prompted" }
  | { kind: "failed"; error: BecomeError };

/**
 * Reads sudo's stderr during the handshake: the prompt once (send the
 * password), the prompt again or `Sorry, try again.` (a wrong password), or
 * `a password is required` (none given).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { becomeState } from "./become.ts";
 *
 * const spec = { method: "sudo", user: "root", password: "pw" };
 * assert.equal(becomeState("[p] password:", "[p] password:", spec).kind, "prompted");
 * assert.equal(becomeState("[p] password:\nSorry, try again.\n", "[p] password:", spec).kind, "failed");
 * ```
 */
export function becomeState(stderr: string, prompt: string, spec: BecomeSpec): BecomeState {
  const name = spec.method;
  const prompts = stderr.split(prompt).length - 1;
  if (/Sorry, try again\.|incorrect password attempt/.test(stderr) || prompts > 1) {
    return { kind: "failed", error: new BecomeError(`Incorrect ${name} password`) };
  }
  const missing = /a password is required|a terminal is required/.test(stderr) ||
    (prompts === 1 && spec.password === undefined);
  if (missing) {
    const why = spec.passwordProblem ? `: ${spec.passwordProblem}` : "";
    return { kind: "failed", error: new BecomeError(`Missing ${name} password${why}`) };
  }
  return prompts === 1 ? { kind: "prompted" } : { kind: "waiting" };
}
