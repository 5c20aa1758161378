/**
 * Ansible's warnings and deprecation warnings: `[WARNING]: …` and
 * `[DEPRECATION WARNING]: …` wrapped at 79 columns, each line coloured, each
 * text shown once per run. They appear on their own (a `warning` event) or
 * inside the host result event whose result carried them.
 *
 * @module
 */

import { ANSIBLE_COLORS } from "./colors.ts";
import { type Dict, isDict } from "../../python/dict.ts";
import { pyIter } from "../../python/iter.ts";
import { pyStr } from "../../python/str.ts";
import { pyStrip } from "../../python/strip.ts";
import { textWrap } from "../../python/textwrap.ts";
import { pyTruthy } from "../../python/truthy.ts";
import { COLUMNS, display, ptyText } from "./display.ts";

/**
 * Options of a deprecation message (`Display.deprecated` keyword arguments).
 *
 * @example
 * ```ts
 * import type { DeprecationOptions } from "./mod.ts";
 * const options: DeprecationOptions = { version: "2.99", collectionName: "ansible.builtin" };
 * ```
 */
export interface DeprecationOptions {
  /** Version the feature goes away in. */
  version?: string;
  /** Date the feature goes away after (wins over `version`). */
  date?: string;
  /** Collection deprecating it (`ansible.builtin` shows as `ansible-core`). */
  collectionName?: string;
  /** Per-run set of texts already shown; a repeated text renders as `""`. */
  seen?: Set<string>;
}

/**
 * `Display.warning(message)` into a display buffer: `[WARNING]: message`
 * wrapped at 79 columns in bold purple; nothing when the wrapped text is in
 * `seen` (which it is then added to).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ptyText } from "./display.ts";
 * import { displayWarning } from "./warnings.ts";
 * const out: string[] = [];
 * displayWarning(out, "careful");
 * assert.equal(ptyText(out), "\u001b[1;35m[WARNING]: careful\u001b[0m");
 * ```
 */
export function displayWarning(out: string[], message: string, seen?: Set<string>): void {
  const text = textWrap(`[WARNING]: ${message}`, COLUMNS).join("\n") + "\n";
  if (seen) {
    if (seen.has(text)) return;
    seen.add(text);
  }
  display(out, text, ANSIBLE_COLORS.warn);
}

/**
 * `Display.deprecated(msg, …)` into a display buffer: the message with a
 * final full stop, when the feature goes away and how to silence it, wrapped
 * at 79 columns (whitespace inside kept), in purple; nothing when the text is
 * in `options.seen` (which it is then added to).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ptyText } from "./display.ts";
 * import { displayDeprecation } from "./warnings.ts";
 * const out: string[] = [];
 * displayDeprecation(out, "old", { date: "2030-01-01" });
 * assert.ok(ptyText(out).startsWith(
 *   "\u001b[0;35m[DEPRECATION WARNING]: old. This feature will be removed in a release after ",
 * ));
 * ```
 */
export function displayDeprecation(out: string[], msg: string, options: DeprecationOptions): void {
  let text = pyStrip(msg);
  if (text && !"!?.".includes(text[text.length - 1])) text += ".";
  const collection = options.collectionName === "ansible.builtin"
    ? "ansible-core"
    : options.collectionName;
  const when = options.date
    ? `in a release after ${options.date}.`
    : options.version
    ? `in version ${options.version}.`
    : "in a future release.";
  const message = [
    `[DEPRECATION WARNING]: ${text}`,
    "This feature will be removed",
    collection ? `from ${collection}` : "",
    when,
    "Deprecation warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.",
  ].filter((f) => f).join(" ");
  const wrapped = textWrap(message, COLUMNS, false).join("\n") + "\n";
  if (options.seen) {
    if (options.seen.has(wrapped)) return;
    options.seen.add(wrapped);
  }
  display(out, pyStrip(wrapped), ANSIBLE_COLORS.deprecate);
}

/**
 * `CallbackBase._handle_warnings`: displays a result's non-empty `warnings`
 * and `deprecations` (whatever their type, iterated the Python way) and
 * removes them from `r`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ptyText } from "./display.ts";
 * import { handleWarnings } from "./warnings.ts";
 * const out: string[] = [];
 * const result: Record<string, unknown> = { rc: 0, warnings: ["careful"], deprecations: [] };
 * handleWarnings(out, result);
 * assert.equal(ptyText(out), "\u001b[1;35m[WARNING]: careful\u001b[0m");
 * assert.deepEqual(result, { rc: 0, deprecations: [] });
 * ```
 */
export function handleWarnings(out: string[], r: Dict, seen?: Set<string>): void {
  if (pyTruthy(r.warnings)) {
    for (const w of pyIter(r.warnings)) displayWarning(out, pyStr(w), seen);
    delete r.warnings;
  }
  if (pyTruthy(r.deprecations)) {
    for (const d of pyIter(r.deprecations)) {
      const dep = isDict(d) ? d : { msg: d };
      const opt = (
        k: string,
      ) => (dep[k] === undefined || dep[k] === null ? undefined : pyStr(dep[k]));
      displayDeprecation(out, pyStr(dep.msg ?? ""), {
        version: opt("version"),
        date: opt("date"),
        collectionName: opt("collection_name"),
        seen,
      });
    }
    delete r.deprecations;
  }
}

/**
 * `Display.warning` text: `[WARNING]: message` wrapped at 79 columns, each
 * line bold purple. Shown inside the host result event when it comes from a
 * result; on its own it is a `warning` event (or, printed before the callback
 * loads, one `verbose` event per line). Returns `""` for a text already in
 * `seen` (Ansible shows each warning once per run).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { warningText } from "./mod.ts";
 * assert.equal(
 *   warningText("No inventory was parsed, only implicit localhost is available"),
 *   "\u001b[1;35m[WARNING]: No inventory was parsed, only implicit localhost is available\u001b[0m",
 * );
 * const seen = new Set<string>();
 * warningText("once", seen);
 * assert.equal(warningText("once", seen), "");
 * ```
 */
export function warningText(message: string, seen?: Set<string>): string {
  const out: string[] = [];
  displayWarning(out, message, seen);
  return ptyText(out);
}

/**
 * `Display.deprecated` text: `[DEPRECATION WARNING]: …` wrapped at 79
 * columns (inner trailing spaces kept), each line purple.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deprecationText } from "./mod.ts";
 * assert.equal(
 *   deprecationText("old thing", { version: "2.99", collectionName: "ansible.builtin" }),
 *   "\u001b[0;35m[DEPRECATION WARNING]: old thing. This feature will be removed from ansible-\u001b[0m\r\n" +
 *     "\u001b[0;35mcore in version 2.99. Deprecation warnings can be disabled by setting \u001b[0m\r\n" +
 *     "\u001b[0;35mdeprecation_warnings=False in ansible.cfg.\u001b[0m",
 * );
 * ```
 */
export function deprecationText(message: string, options: DeprecationOptions = {}): string {
  const out: string[] = [];
  displayDeprecation(out, message, options);
  return ptyText(out);
}
