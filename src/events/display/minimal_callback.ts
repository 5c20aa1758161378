/**
 * Host results as Ansible's `minimal` stdout callback prints them for ad hoc
 * commands: `host | SUCCESS => {…}` with the result indented, or for
 * command-like modules `host | CHANGED | rc=0 >>` followed by the raw output.
 *
 * @module
 */

import { MODULE_NO_JSON } from "./actions.ts";
import { handleException } from "./callback_base.ts";
import { ANSIBLE_COLORS } from "./colors.ts";
import type { Dict } from "../../python/dict.ts";
import { pyStr } from "../../python/str.ts";
import { pyTruthy } from "../../python/truthy.ts";
import { display } from "./display.ts";
import type { HostResultInput } from "./host_result_input.ts";
import { cleanResults } from "./result_cleaning.ts";
import { dumpResults } from "./result_dump.ts";
import { handleWarnings } from "./warnings.ts";

/**
 * The `minimal` callback's `_command_generic_msg`: `host | caption | rc=N >>`,
 * then `stdout`, `stderr` and `msg` run together, then a newline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { commandGenericMsg } from "./minimal_callback.ts";
 * assert.equal(
 *   commandGenericMsg("h", { rc: 0, stdout: "hi", stderr: "" }, "CHANGED"),
 *   "h | CHANGED | rc=0 >>\nhi\n",
 * );
 * ```
 */
export function commandGenericMsg(host: string, r: Dict, caption: string): string {
  const field = (k: string) => (r[k] === undefined || r[k] === null ? "" : pyStr(r[k]));
  return `${host} | ${caption} | rc=${pyStr("rc" in r ? r.rc : -1)} >>\n` + field("stdout") +
    field("stderr") + field("msg") + "\n";
}

/**
 * The `minimal` callback's `v2_runner_on_*` handler for `input.outcome`, into
 * a display buffer (item results print nothing: the callback has no item
 * handlers). `r` is the callback copy of `input.result` (see `cleanCopy`);
 * it is modified.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ptyText } from "./display.ts";
 * import { renderMinimal } from "./minimal_callback.ts";
 * const out: string[] = [];
 * const input = { outcome: "skipped" as const, host: "h", result: {} };
 * renderMinimal(out, input, {}, "ping");
 * assert.equal(ptyText(out), "\u001b[0;36mh | SKIPPED\u001b[0m");
 * ```
 */
export function renderMinimal(
  out: string[],
  input: HostResultInput,
  r: Dict,
  action: string,
): void {
  if (input.item) return; // the minimal callback has no item handlers
  const verbosity = input.verbosity ?? 0;
  const host = input.host;
  switch (input.outcome) {
    case "ok":
    case "changed": {
      cleanResults(r, action);
      handleWarnings(out, r, input.seenWarnings);
      const changed = input.outcome === "changed" || pyTruthy(r.changed);
      const color = changed ? ANSIBLE_COLORS.changed : ANSIBLE_COLORS.ok;
      const state = changed ? "CHANGED" : "SUCCESS";
      if (MODULE_NO_JSON.has(action) && !("ansible_job_id" in r)) {
        display(out, commandGenericMsg(host, r, state), color);
      } else {
        display(out, `${host} | ${state} => ${dumpResults(r, verbosity, 4)}`, color);
      }
      return;
    }
    case "failed": {
      handleException(out, r, verbosity);
      handleWarnings(out, r, input.seenWarnings);
      if (MODULE_NO_JSON.has(action) && !("module_stderr" in r)) {
        display(out, commandGenericMsg(host, r, "FAILED"), ANSIBLE_COLORS.error);
      } else {
        display(out, `${host} | FAILED! => ${dumpResults(r, verbosity, 4)}`, ANSIBLE_COLORS.error);
      }
      return;
    }
    case "skipped":
      display(out, `${host} | SKIPPED`, ANSIBLE_COLORS.skip);
      return;
    case "unreachable":
      display(
        out,
        `${host} | UNREACHABLE! => ${dumpResults(r, verbosity, 4)}`,
        ANSIBLE_COLORS.unreachable,
      );
      return;
  }
}
