/**
 * Python's `repr()` of a `bytes` object (`b'…'`), as the reference quotes a
 * worker line it could not parse.
 *
 * @module
 */

/**
 * `repr(bytes(data))`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyBytesRepr } from "./bytes_repr.ts";
 *
 * assert.equal(pyBytesRepr(new Uint8Array()), "b''");
 * assert.equal(pyBytesRepr(new TextEncoder().encode("it's\n\u00e9")), `b"it's\\n\\xc3\\xa9"`);
 * ```
 */
export function pyBytesRepr(data: Uint8Array): string {
  const quote = data.includes(0x27) && !data.includes(0x22) ? '"' : "'";
  let out = `b${quote}`;
  for (const byte of data) {
    if (byte === 0x5c) out += "\\\\";
    else if (byte === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (byte === 0x09) out += "\\t";
    else if (byte === 0x0a) out += "\\n";
    else if (byte === 0x0d) out += "\\r";
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, "0")}`;
    else out += String.fromCharCode(byte);
  }
  return out + quote;
}
