/**
 * `wcwidth` against glibc's `wcwidth()` (through Python's `ctypes`, as
 * Ansible calls it) for every code point, in the C.UTF-8 locale.
 */
import assert from "node:assert/strict";
import { wcwidth } from "../../src/python/mod.ts";
import { python } from "./_oracle.ts";

Deno.test("wcwidth equals glibc's wcwidth for all 1,114,112 code points", async () => {
  const expected = await python(
    "import ctypes, json, locale\nlocale.setlocale(locale.LC_ALL, 'C.UTF-8')\n" +
      "libc = ctypes.CDLL('libc.so.6')\nlibc.wcwidth.argtypes = [ctypes.c_uint32]\n" +
      "print(json.dumps([libc.wcwidth(cp) for cp in range(0x110000)]))",
  ) as number[];
  const wrong: string[] = [];
  for (let cp = 0; cp < 0x110000; cp++) {
    const ours = wcwidth(String.fromCodePoint(cp), cp);
    if (ours !== expected[cp]) wrong.push(`U+${cp.toString(16)}: ${ours}, glibc ${expected[cp]}`);
  }
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} code points differ`);
});
