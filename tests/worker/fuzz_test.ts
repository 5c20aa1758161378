/**
 * Fuzz test of the transmit reader and the zip extractor, in-process: the
 * first seeded random streams (random zip structures, truncations, flipped
 * bytes, rewritten header fields, lying sizes, odd kwargs; see
 * `_fuzz_cases.ts` and `_fuzz_sandbox.ts`). The rest of the cases, and a
 * sample through the worker process, are in `fuzz_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { tempDir } from "../_support/worker_process.ts";
import { withSymlinkTools } from "../zip/_support.ts";
import { fuzzInProcess, SEED, UNIT_CASES } from "./_fuzz_sandbox.ts";

Deno.test(`fuzz: the first ${UNIT_CASES} random streams in-process end in success or a named error, nothing outside`, async () => {
  const tmp = await tempDir("tachyon_fuzz_");
  try {
    const started = performance.now();
    // Symlink entries are made with tar or ln from PATH, as in the execution environment.
    const outcomes = await withSymlinkTools(() => fuzzInProcess(tmp.path, 0, UNIT_CASES));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`seed ${SEED}: ${UNIT_CASES} cases in ${seconds} s:`, Object.fromEntries(outcomes));
    assert.ok(
      (outcomes.get("success") ?? 0) > UNIT_CASES / 10,
      "enough cases extract successfully",
    );
    assert.ok(outcomes.size > 5, "the cases reach many different outcomes");
  } finally {
    await tmp.remove();
  }
});
