/**
 * The one-line cyan notices of a play that are neither banners nor host
 * results: `included: file for hosts` (`playbook_on_include`) and
 * `skipping: no hosts matched` (`playbook_on_no_hosts_matched`).
 *
 * @module
 */

import { ANSIBLE_COLORS, stringc } from "./colors.ts";
import { display, ptyText } from "./display.ts";
import { pyStr } from "../../python/str.ts";
import { pyTruthy } from "../../python/truthy.ts";

/**
 * `stdout` of `playbook_on_include`: `included: file for host1, host2` in
 * cyan, with `=> (item=…)` when the include looped (`vars` are the included
 * file's `_ansible_item_label`/`item`/`_ansible_no_log`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { includedText } from "./mod.ts";
 * assert.equal(includedText("/p/t.yml", ["web1"]), "\u001b[0;36mincluded: /p/t.yml for web1\u001b[0m");
 * assert.equal(
 *   includedText("/p/t.yml", ["a", "b"], { item: 1 }),
 *   "\u001b[0;36mincluded: /p/t.yml for a, b => (item=1)\u001b[0m",
 * );
 * ```
 */
export function includedText(
  filename: string,
  hosts: string[],
  vars: Record<string, unknown> = {},
): string {
  let msg = `included: ${filename} for ${hosts.join(", ")}`;
  const label = pyTruthy(vars._ansible_no_log)
    ? "(censored due to no_log)"
    : ("_ansible_item_label" in vars ? vars._ansible_item_label : vars.item);
  if (pyTruthy(label)) msg += ` => (item=${pyStr(label)})`;
  const out: string[] = [];
  display(out, msg, ANSIBLE_COLORS.skip);
  return ptyText(out);
}

/**
 * `stdout` of `playbook_on_no_hosts_matched`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noHostsMatchedText } from "./mod.ts";
 * assert.equal(noHostsMatchedText(), "\u001b[0;36mskipping: no hosts matched\u001b[0m");
 * ```
 */
export function noHostsMatchedText(): string {
  return stringc("skipping: no hosts matched", ANSIBLE_COLORS.skip);
}
