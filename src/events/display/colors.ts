/**
 * Ansible's default colours and its `stringc`, which wraps each line of a
 * text in its own SGR sequence. ansible-runner's pty makes Ansible colour its
 * output, so event `stdout` carries these sequences.
 *
 * @module
 */

/**
 * ANSI SGR codes of Ansible's default colours (`ansible.constants.COLOR_*`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ANSIBLE_COLORS } from "./mod.ts";
 * assert.equal(`\u001b[${ANSIBLE_COLORS.ok}mok\u001b[0m`, "\u001b[0;32mok\u001b[0m"); // green "ok"
 * ```
 */
export const ANSIBLE_COLORS = {
  ok: "0;32",
  changed: "0;33",
  error: "0;31",
  unreachable: "1;31",
  skip: "0;36",
  warn: "1;35",
  deprecate: "0;35",
  debug: "1;30",
  verbose: "0;34",
} as const;

/**
 * `ansible.utils.color.stringc(text, color)`: the text in the SGR colour
 * `color`, each `\n`-separated line coloured (and reset) on its own.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ANSIBLE_COLORS, stringc } from "./colors.ts";
 * assert.equal(stringc("a\nb", ANSIBLE_COLORS.ok), "\u001b[0;32ma\u001b[0m\n\u001b[0;32mb\u001b[0m");
 * ```
 */
export function stringc(text: string, color: string): string {
  const open = `\u001b[${color}m`;
  if (!text.includes("\n")) return open + text + "\u001b[0m";
  return text.split("\n").map((t) => open + t + "\u001b[0m").join("\n");
}
