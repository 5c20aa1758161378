/**
 * `wcwidth` against glibc's `wcwidth()` (through Python's `ctypes`, as
 * Ansible calls it) for every code point, in the C.UTF-8 locale.
 */
import { wcwidth } from "../../src/python/mod.ts";
import { assertNoMismatches, PY_COMPACT, runLengths } from "./_compact.ts";
import { python } from "./_oracle.ts";

Deno.test("wcwidth equals glibc's wcwidth for all 1,114,112 code points", async () => {
  // Answered as run lengths of equal widths: about 2,000 runs instead of 1,114,112 numbers.
  const runs = await python(
    PY_COMPACT + "import ctypes, locale\nlocale.setlocale(locale.LC_ALL, 'C.UTF-8')\n" +
      "libc = ctypes.CDLL('libc.so.6')\nlibc.wcwidth.argtypes = [ctypes.c_uint32]\n" +
      "print(json.dumps(run_lengths([libc.wcwidth(cp) for cp in range(0x110000)])))",
  ) as string;
  const wrong: string[] = [];
  let cp = 0;
  for (const [value, count] of runLengths(runs)) {
    const glibc = Number(value);
    for (const end = cp + count; cp < end; cp++) {
      const ours = wcwidth(String.fromCodePoint(cp), cp);
      if (ours !== glibc) wrong.push(`U+${cp.toString(16)}: ${ours}, glibc ${glibc}`);
    }
  }
  if (cp !== 0x110000) wrong.push(`glibc's answer covers ${cp} code points, not 1,114,112`);
  assertNoMismatches(wrong, "code points");
});
