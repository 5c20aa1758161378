/**
 * Which secret answers which prompt of ssh's login: a password prompt
 * (`user@host's password: `, keyboard-interactive `Password:`) and a key
 * passphrase prompt both get the host's password, as Ansible's ssh connection
 * does (its sshpass answers a key's passphrase prompt with the password).
 * Anything else (a host key question, a one-time code) gets no answer.
 *
 * @module
 */

/**
 * The answer to ssh's `prompt` given the host's `password`, or `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { answerLoginPrompt } from "./login_prompts.ts";
 *
 * assert.equal(answerLoginPrompt("deploy@10.0.0.5's password: ", "s3cret"), "s3cret");
 * assert.equal(answerLoginPrompt("Enter passphrase for key '/k': ", "s3cret"), "s3cret");
 * assert.equal(answerLoginPrompt("Verification code: ", "s3cret"), undefined);
 * ```
 */
export function answerLoginPrompt(prompt: string, password: string): string | undefined {
  return /pass(word|phrase)/i.test(prompt) ? password : undefined;
}

/**
 * The reasons added to a failed login's message: the prompts ssh asked that
 * nothing answered, then what the job knew it lacked (`notes`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loginFailureNotes } from "./login_prompts.ts";
 *
 * assert.equal(
 *   loginFailureNotes(["u@h's password: "], []),
 *   "; no answer for the prompt \"u@h's password: \"",
 * );
 * ```
 */
export function loginFailureNotes(
  unanswered: readonly string[],
  notes: readonly string[],
): string {
  const parts = [
    ...[...new Set(unanswered)].map((p) => `no answer for the prompt ${JSON.stringify(p)}`),
    ...notes,
  ];
  return parts.map((p) => `; ${p}`).join("");
}
