/**
 * Timestamps in the form ansible-runner writes them.
 *
 * @module
 */

/**
 * ISO-8601 UTC with microseconds and an explicit offset, like Python's
 * `datetime.now(timezone.utc).isoformat()`: `2026-11-28T15:42:20.487257+00:00`.
 *
 * @example
 * ```ts
 * isoTimestamp(new Date(0)); // "1970-01-01T00:00:00.000000+00:00"
 * ```
 */
export function isoTimestamp(date: Date = new Date(), microseconds?: number): string {
  const iso = date.toISOString(); // 2026-11-28T15:42:20.487Z
  const micros = microseconds ?? date.getUTCMilliseconds() * 1000;
  return `${iso.slice(0, 19)}.${String(micros).padStart(6, "0")}+00:00`;
}

/**
 * The current time as {@linkcode isoTimestamp}, with sub-millisecond digits
 * from the high-resolution clock.
 *
 * @example
 * ```ts
 * nowTimestamp(); // "2026-11-28T15:42:20.487257+00:00"
 * ```
 */
export function nowTimestamp(): string {
  const nowMs = performance.timeOrigin + performance.now();
  const date = new Date(Math.floor(nowMs));
  const micros = Math.floor((nowMs % 1000) * 1000);
  return isoTimestamp(date, Math.min(999999, Math.max(0, micros)));
}
