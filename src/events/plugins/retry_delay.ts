/**
 * The HTTP emitter's backoff: how long to wait before sending a message
 * again after its `failures`-th failed attempt.
 *
 * @module
 */

/**
 * The backoff's shape.
 *
 * @example
 * ```ts
 * import type { Backoff } from "./retry_delay.ts";
 *
 * const backoff: Backoff = { firstMs: 250, maxMs: 4000 };
 * ```
 */
export interface Backoff {
  /** The wait after the first failure. */
  readonly firstMs: number;
  /** The longest wait. */
  readonly maxMs: number;
}

/**
 * The emitter's default: 0.25 s, doubling, at most 4 s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_BACKOFF } from "./retry_delay.ts";
 *
 * assert.equal(DEFAULT_BACKOFF.maxMs, 4000);
 * ```
 */
export const DEFAULT_BACKOFF: Backoff = { firstMs: 250, maxMs: 4000 };

/**
 * Exponential backoff: `firstMs`, then doubling, capped at `maxMs`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { retryDelayMs } from "./retry_delay.ts";
 *
 * const backoff = { firstMs: 250, maxMs: 4000 };
 * assert.deepEqual([1, 2, 3, 4, 5, 6, 60].map((n) => retryDelayMs(n, backoff)),
 *   [250, 500, 1000, 2000, 4000, 4000, 4000]);
 * ```
 */
export function retryDelayMs(failures: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** doublings);
}
