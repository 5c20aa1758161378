/**
 * Host results as Ansible's `default` stdout callback prints them for
 * playbooks: `ok: [host]`, `changed: [host] => (item=…)`,
 * `fatal: [host]: FAILED! => {…}`, `skipping: [host]`,
 * `fatal: [host]: UNREACHABLE! => {…}`, plus `...ignoring`.
 *
 * @module
 */

import { INCLUDE_ACTIONS } from "./actions.ts";
import { handleException, hostLabel, itemLabel, runIsVerbose } from "./callback_base.ts";
import { ANSIBLE_COLORS } from "./colors.ts";
import type { Dict } from "../../python/dict.ts";
import { pyTruthy } from "../../python/truthy.ts";
import { display } from "./display.ts";
import type { HostResultInput } from "./host_result_input.ts";
import { cleanResults } from "./result_cleaning.ts";
import { dumpResults } from "./result_dump.ts";
import { handleWarnings } from "./warnings.ts";

/**
 * The `default` callback's `v2_runner_on_*` / `v2_runner_item_on_*` handler
 * for `input.outcome`, into a display buffer. `r` is the callback copy of
 * `input.result` (see `cleanCopy`); it is modified (warnings and cleaned keys
 * removed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderDefault } from "./default_callback.ts";
 * import { ptyText } from "./display.ts";
 * const out: string[] = [];
 * const input = { outcome: "ok" as const, host: "h", result: {}, item: true };
 * renderDefault(out, input, { item: "a", changed: false }, "command");
 * assert.equal(ptyText(out), "\u001b[0;32mok: [h] => (item=a)\u001b[0m");
 * ```
 */
export function renderDefault(
  out: string[],
  input: HostResultInput,
  r: Dict,
  action: string,
): void {
  const verbosity = input.verbosity ?? 0;
  const label = hostLabel(input.host, input.delegateTo, r);
  const dump = () => dumpResults(r, verbosity);
  switch (input.outcome) {
    case "ok":
    case "changed": {
      if (INCLUDE_ACTIONS.has(action)) return;
      const changed = input.outcome === "changed" || pyTruthy(r.changed);
      const color = changed ? ANSIBLE_COLORS.changed : ANSIBLE_COLORS.ok;
      let msg = `${changed ? "changed" : "ok"}: [${label}]`;
      if (input.item) {
        msg += ` => (item=${itemLabel(r)})`;
        cleanResults(r, action);
      } else {
        handleWarnings(out, r, input.seenWarnings);
        if (input.loop && "results" in r) return;
        cleanResults(r, action);
      }
      if (runIsVerbose(r, verbosity)) msg += ` => ${dump()}`;
      display(out, msg, color);
      return;
    }
    case "failed": {
      cleanResults(r, action);
      handleException(out, r, verbosity);
      handleWarnings(out, r, input.seenWarnings);
      if (input.item) {
        display(
          out,
          `failed: [${label}] (item=${itemLabel(r)}) => ${dump()}`,
          ANSIBLE_COLORS.error,
        );
        return;
      }
      if (!(input.loop && "results" in r)) {
        display(out, `fatal: [${label}]: FAILED! => ${dump()}`, ANSIBLE_COLORS.error);
      }
      if (input.ignoreErrors) display(out, "...ignoring", ANSIBLE_COLORS.skip);
      return;
    }
    case "skipped": {
      cleanResults(r, action);
      let msg = `skipping: [${input.host}]`;
      if (input.item) msg += ` => (item=${itemLabel(r)}) `;
      else if (input.loop) delete r.results;
      if (runIsVerbose(r, verbosity)) msg += ` => ${dump()}`;
      display(out, msg, ANSIBLE_COLORS.skip);
      return;
    }
    case "unreachable": {
      display(out, `fatal: [${label}]: UNREACHABLE! => ${dump()}`, ANSIBLE_COLORS.unreachable);
      if (input.ignoreUnreachable) display(out, "...ignoring", ANSIBLE_COLORS.skip);
      return;
    }
  }
}
