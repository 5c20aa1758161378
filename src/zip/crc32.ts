/**
 * CRC-32 (the zip / zlib polynomial), computed natively by `node:zlib`.
 *
 * @module
 */

import { crc32 as zlibCrc32 } from "node:zlib";

/**
 * Returns the CRC-32 of `data`, continuing from `previous` (the CRC of the
 * bytes before `data`; 0 to start).
 *
 * @example
 * ```ts
 * crc32(new TextEncoder().encode("123456789")); // 0xcbf43926
 * const whole = crc32(new Uint8Array([2]), crc32(new Uint8Array([1])));
 * ```
 */
export function crc32(data: Uint8Array, previous = 0): number {
  return zlibCrc32(data, previous) >>> 0;
}
