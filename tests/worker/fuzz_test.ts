/**
 * Fuzz test of the transmit reader and the zip extractor: seeded random
 * streams (random zip structures, truncations, flipped bytes, rewritten
 * header fields, lying sizes, odd kwargs; see `_fuzz_cases.ts`).
 *
 * - Thousands of cases in-process: `readTransmitStream` into a fresh pdd
 *   inside a sandbox, next to a sentinel directory. Every case ends, within
 *   a deadline, in success or a `TransmitStreamError` whose cause is one of
 *   the zip layer's named errors (or a file system conflict the payload made
 *   itself); nothing appears or changes outside the pdd; a failed
 *   extraction leaves the pdd empty; no temporary file is left.
 * - A sample through the real worker process (`deno run -P main.ts worker`):
 *   the last line is `{"eof": true}` after a terminal status, nothing is
 *   written outside the pdd, and the peak RSS (VmHWM, sampled) stays under
 *   128 MiB.
 *
 * `TACHYON_FUZZ_SEED` (default fixed), `TACHYON_FUZZ_CASES` and
 * `TACHYON_FUZZ_WORKER_CASES` override the seed and the counts; failures
 * print the seed and the case.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDeadline } from "../_support/deadline.ts";
import { parseStream, tachyonCommand, tempDir } from "../_support/worker_process.ts";
import type { ByteSource } from "../../src/worker/byte_reader.ts";
import {
  EXTRACT_ERROR_EXPLANATION,
  readTransmitStream,
  TransmitStreamError,
} from "../../src/worker/transmit_reader.ts";
import type { ExpansionLimits } from "../../src/zip/mod.ts";
import { type FuzzCase, fuzzCase, Random } from "./_fuzz_cases.ts";
import { listTree } from "./_payloads.ts";
import { samplePeakRss } from "../_support/peak_rss.ts";

const SEED = Number(Deno.env.get("TACHYON_FUZZ_SEED") ?? 20240607) >>> 0;
const CASES = Number(Deno.env.get("TACHYON_FUZZ_CASES") ?? 2500);
const WORKER_CASES = Number(Deno.env.get("TACHYON_FUZZ_WORKER_CASES") ?? 40);
const CASE_DEADLINE_MS = 15_000;
const RSS_LIMIT_KIB = 128 * 1024;
const SMALL_LIMITS: ExpansionLimits = {
  maxBytes: 64 * 1024,
  maxRatio: 20,
  ratioAfterBytes: 16 * 1024,
};
const SMALL_LIMITS_ENV = {
  TACHYON_UNZIP_MAX_BYTES: "64K",
  TACHYON_UNZIP_MAX_RATIO: "20",
  TACHYON_UNZIP_RATIO_AFTER_BYTES: "16K",
};
/**
 * Causes a malformed payload may legitimately end in: the zip layer's named
 * errors, and file system conflicts between its own entries (a file where a
 * later entry needs a directory, a non-empty directory a link replaces).
 */
const EXPECTED_CAUSES = new Set([
  "ZipFormatError",
  "UnsafeZipEntryError",
  "ZipLimitError",
  "SymlinkError",
  "NotADirectory",
  "AlreadyExists",
  "IsADirectory",
  "DirectoryNotEmpty",
]);
const TERMINAL = new Set(["successful", "failed", "error", "canceled", "timeout"]);

/** Serves `bytes` in random-sized reads, like a pipe. */
class ChunkedSource implements ByteSource {
  #bytes: Uint8Array;
  #at = 0;
  #random: Random;

  constructor(bytes: Uint8Array, random: Random) {
    this.#bytes = bytes;
    this.#random = random;
  }

