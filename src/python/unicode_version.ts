/**
 * Which Unicode CPython 3.11 knows: its character database is Unicode 14.0
 * (so is glibc 2.36's, behind `wcwidth`), while V8's regular expressions
 * know Unicode 16. Characters added since are unassigned (`Cn`) to Python:
 * `repr()` escapes them, `isprintable()` rejects them. This table lists
 * those characters, as V8's `\p{Cn}` and Python's
 * `unicodedata.category(c) == "Cn"` differ (`tests/python/repr_test.ts`
 * compares every code point with `/usr/bin/python3`, so a V8 with a newer
 * Unicode fails there loudly).
 *
 * @module
 */

import { findRange } from "./range_table.ts";

/** First and last code point of each range assigned after Unicode 14.0. */
// deno-fmt-ignore
const AFTER_14: readonly number[] = [
  0x897, 0x897, 0xcf3, 0xcf3, 0xece, 0xece, 0x1b4e, 0x1b4f, 0x1b7f, 0x1b7f, 0x1c89, 0x1c8a, 0x2427,
  0x2429, 0x2ffc, 0x2fff, 0x31e4, 0x31e5, 0x31ef, 0x31ef, 0xa7cb, 0xa7cd, 0xa7da, 0xa7dc, 0x105c0,
  0x105f3, 0x10d40, 0x10d65, 0x10d69, 0x10d85, 0x10d8e, 0x10d8f, 0x10ec2, 0x10ec4, 0x10efc, 0x10eff,
  0x1123f, 0x11241, 0x11380, 0x11389, 0x1138b, 0x1138b, 0x1138e, 0x1138e, 0x11390, 0x113b5, 0x113b7,
  0x113c0, 0x113c2, 0x113c2, 0x113c5, 0x113c5, 0x113c7, 0x113ca, 0x113cc, 0x113d5, 0x113d7, 0x113d8,
  0x113e1, 0x113e2, 0x116d0, 0x116e3, 0x11b00, 0x11b09, 0x11bc0, 0x11be1, 0x11bf0, 0x11bf9, 0x11f00,
  0x11f10, 0x11f12, 0x11f3a, 0x11f3e, 0x11f5a, 0x1342f, 0x1342f, 0x13439, 0x13455, 0x13460, 0x143fa,
  0x16100, 0x16139, 0x16d40, 0x16d79, 0x18cff, 0x18cff, 0x1b132, 0x1b132, 0x1b155, 0x1b155, 0x1cc00,
  0x1ccf9, 0x1cd00, 0x1ceb3, 0x1d2c0, 0x1d2d3, 0x1df25, 0x1df2a, 0x1e030, 0x1e06d, 0x1e08f, 0x1e08f,
  0x1e4d0, 0x1e4f9, 0x1e5d0, 0x1e5fa, 0x1e5ff, 0x1e5ff, 0x1f6dc, 0x1f6dc, 0x1f774, 0x1f776, 0x1f77b,
  0x1f77f, 0x1f7d9, 0x1f7d9, 0x1f8b2, 0x1f8bb, 0x1f8c0, 0x1f8c1, 0x1fa75, 0x1fa77, 0x1fa87, 0x1fa89,
  0x1fa8f, 0x1fa8f, 0x1faad, 0x1faaf, 0x1fabb, 0x1fabf, 0x1fac6, 0x1fac6, 0x1face, 0x1facf, 0x1fada,
  0x1fadc, 0x1fadf, 0x1fadf, 0x1fae8, 0x1fae9, 0x1faf7, 0x1faf8, 0x1fbcb, 0x1fbef, 0x2b739, 0x2b739,
  0x2ebf0, 0x2ee5d, 0x31350, 0x323af,
];

/**
 * Whether code point `cp` was assigned after Unicode 14.0 (and is known to
 * V8): CPython 3.11 treats it as unassigned.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newerThanPython } from "./unicode_version.ts";
 * assert.equal(newerThanPython(0x1fae8), true); // SHAKING FACE, Unicode 15.0
 * assert.equal(newerThanPython(0x1f600), false);
 * ```
 */
export function newerThanPython(cp: number): boolean {
  return cp >= AFTER_14[0] && findRange(AFTER_14, 2, cp) >= 0;
}

/**
 * The characters of {@linkcode newerThanPython} as the body of a regular
 * expression class, for removing them from a property class with the `v`
 * flag: `[\p{L}--[${NEWER_THAN_PYTHON}]]` is what Python 3.11 calls a letter.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NEWER_THAN_PYTHON } from "./unicode_version.ts";
 * const letter = new RegExp(`[\\p{L}--[${NEWER_THAN_PYTHON}]]`, "v");
 * assert.equal(letter.test("\u00e9"), true);
 * assert.equal(letter.test("\u{11f04}"), false); // KAWI LETTER A, Unicode 15.0
 * ```
 */
export const NEWER_THAN_PYTHON: string = Array.from(
  { length: AFTER_14.length / 2 },
  (_, i) => {
    const [first, last] = [AFTER_14[2 * i], AFTER_14[2 * i + 1]];
    const char = (cp: number) => `\\u{${cp.toString(16)}}`;
    return first === last ? char(first) : `${char(first)}-${char(last)}`;
  },
).join("");
