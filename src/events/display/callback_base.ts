/**
 * Helpers Ansible's callbacks inherit from `CallbackBase` and share: the
 * exception line of a failed result, whether a result is shown in full, the
 * `(item=…)` label of a loop item and the `host -> delegate` label. Both the
 * `default` and the `minimal` renderer and the retry line use them.
 *
 * @module
 */

import { ANSIBLE_COLORS } from "./colors.ts";
import { type Dict, isDict } from "../../python/dict.ts";
import { pyStr } from "../../python/str.ts";
import { pyStrip } from "../../python/strip.ts";
import { pyTruthy } from "../../python/truthy.ts";
import { display } from "./display.ts";

/**
 * `CallbackBase._handle_exception` into a display buffer: for a result with
 * `exception`, below verbosity 3 the last line of the traceback, from 3 on
 * the full traceback (and `exception` is then removed from `r`), in red.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { handleException } from "./callback_base.ts";
 * import { ptyText } from "./display.ts";
 * const out: string[] = [];
 * handleException(out, { exception: "Traceback\nValueError: bad\n" }, 0);
 * assert.equal(
 *   ptyText(out),
 *   "\u001b[0;31mAn exception occurred during task execution. To see the full traceback, " +
 *     "use -vvv. The error was: ValueError: bad\u001b[0m",
 * );
 * ```
 */
export function handleException(out: string[], r: Dict, verbosity: number): void {
  if (!("exception" in r)) return;
  const exception = pyStr(r.exception);
  let msg = "An exception occurred during task execution. ";
  if (verbosity < 3) {
    const lines = pyStrip(exception).split("\n");
    msg += "To see the full traceback, use -vvv. The error was: " + lines[lines.length - 1];
  } else {
    msg = "The full traceback is:\n" + exception;
    delete r.exception;
  }
  display(out, msg, ANSIBLE_COLORS.error);
}

/**
 * `CallbackBase._run_is_verbose`: whether a result is printed after `=>`:
 * the display verbosity is above `threshold` or the result sets
 * `_ansible_verbose_always: true`, and it does not set
 * `_ansible_verbose_override`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runIsVerbose } from "./callback_base.ts";
 * assert.equal(runIsVerbose({ _ansible_verbose_always: true }, 0), true);
 * assert.equal(runIsVerbose({}, 1), true);
 * assert.equal(runIsVerbose({}, 2, 2), false);
 * ```
 */
export function runIsVerbose(r: Dict, displayVerbosity: number, threshold = 0): boolean {
  const override = "_ansible_verbose_override" in r ? r._ansible_verbose_override : false;
  return (displayVerbosity > threshold || r._ansible_verbose_always === true) && override === false;
}

/**
 * `CallbackBase._get_item_label`: the `(item=…)` text of a loop item result,
 * `_ansible_item_label` (a `loop_control.label`) or else `item`, as Python's
 * `str()`; `(censored due to no_log)` under `no_log`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { itemLabel } from "./callback_base.ts";
 * assert.equal(itemLabel({ item: { a: 1 } }), "{'a': 1}");
 * assert.equal(itemLabel({ item: { a: 1 }, _ansible_item_label: 1 }), "1");
 * assert.equal(itemLabel({ item: "x", _ansible_no_log: true }), "(censored due to no_log)");
 * ```
 */
export function itemLabel(r: Dict): string {
  if (pyTruthy(r._ansible_no_log)) return "(censored due to no_log)";
  return pyStr("_ansible_item_label" in r ? r._ansible_item_label : r.item);
}

/**
 * `CallbackBase.host_label`: the host name, with ` -> delegate` for a task
 * delegated to another host, and `(address)` when the delegate's
 * `ansible_host` (from `_ansible_delegated_vars`) differs from its name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostLabel } from "./callback_base.ts";
 * assert.equal(hostLabel("web1", undefined, {}), "web1");
 * assert.equal(
 *   hostLabel("web1", "db", { _ansible_delegated_vars: { ansible_host: "10.0.0.2" } }),
 *   "web1 -> db(10.0.0.2)",
 * );
 * ```
 */
export function hostLabel(host: string, delegateTo: string | undefined, r: Dict): string {
  let label = host;
  if (delegateTo && delegateTo !== host) {
    label += ` -> ${delegateTo}`;
    const vars = r._ansible_delegated_vars;
    const ahost = isDict(vars) && "ansible_host" in vars ? vars.ansible_host : delegateTo;
    if (delegateTo !== ahost) label += `(${pyStr(ahost)})`;
  }
  return label;
}
