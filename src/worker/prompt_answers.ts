/**
 * The job's `passwords` (kwarg or `env/passwords`: prompt regex → answer)
 * applied the way ansible-runner applies them to what ansible-playbook and
 * ssh-add print: pexpect searches each regex (Python syntax, `re.DOTALL`) in
 * the prompt text; the match that starts first wins, and among matches at the
 * same place the regex given first. Answers are secrets: never printed.
 *
 * @module
 */
import { pythonRegExp } from "../python/re.ts";

/** One usable `passwords` entry. */
interface PasswordPattern {
  regex: RegExp;
  answer: string;
}

/**
 * Answers prompts from the job's `passwords`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PromptAnswers } from "./prompt_answers.ts";
 *
 * const answers = new PromptAnswers({ "SSH password:\\s*?$": "s3cret" });
 * assert.equal(answers.answer("SSH password: "), "s3cret");
 * assert.equal(answers.answer("BECOME password: "), undefined);
 * ```
 */
export class PromptAnswers {
  #patterns: PasswordPattern[];
  /** Regexes that Python accepts but this translation cannot (named in a warning). */
  readonly unusable: readonly string[];

  /** Compiles the `passwords` mapping, in its order. */
  constructor(passwords: Readonly<Record<string, string>>) {
    const unusable: string[] = [];
    this.#patterns = [];
    for (const [pattern, answer] of Object.entries(passwords)) {
      try {
        const sticky = pythonRegExp(pattern);
        const flags = sticky.flags.replace("y", "") + (sticky.flags.includes("s") ? "" : "s");
        this.#patterns.push({ regex: new RegExp(sticky.source, flags), answer });
      } catch {
        unusable.push(pattern);
      }
    }
    this.unusable = unusable;
  }

  /** Whether there is no usable entry at all. */
  get empty(): boolean {
    return this.#patterns.length === 0;
  }

  /** The answer for `prompt`, or `undefined` when no regex matches it. */
  answer(prompt: string): string | undefined {
    let best: { at: number; answer: string } | undefined;
    for (const { regex, answer } of this.#patterns) {
      const match = regex.exec(prompt);
      if (match && (best === undefined || match.index < best.at)) {
        best = { at: match.index, answer };
      }
    }
    return best?.answer;
  }
}

/**
 * What ansible-playbook 2.14 prompts at start for `-k`/`--ask-pass` and
 * `-K`/`--ask-become-pass` (with the default agnostic become prompt).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startupPrompts } from "./prompt_answers.ts";
 *
 * assert.deepEqual(startupPrompts({ askPass: true, askBecomePass: true }), {
 *   connection: "SSH password: ",
 *   become: "BECOME password[defaults to SSH password]: ",
 * });
 * ```
 */
export function startupPrompts(
  flags: { askPass: boolean; askBecomePass: boolean },
): { connection?: string; become?: string } {
  return {
    connection: flags.askPass ? "SSH password: " : undefined,
    become: flags.askBecomePass
      ? (flags.askPass ? "BECOME password[defaults to SSH password]: " : "BECOME password: ")
      : undefined,
  };
}

/**
 * The passwords ansible-playbook would have read at its start prompts, and
 * for each prompt nothing answered, why (named when a login or become fails).
 * An empty answer counts as none, as in Ansible; an empty become password
 * after `-k` is the SSH password.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PromptAnswers, startupPasswords } from "./prompt_answers.ts";
 *
 * const answers = new PromptAnswers({ "SSH password:\\s*?$": "s3cret", "BECOME password.*:\\s*?$": "" });
 * assert.deepEqual(startupPasswords(answers, { askPass: true, askBecomePass: true }), {
 *   password: "s3cret",
 *   becomePassword: "s3cret",
 * });
 * ```
 */
export function startupPasswords(
  answers: PromptAnswers,
  flags: { askPass: boolean; askBecomePass: boolean },
): StartupPasswords {
  const prompts = startupPrompts(flags);
  const out: StartupPasswords = {};
  if (prompts.connection !== undefined) {
    const answer = answers.answer(prompts.connection);
    if (answer) out.password = answer;
    else out.passwordProblem = missing("-k/--ask-pass", prompts.connection, answer);
  }
  if (prompts.become !== undefined) {
    const answer = answers.answer(prompts.become) || (flags.askPass ? out.password : undefined);
    if (answer) out.becomePassword = answer;
    else out.becomeProblem = missing("-K/--ask-become-pass", prompts.become, answer);
  }
  return out;
}

/** What {@linkcode startupPasswords} found. */
export interface StartupPasswords {
  /** The SSH password (`-k`). */
  password?: string;
  /** Why `-k` gave none. */
  passwordProblem?: string;
  /** The become password (`-K`). */
  becomePassword?: string;
  /** Why `-K` gave none. */
  becomeProblem?: string;
}

function missing(flag: string, prompt: string, answer: string | undefined): string {
  return answer === undefined
    ? `the job asks for a password (${flag}), but its passwords have no answer for the prompt ${
      JSON.stringify(prompt)
    }`
    : `the job asks for a password (${flag}), but its passwords answer the prompt ${
      JSON.stringify(prompt)
    } with an empty text`;
}
