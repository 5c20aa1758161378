/**
 * What a host result is rendered from: the input of `hostResultText` and of
 * the callbacks behind it (its own file, so the callbacks need not import the
 * module that dispatches to them).
 *
 * @module
 */
import type { HostOutcome } from "../../engine/types.ts";

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
