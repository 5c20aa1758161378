/**
 * The tachyon release version, reported as `ansible-runner --version` and as
 * `runner_version` in `worker --worker-info`. Always three dot-separated parts,
 * so YAML never reads it as a number.
 *
 * @example
 * ```ts
 * import { VERSION } from "./version.ts";
 * console.log(`ansible-runner-${VERSION}`);
 * ```
 */
export const VERSION = "0.1.0";
