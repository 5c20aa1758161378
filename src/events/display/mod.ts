/**
 * The human-readable `stdout` of ansible-runner events, byte for byte as
 * ansible-runner's `awx_display` callback produces it on top of Ansible
 * 2.14's `default` stdout callback (playbooks) or `minimal` callback (ad hoc
 * commands), seen through a pty: width-79 terminal (80-column banners), every
 * line coloured on its own, lines joined with `\r\n`, trailing line breaks
 * stripped.
 *
 * All functions are pure. Results are rendered from the dict a callback
 * receives (an event's `res`), or from a raw module result: `failed`,
 * `skipped` and internal `_ansible_*` keys are dropped the way Ansible's
 * `TaskResult.clean_copy` does before any callback sees them.
 *
 * The files behind this module follow Ansible's own split: banners, host
 * results (`default` and `minimal` callbacks), result cleaning and dumping,
 * warnings and deprecations, and the recap. The Python text behaviour they
 * rely on (`repr`, `strip`, `textwrap`, glibc `wcwidth`) lives in
 * `src/python/`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostResultText, taskBannerText } from "./mod.ts";
 * const stdout = [
 *   taskBannerText("say hi"),
 *   hostResultText({ outcome: "ok", host: "web1", result: { msg: "hi" }, action: "debug" }),
 * ];
 * assert.deepEqual(stdout, [
 *   "\r\nTASK [say hi] " + "*".repeat(66),
 *   "\u001b[0;32mok: [web1]\u001b[0m",
 * ]);
 * ```
 *
 * @module
 */

export type { HostOutcome } from "../../engine/types.ts";
export {
  bannerText,
  noHostsRemainingText,
  playBannerText,
  playbookStartText,
  type TaskBannerOptions,
  taskBannerText,
} from "./banners.ts";
export { ANSIBLE_COLORS } from "./colors.ts";
export { type HostResultInput, hostResultText } from "./host_result.ts";
export { includedText, noHostsMatchedText } from "./play_notices.ts";
export { type HostCounts, type RecapOptions, recapText } from "./recap.ts";
export {
  callbackResult,
  type CallbackResultOptions,
  CENSORED,
  displayableResult,
} from "./result_cleaning.ts";
export { type RetryInput, retryText } from "./retry.ts";
export { type DeprecationOptions, deprecationText, warningText } from "./warnings.ts";