  read(p: Uint8Array): Promise<number | null> {
    if (this.#at >= this.#bytes.length) return Promise.resolve(null);
    const n = Math.min(p.length, this.#bytes.length - this.#at, 1 + this.#random.int(70_000));
    p.set(this.#bytes.subarray(this.#at, this.#at + n));
    this.#at += n;
    return Promise.resolve(n);
  }
}

interface Sandbox {
  root: string;
  outside: string;
  pdd: string;
  snapshot: string;
}

async function sandboxSnapshot(root: string, outside: string): Promise<string> {
  const top = (await Array.fromAsync(Deno.readDir(root))).map((e) => e.name).filter((n) =>
    n !== "pdd"
  );
  const inside = await listTree(outside);
  const sentinel = await Deno.readTextFile(join(outside, "sentinel"));
  const mtime = (await Deno.lstat(outside)).mtime?.getTime();
  return JSON.stringify({ top: top.sort(), inside, sentinel, mtime });
}

async function makeSandbox(root: string): Promise<Sandbox> {
  const outside = join(root, "outside");
  await Deno.mkdir(join(outside, "dir"), { recursive: true });
  await Deno.writeTextFile(join(outside, "sentinel"), "untouched\n");
  return { root, outside, pdd: join(root, "pdd"), snapshot: await sandboxSnapshot(root, outside) };
}

function describe(testCase: FuzzCase, index: number): string {
  return `seed ${SEED} (TACHYON_FUZZ_SEED=${SEED}), case ${index}: ${testCase.label}`;
}

/** The name of the error behind a TransmitStreamError's traceback (its first word). */
function causeName(error: TransmitStreamError): string | undefined {
  return error.traceback?.match(/^(\w+)/)?.[1];
}

Deno.test(`fuzz: ${CASES} random streams in-process end in success or a named error, nothing outside`, async () => {
  const tmp = await tempDir("tachyon_fuzz_");
  try {
    const box = await makeSandbox(tmp.path);
    const outcomes = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < CASES; i++) {
      const testCase = fuzzCase(SEED, i, box.outside);
      const where = describe(testCase, i);
      await Deno.mkdir(box.pdd);
      const source = new ChunkedSource(testCase.stream, new Random(SEED + i));
      let outcome = "success";
      try {
        await withDeadline(CASE_DEADLINE_MS, where, () =>
          readTransmitStream(source, box.pdd, {
            limits: testCase.smallLimits ? SMALL_LIMITS : undefined,
          }));
      } catch (error) {
        if (!(error instanceof TransmitStreamError)) {
          assert.fail(`${where}: ${(error as Error)?.stack ?? error}`);
        }
        const cause = causeName(error);
        if (error.traceback !== undefined) {
          assert.ok(
            cause !== undefined && EXPECTED_CAUSES.has(cause),
            `${where}: unexpected cause ${error.traceback}`,
          );
        }
        outcome = cause ?? error.explanation.slice(0, 30);
        const extraction = error.explanation.startsWith(EXTRACT_ERROR_EXPLANATION.slice(0, -1));
        if (extraction && testCase.zips === 1) {
          assert.deepEqual(await listTree(box.pdd), [], `${where}: a failed extraction left files`);
        }
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      assert.equal(
        await sandboxSnapshot(box.root, box.outside),
        box.snapshot,
        `${where}: something was written outside the pdd`,
      );
      const left = (await listTree(box.pdd)).filter((p) => p.startsWith(".tachyon-"));
      assert.deepEqual(left, [], `${where}: temporary files left`);
      await Deno.remove(box.pdd, { recursive: true });
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`seed ${SEED}: ${CASES} cases in ${seconds} s:`, Object.fromEntries(outcomes));
    assert.ok((outcomes.get("success") ?? 0) > CASES / 10, "enough cases extract successfully");
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
        const peak = await runWorkerCase(box, testCase, describe(testCase, index));
        highest = Math.max(highest, peak);
      }
    }));
    console.log(`seed ${SEED}: ${WORKER_CASES} worker runs, highest peak RSS ${highest} KiB`);
  } finally {
    await tmp.remove();
  }
});
