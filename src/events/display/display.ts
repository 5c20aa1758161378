/**
 * Ansible's `Display.display` writing into a buffer, and the text the
 * buffer becomes in an event's `stdout` once it went through
 * ansible-runner's pty and output filter. Every renderer collects its lines
 * with {@linkcode display} and returns {@linkcode ptyText}.
 *
 * @module
 */

import { stringc } from "./colors.ts";

/**
 * Terminal width Ansible uses under ansible-runner's 80-column pty
 * (`max(79, cols - 1)`): banners end at column 80, warnings wrap at 79.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { COLUMNS } from "./display.ts";
 * assert.equal(COLUMNS, 79);
 * ```
 */
export const COLUMNS = 79;

/**
 * `Display.display(msg, color)`: appends `msg` without one trailing newline,
 * coloured (each line) when `color` is given, then a newline, to `out`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { display } from "./display.ts";
 * const out: string[] = [];
 * display(out, "ok: [h]\n", "0;32");
 * assert.deepEqual(out, ["\u001b[0;32mok: [h]\u001b[0m", "\n"]);
 * ```
 */
export function display(out: string[], msg: string, color?: string): void {
  const body = msg.endsWith("\n") ? msg.slice(0, -1) : msg;
  out.push(color ? stringc(body, color) : body, "\n");
}

/**
 * The `stdout` of an event from what was displayed: joined, trailing line
 * breaks stripped (ansible-runner's `OutputEventFilter` does
 * `rstrip('\r\n')`), and each `\n` as the pty writes it, `\r\n`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { display, ptyText } from "./display.ts";
 * const out: string[] = [];
 * display(out, "\nPLAY");
 * display(out, "");
 * assert.equal(ptyText(out), "\r\nPLAY");
 * ```
 */
export function ptyText(out: string[]): string {
  const text = out.join("");
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  const trimmed = text.slice(0, end);
  return trimmed.includes("\n") ? trimmed.replaceAll("\n", "\r\n") : trimmed;
}
