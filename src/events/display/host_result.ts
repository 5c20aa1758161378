/**
 * The `stdout` of a host result event (`runner_on_ok`, `runner_on_failed`,
 * …): what a task printed for one host. Playbooks go through Ansible's
 * `default` callback, ad hoc commands through `minimal`; both start from the
 * cleaned callback copy of the result.
 *
 * @module
 */

import type { HostOutcome } from "../../engine/types.ts";
import { renderDefault } from "./default_callback.ts";
import { ptyText } from "./display.ts";
import { renderMinimal } from "./minimal_callback.ts";
import { cleanCopy } from "./result_cleaning.ts";

/**
 * What {@linkcode hostResultText} renders.
 *
 * @example
 * ```ts
 * import type { HostResultInput } from "./mod.ts";
 * const input: HostResultInput = {
 *   outcome: "failed",
 *   host: "web1",
 *   result: { rc: 1, msg: "non-zero return code" },
 *   action: "command",
 *   ignoreErrors: true,
 * };
 * ```
 */
export interface HostResultInput {
  /** `ok`/`changed` → `runner_on_ok`, else `runner_on_failed`/`_unreachable`/`_skipped`. */
  outcome: HostOutcome;
  /** Inventory host name. */
  host: string;
  /** Module result (raw, or a callback's `res`; for skipped results may be `{}`). */
  result: Record<string, unknown>;
  /** `runner_on_failed` with `ignore_errors`: adds a cyan `...ignoring` line. */
  ignoreErrors?: boolean;
  /** Unreachable with `ignore_unreachable`: adds `...ignoring`. */
  ignoreUnreachable?: boolean;
  /** Ad hoc command (`minimal` callback): `host | SUCCESS => {…}` forms. */
  adhoc?: boolean;
  /** The task's action as written (`debug`, `ansible.builtin.command`, …). */
  action?: string;
  /** Display verbosity (`-v` count), default 0. */
  verbosity?: number;
  /** A per-item event (`runner_item_on_ok`/`_failed`/`_skipped`). */
  item?: boolean;
  /** The task loops: a result with `results` is the loop summary (items were shown already). */
  loop?: boolean;
  /** The task has `no_log: true`. */
  noLog?: boolean;
  /** The task's `delegate_to` (shown as `host -> delegate`). */
  delegateTo?: string;
  /**
   * Warnings and deprecations already shown this run (Ansible shows each
   * text once per run); updated in place. Without it nothing is deduplicated.
   */
  seenWarnings?: Set<string>;
}

/**
 * `stdout` of a host result event (`runner_on_ok`, `runner_on_failed`,
 * `runner_on_unreachable`, `runner_on_skipped`, `runner_item_on_*`), including
 * the result's warnings, deprecations and exception lines that Ansible prints
 * inside the same event. Shown as `changed` when `outcome` is `changed` or the
 * result says `changed`. The input result is not modified.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostResultText } from "./mod.ts";
 * assert.equal(
 *   hostResultText({ outcome: "changed", host: "web1", result: { changed: true } }),
 *   "\u001b[0;33mchanged: [web1]\u001b[0m",
 * );
 * assert.equal(
 *   hostResultText({ outcome: "ok", host: "web1", result: { ping: "pong" }, adhoc: true }),
 *   '\u001b[0;32mweb1 | SUCCESS => {\u001b[0m\r\n\u001b[0;32m    "ping": "pong"\u001b[0m\r\n' +
 *     "\u001b[0;32m}\u001b[0m",
 * );
 * ```
 */
export function hostResultText(input: HostResultInput): string {
  const action = input.action ?? "";
  const r = cleanCopy(input.result, { noLog: input.noLog, action }, false);
  const out: string[] = [];
  if (input.adhoc) renderMinimal(out, input, r, action);
  else renderDefault(out, input, r, action);
  return ptyText(out);
}
