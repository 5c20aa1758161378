/**
 * Zip entry names: decoding them like Python's `zipfile` (UTF-8 when flag
 * bit 11 is set, cp437 otherwise) and splitting them into path components
 * that cannot leave the extraction target.
 *
 * @module
 */

import { UnsafeZipEntryError, ZipFormatError } from "./errors.ts";
import { FLAG } from "./zip_format.ts";

/** cp437 code points of bytes 0x80–0xFF (bytes below 0x80 are ASCII). */
const CP437_HIGH = "\u00c7\u00fc\u00e9\u00e2\u00e4\u00e0\u00e5\u00e7\u00ea\u00eb\u00e8\u00ef" +
  "\u00ee\u00ec\u00c4\u00c5\u00c9\u00e6\u00c6\u00f4\u00f6\u00f2\u00fb\u00f9\u00ff\u00d6" +
  "\u00dc\u00a2\u00a3\u00a5\u20a7\u0192\u00e1\u00ed\u00f3\u00fa\u00f1\u00d1\u00aa\u00ba" +
  "\u00bf\u2310\u00ac\u00bd\u00bc\u00a1\u00ab\u00bb\u2591\u2592\u2593\u2502\u2524\u2561" +
  "\u2562\u2556\u2555\u2563\u2551\u2557\u255d\u255c\u255b\u2510\u2514\u2534\u252c\u251c" +
  "\u2500\u253c\u255e\u255f\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u2567\u2568\u2564" +
  "\u2565\u2559\u2558\u2552\u2553\u256b\u256a\u2518\u250c\u2588\u2584\u258c\u2590\u2580" +
  "\u03b1\u00df\u0393\u03c0\u03a3\u03c3\u00b5\u03c4\u03a6\u0398\u03a9\u03b4\u221e\u03c6" +
  "\u03b5\u2229\u2261\u00b1\u2265\u2264\u2320\u2321\u00f7\u2248\u00b0\u2219\u00b7\u221a" +
  "\u207f\u00b2\u25a0\u00a0";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes a raw entry name: UTF-8 when `flags` has the UTF-8 bit (invalid
 * UTF-8 is a {@linkcode ZipFormatError}), cp437 otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeName } from "./entry_name.ts";
 *
 * assert.equal(decodeName(new Uint8Array([0x63, 0x61, 0x66, 0x82]), 0), "café");
 * assert.equal(decodeName(new TextEncoder().encode("café"), 0x800), "café");
 * ```
 */
export function decodeName(raw: Uint8Array, flags: number): string {
  if (flags & FLAG.utf8) {
    try {
      return utf8.decode(raw);
    } catch {
      throw new ZipFormatError("Entry name flagged UTF-8 is not valid UTF-8");
    }
  }
  let name = "";
  for (const byte of raw) {
    name += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
  }
  return name;
}

/**
 * Splits an entry name into safe path components or throws
 * {@linkcode UnsafeZipEntryError}. Empty and `.` components are dropped
 * (the `./name` form `stream_dir` writes for top-level symlinks).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UnsafeZipEntryError } from "./errors.ts";
 * import { safeParts } from "./entry_name.ts";
 *
 * assert.deepEqual(safeParts("./project//main.yml"), ["project", "main.yml"]);
 * assert.throws(() => safeParts("env/../../etc"), UnsafeZipEntryError);
 * ```
 */
export function safeParts(name: string): string[] {
  if (name.includes("\0")) throw new UnsafeZipEntryError(name, "it contains a NUL byte");
  if (name.startsWith("/")) throw new UnsafeZipEntryError(name, "it is an absolute path");
  const parts: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") throw new UnsafeZipEntryError(name, "it has a '..' component");
    parts.push(part);
  }
  return parts;
}
