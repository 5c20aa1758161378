/**
 * Answers what Ansible asks on its terminal (`SSH password:`, `BECOME
 * password:`, `Vault password:`…) from the job's `passwords`, as
 * ansible-runner's pexpect loop does: the regexes are searched in the last
 * output (a window of 100 characters past what was already answered), and
 * a match is answered once.
 *
 * @module
 */
import { PromptAnswers } from "../../worker/prompt_answers.ts";

/** How much recent output is searched (pexpect's `searchwindowsize`). */
const WINDOW = 100;

/**
 * Watches terminal output for prompts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PromptWatch } from "./prompt_watch.ts";
 *
 * const watch = new PromptWatch({ "SSH password:\\s*?$": "s3cret" });
 * assert.equal(watch.see("PLAY [all] ***\r\n"), undefined);
 * assert.equal(watch.see("SSH password: "), "s3cret");
 * assert.equal(watch.see(""), undefined); // answered once
 * ```
 */
export class PromptWatch {
  readonly #answers: PromptAnswers;
  #recent = "";

  /** Watches for the prompts of `passwords` (regex → answer). */
  constructor(passwords: Readonly<Record<string, string>>) {
    this.#answers = new PromptAnswers(passwords);
  }

  /** Takes the next output; returns the answer to type, if it ends a prompt. */
  see(text: string): string | undefined {
    if (this.#answers.empty) return undefined;
    this.#recent = (this.#recent + text).slice(-WINDOW);
    const answer = this.#answers.answer(this.#recent);
    if (answer !== undefined) this.#recent = "";
    return answer;
  }
}
