/**
 * The `PLAY RECAP` at the end of a playbook run (`playbook_on_stats`): one
 * line of counters per host, host names sorted the Python way and padded,
 * hosts and non-zero counters coloured as Ansible's `default` callback does.
 *
 * @module
 */

import { displayBanner } from "./banners.ts";
import { codePointCompare } from "../../python/code_point_compare.ts";
import { pyLjust } from "../../python/ljust.ts";
import { ANSIBLE_COLORS, stringc } from "./colors.ts";
import { display, ptyText } from "./display.ts";

/**
 * Per-host counters of the play recap (`playbook_on_stats`).
 *
 * @example
 * ```ts
 * import type { HostCounts } from "./mod.ts";
 * const counts: HostCounts = {
 *   ok: 2,
 *   changed: 1,
 *   unreachable: 0,
 *   failed: 0,
 *   skipped: 0,
 *   rescued: 0,
 *   ignored: 0,
 * };
 * ```
 */
export interface HostCounts {
  /** Tasks that returned ok (changed ones included). */
  ok: number;
  /** Tasks that changed something. */
  changed: number;
  /** Unreachable results (`dark`). */
  unreachable: number;
  /** Failed results not ignored (`failures`). */
  failed: number;
  /** Skipped results. */
  skipped: number;
  /** Failures handled by a `rescue` block. */
  rescued: number;
  /** Failures ignored with `ignore_errors`. */
  ignored: number;
}

/**
 * Options of {@linkcode recapText}.
 *
 * @example
 * ```ts
 * import type { RecapOptions } from "./mod.ts";
 * const options: RecapOptions = { adhoc: true };
 * ```
 */
export interface RecapOptions {
  /** Ad hoc commands print no recap: the text is `""`. */
  adhoc?: boolean;
}

function colorize(lead: string, num: number, color: string): string {
  const s = `${lead}=${pyLjust(String(num), 4)}`;
  return num !== 0 ? stringc(s, color) : s;
}

/**
 * `stdout` of `playbook_on_stats`: the `PLAY RECAP` banner and one line per
 * host, hosts sorted, host names padded to 26 columns and coloured red
 * (failures/unreachable), yellow (changed) or green, non-zero counters coloured.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recapText } from "./mod.ts";
 * const zero = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
 * assert.equal(
 *   recapText({ localhost: { ...zero, ok: 1 } }),
 *   "\r\nPLAY RECAP " + "*".repeat(69) + "\r\n" +
 *     "\u001b[0;32mlocalhost\u001b[0m                  : \u001b[0;32mok=1   \u001b[0m changed=0    " +
 *     "unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   ",
 * );
 * assert.equal(recapText({ localhost: zero }, { adhoc: true }), "");
 * ```
 */
export function recapText(
  stats: Map<string, HostCounts> | Record<string, HostCounts>,
  options: RecapOptions = {},
): string {
  if (options.adhoc) return "";
  const entries = stats instanceof Map ? [...stats.entries()] : Object.entries(stats);
  entries.sort(([a], [b]) => codePointCompare(a, b));
  const out: string[] = [];
  displayBanner(out, "PLAY RECAP");
  const c = ANSIBLE_COLORS;
  for (const [host, t] of entries) {
    const hostColor = t.failed !== 0 || t.unreachable !== 0
      ? c.error
      : t.changed !== 0
      ? c.changed
      : c.ok;
    display(
      out,
      `${pyLjust(stringc(host, hostColor), 37)} : ${colorize("ok", t.ok, c.ok)} ` +
        `${colorize("changed", t.changed, c.changed)} ` +
        `${colorize("unreachable", t.unreachable, c.unreachable)} ` +
        `${colorize("failed", t.failed, c.error)} ${colorize("skipped", t.skipped, c.skip)} ` +
        `${colorize("rescued", t.rescued, c.ok)} ${colorize("ignored", t.ignored, c.warn)}`,
    );
  }
  display(out, "");
  return ptyText(out);
}
