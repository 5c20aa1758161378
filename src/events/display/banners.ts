/**
 * The banner lines of a playbook run (`PLAYBOOK: …`, `PLAY [...]`,
 * `TASK [...]`, `NO MORE HOSTS LEFT`): the text, a space and stars up to
 * column 80, after an empty line, as Ansible's `Display.banner` prints them.
 * Wide characters count two columns, so the stars must be counted the
 * terminal's way.
 *
 * @module
 */

import { ANSIBLE_COLORS } from "./colors.ts";
import { COLUMNS, display, ptyText } from "./display.ts";
import { pyLen } from "../../python/len.ts";
import { pyStrip } from "../../python/strip.ts";
import { textWidth } from "./text_width.ts";

/**
 * `Display.banner(msg)` into a display buffer: an empty line, then the
 * stripped text, a space and at least 3 stars up to column 80.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { displayBanner } from "./banners.ts";
 * import { ptyText } from "./display.ts";
 * const out: string[] = [];
 * displayBanner(out, "PLAY RECAP");
 * assert.equal(ptyText(out), "\r\nPLAY RECAP " + "*".repeat(69));
 * ```
 */
export function displayBanner(out: string[], msg: string): void {
  const text = pyStrip(msg);
  const width = textWidth(text);
  let stars = COLUMNS - (width ?? pyLen(text));
  if (stars <= 3) stars = 3;
  display(out, `\n${text} ${"*".repeat(stars)}`);
}

/**
 * A banner line as `Display.banner` prints it: the text, a space, and stars
 * up to column 80 (at least 3), preceded by an empty line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bannerText } from "./mod.ts";
 * assert.equal(bannerText("NO MORE HOSTS LEFT"), "\r\nNO MORE HOSTS LEFT " + "*".repeat(61));
 * assert.equal(bannerText("TASK [\u65e5\u672c]"), "\r\nTASK [\u65e5\u672c] " + "*".repeat(68));
 * ```
 */
export function bannerText(message: string): string {
  const out: string[] = [];
  displayBanner(out, message);
  return ptyText(out);
}

/**
 * `stdout` of `playbook_on_start`: `""`, or from verbosity 2 on the
 * `PLAYBOOK: <file name>` banner.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { playbookStartText } from "./mod.ts";
 * assert.equal(playbookStartText("/runner/project/site.yml", 2), "\r\nPLAYBOOK: site.yml " + "*".repeat(61));
 * assert.equal(playbookStartText("site.yml"), "");
 * ```
 */
export function playbookStartText(playbookPath: string, verbosity = 0): string {
  if (verbosity <= 1) return "";
  return bannerText(`PLAYBOOK: ${playbookPath.slice(playbookPath.lastIndexOf("/") + 1)}`);
}

/**
 * `stdout` of `playbook_on_play_start`: `PLAY [name]` banner (`PLAY` when the
 * name is blank).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { playBannerText } from "./mod.ts";
 * assert.equal(playBannerText("Demo play"), "\r\nPLAY [Demo play] " + "*".repeat(63));
 * assert.equal(playBannerText("  "), "\r\nPLAY " + "*".repeat(75));
 * ```
 */
export function playBannerText(playName: string): string {
  const name = pyStrip(playName);
  return bannerText(name ? `PLAY [${name}]` : "PLAY");
}

/**
 * Options of {@linkcode taskBannerText}.
 *
 * @example
 * ```ts
 * import type { TaskBannerOptions } from "./mod.ts";
 * const options: TaskBannerOptions = { verbosity: 2, taskPath: "/runner/project/site.yml:3" };
 * ```
 */
export interface TaskBannerOptions {
  /** `TASK` (default), `RUNNING HANDLER` or `CLEANUP TASK`. */
  prefix?: string;
  /** Display verbosity; from 2 on the banner is followed by `task path: …`. */
  verbosity?: number;
  /** `file:line` of the task, shown at verbosity 2 and up. */
  taskPath?: string;
}

/**
 * `stdout` of `playbook_on_task_start`: `TASK [name]` banner. `taskName` is
 * what Ansible's `Task.get_name()` returns: the name, else the action as
 * written (`debug`), prefixed with `role : ` for role tasks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { taskBannerText } from "./mod.ts";
 * assert.equal(taskBannerText("say hi"), "\r\nTASK [say hi] " + "*".repeat(66));
 * assert.equal(
 *   taskBannerText("h1", { prefix: "RUNNING HANDLER" }),
 *   "\r\nRUNNING HANDLER [h1] " + "*".repeat(59),
 * );
 * assert.equal(
 *   taskBannerText("t", { verbosity: 2, taskPath: "/p/site.yml:3" }),
 *   "\r\nTASK [t] " + "*".repeat(71) + "\r\n\u001b[1;30mtask path: /p/site.yml:3\u001b[0m",
 * );
 * ```
 */
export function taskBannerText(taskName: string, options: TaskBannerOptions = {}): string {
  const out: string[] = [];
  displayBanner(out, `${options.prefix ?? "TASK"} [${pyStrip(taskName)}]`);
  if ((options.verbosity ?? 0) >= 2 && options.taskPath) {
    display(out, `task path: ${options.taskPath}`, ANSIBLE_COLORS.debug);
  }
  return ptyText(out);
}

/**
 * `stdout` of `playbook_on_no_hosts_remaining`: the `NO MORE HOSTS LEFT` banner.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noHostsRemainingText } from "./mod.ts";
 * assert.equal(noHostsRemainingText(), "\r\nNO MORE HOSTS LEFT " + "*".repeat(61));
 * ```
 */
export function noHostsRemainingText(): string {
  return bannerText("NO MORE HOSTS LEFT");
}
