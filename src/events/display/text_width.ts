/**
 * Ansible's `get_text_width`: the terminal columns a text takes, from glibc
 * `wcwidth()`. Banners are padded with stars up to column 80 by this width,
 * so a wide character takes two columns and a combining mark none.
 *
 * @module
 */

import { wcwidth } from "../../python/wcwidth.ts";

/**
 * Ansible's `ansible.utils.display.get_text_width(text)`: glibc's
 * `wcswidth`, the sum of the characters' `wcwidth` up to the first NUL
 * (where the C string ends). If a character there is not printable, Ansible
 * measures the whole text again, counting backspace, DEL, `\x94` and ESC as
 * -1 and other non-printable characters as 0, never below 0. Returns
 * `undefined` where Ansible raises `EnvironmentError` (a non-empty text of
 * zero width).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { textWidth } from "./text_width.ts";
 * assert.equal(textWidth("PLAY [\u65e5\u672c]"), 11);
 * assert.equal(textWidth("e\u0301"), 1);
 * assert.equal(textWidth("\u001b[0m"), 2);
 * assert.equal(textWidth("a\u0000b"), 1);
 * assert.equal(textWidth("\u2028"), undefined);
 * ```
 */
export function textWidth(text: string): number | undefined {
  if (!/[^\x20-\x7e]/.test(text)) return text.length;
  let width = 0;
  let printable = true;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0) break;
    const w = wcwidth(ch, cp);
    if (w < 0) {
      printable = false;
      break;
    }
    width += w;
  }
  if (printable) return width;
  width = 0;
  let counter = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    counter++;
    if (cp === 0x08 || cp === 0x7f || cp === 0x94 || cp === 0x1b) {
      width--;
      counter--;
      continue;
    }
    width += Math.max(wcwidth(ch, cp), 0);
  }
  if (width === 0 && counter) return undefined;
  return width >= 0 ? width : 0;
}
