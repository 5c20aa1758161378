/**
 * DOS date/time fields of zip entries ↔ local time, as Python's `zipfile`
 * converts them: the reader turns them into an mtime, the writer turns an
 * mtime into them. Both read the fields as local time, so the two
 * directions are kept together.
 *
 * @module
 */

/**
 * DOS 1980-01-01 00:00:00 (the default `ZipInfo` date).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DOS_EPOCH } from "./dos_time.ts";
 *
 * assert.deepEqual(DOS_EPOCH, { time: 0, date: 33 });
 * ```
 */
export const DOS_EPOCH: { readonly time: number; readonly date: number } = {
  time: 0,
  date: (1 << 5) | 1,
};

/**
 * `time.localtime(mtime)` clamped into 1980…2107 (`strict_timestamps=False`), as DOS fields.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DOS_EPOCH, dosDateTime } from "./dos_time.ts";
 *
 * assert.equal(dosDateTime(null), DOS_EPOCH);
 * assert.equal(dosDateTime(new Date(2001, 1, 3, 4, 5, 6)).date, (21 << 9) | (2 << 5) | 3);
 * ```
 */
export function dosDateTime(mtime: Date | null): { time: number; date: number } {
  if (mtime === null) return DOS_EPOCH;
  const local = new Date(Math.floor(mtime.getTime() / 1000) * 1000);
  const year = local.getFullYear();
  if (year < 1980) return DOS_EPOCH;
  if (year > 2107) {
    return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  }
  return {
    time: (local.getHours() << 11) | (local.getMinutes() << 5) | (local.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((local.getMonth() + 1) << 5) | local.getDate(),
  };
}

/**
 * `time.mktime(date_time + (0, 0, -1))`: the DOS fields read as local time.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dosDateTime, dosToEpochSeconds } from "./dos_time.ts";
 *
 * const when = new Date(2001, 1, 3, 4, 5, 6);
 * const { time, date } = dosDateTime(when);
 * assert.equal(dosToEpochSeconds(time, date), when.getTime() / 1000);
 * ```
 */
export function dosToEpochSeconds(time: number, date: number): number {
  const year = (date >> 9) + 1980;
  const month = (date >> 5) & 0xf;
  const day = date & 0x1f;
  const hour = time >> 11;
  const minute = (time >> 5) & 0x3f;
  const second = (time & 0x1f) * 2;
  return new Date(year, month - 1, day, hour, minute, second).getTime() / 1000;
}
