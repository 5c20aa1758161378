/**
 * The `runner_retry` line Ansible prints each time an `until` loop tries a
 * task again: `FAILED - RETRYING: [host]: task (N retries left).`
 *
 * @module
 */

import { hostLabel, runIsVerbose } from "./callback_base.ts";
import { ANSIBLE_COLORS } from "./colors.ts";
import { display, ptyText } from "./display.ts";
import { cleanCopy } from "./result_cleaning.ts";
import { dumpResults } from "./result_dump.ts";

/**
 * What {@linkcode retryText} renders.
 *
 * @example
 * ```ts
 * import type { RetryInput } from "./mod.ts";
 * const input: RetryInput = { host: "h", taskName: "wait", result: { retries: 4, attempts: 1 } };
 * ```
 */
export interface RetryInput {
  /** Inventory host name. */
  host: string;
  /** The task's name (`Task.get_name()`). */
  taskName: string;
  /** The attempt's result (with `retries` and `attempts`). */
  result: Record<string, unknown>;
  /** Display verbosity; above 2 the result is appended. */
  verbosity?: number;
  /** The task's `delegate_to`. */
  delegateTo?: string;
}

/**
 * `stdout` of `runner_retry`: `FAILED - RETRYING: [host]: task (N retries left).`
 * in dark grey.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { retryText } from "./mod.ts";
 * assert.equal(
 *   retryText({ host: "h", taskName: "wait", result: { retries: 4, attempts: 1 } }),
 *   "\u001b[1;30mFAILED - RETRYING: [h]: wait (3 retries left).\u001b[0m",
 * );
 * ```
 */
export function retryText(input: RetryInput): string {
  const r = cleanCopy(input.result, {}, false);
  const left = Number(r.retries ?? 0) - Number(r.attempts ?? 0);
  let msg = `FAILED - RETRYING: [${hostLabel(input.host, input.delegateTo, r)}]: ` +
    `${input.taskName} (${left} retries left).`;
  const verbosity = input.verbosity ?? 0;
  if (runIsVerbose(r, verbosity, 2)) msg += `Result was: ${dumpResults(r, verbosity)}`;
  const out: string[] = [];
  display(out, msg, ANSIBLE_COLORS.debug);
  return ptyText(out);
}
