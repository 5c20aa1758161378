/**
 * Fuzz test of the transmit reader and the zip extractor (see
 * `_fuzz_cases.ts` and `_fuzz_sandbox.ts`), the slow part:
 *
 * - the in-process cases after the unit tier's (`fuzz_test.ts`), 2,500 in
 *   all by default;
 * - a sample through the real worker process (`deno run -P main.ts worker`):
 *   the last line is `{"eof": true}` after a terminal status, nothing is
 *   written outside the pdd, and the peak RSS (VmHWM, sampled) stays under
 *   128 MiB.
 *
 * `TACHYON_FUZZ_SEED` (default fixed), `TACHYON_FUZZ_CASES`,
 * `TACHYON_FUZZ_UNIT_CASES` and `TACHYON_FUZZ_WORKER_CASES` override the seed
 * and the counts; failures print the seed and the case.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDeadline } from "../_support/deadline.ts";
import { parseStream, tachyonCommand, tempDir } from "../_support/worker_process.ts";
import { samplePeakRss } from "../_support/peak_rss.ts";
import { type FuzzCase, fuzzCase } from "./_fuzz_cases.ts";
import {
  CASES,
  describeCase,
  fuzzInProcess,
  makeSandbox,
  type Sandbox,
  sandboxSnapshot,
  SEED,
  SMALL_LIMITS_ENV,
  UNIT_CASES,
  WORKER_CASES,
} from "./_fuzz_sandbox.ts";
import { listTree } from "./_payloads.ts";

const RSS_LIMIT_KIB = 128 * 1024;
const TERMINAL = new Set(["successful", "failed", "error", "canceled", "timeout"]);
const REST = CASES - UNIT_CASES;

Deno.test(`fuzz: ${REST} more random streams in-process end in success or a named error, nothing outside`, async () => {
  const tmp = await tempDir("tachyon_fuzz_");
  try {
    const started = performance.now();
    const outcomes = await fuzzInProcess(tmp.path, UNIT_CASES, CASES);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `seed ${SEED}: cases ${UNIT_CASES}..${CASES - 1} in ${seconds} s:`,
      Object.fromEntries(outcomes),
    );
    assert.ok((outcomes.get("success") ?? 0) > REST / 10, "enough cases extract successfully");
    assert.ok(outcomes.size > 5, "the cases reach many different outcomes");
  } finally {
    await tmp.remove();
  }
});

async function runWorkerCase(box: Sandbox, testCase: FuzzCase, where: string): Promise<number> {
  await Deno.mkdir(box.pdd);
  const child = tachyonCommand(["worker", `--private-data-dir=${box.pdd}`], {
    env: testCase.smallLimits ? SMALL_LIMITS_ENV : {},
  }).spawn();
  const writer = child.stdin.getWriter();
  const writing = writer.write(testCase.stream).then(() => writer.close()).catch(() => {});
  const output = withDeadline(60_000, where, () => child.output()).catch((error) => {
    child.kill("SIGKILL");
    throw error;
  });
  const peak = await samplePeakRss(child.pid, output);
  const out = await output;
  await writing;
  const messages = parseStream(out.stdout);
  assert.deepEqual(messages.at(-1), { eof: true }, `${where}: last line`);
  const statuses = messages.filter((m) => typeof m.status === "string").map((m) => m.status);
  assert.ok(TERMINAL.has(String(statuses.at(-1))), `${where}: statuses ${statuses}`);
  assert.ok(peak > 0 && peak < RSS_LIMIT_KIB, `${where}: peak RSS ${peak} KiB`);
  assert.equal(
    await sandboxSnapshot(box.root, box.outside),
    box.snapshot,
    `${where}: something was written outside the pdd`,
  );
  assert.deepEqual(
    (await listTree(box.pdd)).filter((p) => p.startsWith(".tachyon-")),
    [],
    `${where}: temporary files left`,
  );
  await Deno.remove(box.pdd, { recursive: true });
  return peak;
}

Deno.test(`fuzz: ${WORKER_CASES} random streams through the worker process end in a status and eof, < 128 MiB`, async () => {
  const tmp = await tempDir("tachyon_fuzz_worker_");
  try {
    // Two workers at a time, each in its own sandbox.
    const boxes = await Promise.all(
      [0, 1].map(async (k) => {
        const root = join(tmp.path, `box${k}`);
        await Deno.mkdir(root);
        return makeSandbox(root);
      }),
    );
    let next = 0;
    let highest = 0;
    await Promise.all(boxes.map(async (box) => {
      while (next < WORKER_CASES) {
        const index = CASES + next++;
        const testCase = fuzzCase(SEED, index, box.outside);
        const peak = await runWorkerCase(box, testCase, describeCase(testCase, index));
        highest = Math.max(highest, peak);
      }
    }));
    console.log(`seed ${SEED}: ${WORKER_CASES} worker runs, highest peak RSS ${highest} KiB`);
  } finally {
    await tmp.remove();
  }
});
