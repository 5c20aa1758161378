/**
 * The numbers of the zip format (APPNOTE.TXT) that both the reader
 * (`zip_reader.ts`) and the writer (`zip_writer.ts`) use: record
 * signatures, fixed record sizes, compression methods and flag bits. One
 * place, so the two sides cannot disagree.
 *
 * @module
 */

/**
 * Record signatures (little-endian `uint32` at the start of each record).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SIGNATURE } from "./zip_format.ts";
 *
 * assert.equal(SIGNATURE.local, 0x04034b50); // "PK\x03\x04"
 * ```
 */
export const SIGNATURE = {
  local: 0x04034b50,
  central: 0x02014b50,
  end: 0x06054b50,
  end64: 0x06064b50,
  end64Locator: 0x07064b50,
} as const;

/**
 * Fixed sizes in bytes of records (without their variable name, extra and
 * comment fields), and the longest archive comment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RECORD_SIZE } from "./zip_format.ts";
 *
 * assert.equal(RECORD_SIZE.end, 22); // an empty zip is just its end record
 * ```
 */
export const RECORD_SIZE = {
  end: 22,
  end64: 56,
  end64Locator: 20,
  central: 46,
  local: 30,
  maxComment: 0xffff,
} as const;

/**
 * Compression methods tachyon reads and writes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { METHOD } from "./zip_format.ts";
 *
 * assert.equal(METHOD.deflated, 8);
 * ```
 */
export const METHOD = { stored: 0, deflated: 8 } as const;

/**
 * General purpose flag bits tachyon looks at.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FLAG } from "./zip_format.ts";
 *
 * assert.equal(0x0800 & FLAG.utf8, FLAG.utf8); // bit 11: the name is UTF-8
 * ```
 */
export const FLAG = { encrypted: 0x1, utf8: 0x800 } as const;
