/**
 * Size limits on inventory input. The worker runs one event loop: while it
 * parses, its `job_timeout`/`idle_timeout` timers and signal handlers wait.
 * These bounds keep one untrusted file from blocking them for long or
 * exhausting memory. Measured on a busy two-core machine: the `yaml` package
 * parses ~1 MB of YAML per second and holds ~100 bytes of memory per byte
 * parsed (a 20 MB YAML inventory: 25 s with the loop blocked, 2 GB RSS);
 * JSON parses ~20 MB per second. Host ranges are bounded too: a few bytes
 * can name a billion hosts.
 *
 * @module
 */

const MIB = 1024 * 1024;

/**
 * Largest inventory source or `group_vars`/`host_vars` file tachyon reads.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_INVENTORY_FILE_BYTES } from "./limits.ts";
 *
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "web1\n");
 * const info = await Deno.stat(path);
 * assert.ok(info.size <= MAX_INVENTORY_FILE_BYTES);
 * await Deno.remove(path);
 * ```
 */
export const MAX_INVENTORY_FILE_BYTES = 256 * MIB;

/**
 * Largest YAML text tachyon parses (~5 s with the event loop blocked on a
 * busy machine). JSON, which parses ~20 times faster, is bounded by
 * {@link MAX_INVENTORY_FILE_BYTES} and {@link MAX_SCRIPT_STDOUT_BYTES} only.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_YAML_BYTES } from "./limits.ts";
 *
 * const text = "all:\n  hosts:\n    web1:\n";
 * assert.ok(text.length <= MAX_YAML_BYTES);
 * assert.equal(MAX_YAML_BYTES, 4 * 1024 * 1024);
 * ```
 */
export const MAX_YAML_BYTES = 4 * MIB;

/**
 * Largest `--list`/`--host` output an inventory script may print.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_SCRIPT_STDOUT_BYTES } from "./limits.ts";
 *
 * assert.equal(MAX_SCRIPT_STDOUT_BYTES / 1024 / 1024, 256);
 * ```
 */
export const MAX_SCRIPT_STDOUT_BYTES = 256 * MIB;

/**
 * How much of an inventory script's stderr is kept for error messages (the
 * rest is read and dropped, so the script never blocks on a full pipe).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_SCRIPT_STDERR_BYTES } from "./limits.ts";
 *
 * assert.equal(MAX_SCRIPT_STDERR_BYTES, 1048576);
 * ```
 */
export const MAX_SCRIPT_STDERR_BYTES: number = MIB;

/**
 * Most host names one range pattern (`web[001:250]`, nested ranges
 * multiplied) may expand to.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_RANGE_HOSTS } from "./limits.ts";
 *
 * assert.equal(MAX_RANGE_HOSTS, 1_000_000);
 * ```
 */
export const MAX_RANGE_HOSTS = 1_000_000;

/**
 * `256 MiB` for a byte count (limits are whole MiB or KiB).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatLimit, MAX_YAML_BYTES } from "./limits.ts";
 *
 * assert.equal(formatLimit(MAX_YAML_BYTES), "4 MiB");
 * assert.equal(formatLimit(1536), "1536 bytes");
 * ```
 */
export function formatLimit(bytes: number): string {
  if (bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
