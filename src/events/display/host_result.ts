/**
 * The `stdout` of a host result event (`runner_on_ok`, `runner_on_failed`,
 * …): what a task printed for one host. Playbooks go through Ansible's
 * `default` callback, ad hoc commands through `minimal`; both start from the
 * cleaned callback copy of the result.
 *
 * @module
 */

import type { HostResultInput } from "./host_result_input.ts";
import { renderDefault } from "./default_callback.ts";
import { ptyText } from "./display.ts";
import { renderMinimal } from "./minimal_callback.ts";
import { cleanCopy } from "./result_cleaning.ts";

export type { HostResultInput } from "./host_result_input.ts";

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
