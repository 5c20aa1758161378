/**
 * Test support: the fuzz tests' sandbox and in-process runner. Seeded random
 * transmit streams (`_fuzz_cases.ts`) are read by `readTransmitStream` into a
 * fresh pdd inside a sandbox, next to a sentinel directory: every case ends,
 * within a deadline, in success or a `TransmitStreamError` whose cause is one
 * of the zip layer's named errors (or a file system conflict the payload made
 * itself); nothing appears or changes outside the pdd; a failed extraction
 * leaves the pdd empty; no temporary file is left.
 *
 * The unit tier runs the first {@linkcode UNIT_CASES} cases, the interop
 * tier the rest of the {@linkcode CASES} and a sample through the worker.
 * `TACHYON_FUZZ_SEED`, `TACHYON_FUZZ_CASES`, `TACHYON_FUZZ_UNIT_CASES` and
 * `TACHYON_FUZZ_WORKER_CASES` override the seed and the counts.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { withDeadline } from "../_support/deadline.ts";
import type { ByteSource } from "../../src/io/byte_reader.ts";
import {
  EXTRACT_ERROR_EXPLANATION,
  readTransmitStream,
  TransmitStreamError,
} from "../../src/worker/transmit_reader.ts";
import type { ExpansionLimits } from "../../src/zip/mod.ts";
import { type FuzzCase, fuzzCase, Random } from "./_fuzz_cases.ts";
import { listTree } from "./_payloads.ts";

/** The seed of every case (`TACHYON_FUZZ_SEED`). */
export const SEED: number = Number(Deno.env.get("TACHYON_FUZZ_SEED") ?? 20240607) >>> 0;
/** In-process cases of both tiers together (`TACHYON_FUZZ_CASES`). */
export const CASES: number = Number(Deno.env.get("TACHYON_FUZZ_CASES") ?? 2500);
/** The first cases, run by the unit tier (`TACHYON_FUZZ_UNIT_CASES`). */
export const UNIT_CASES: number = Math.min(
  CASES,
  Number(Deno.env.get("TACHYON_FUZZ_UNIT_CASES") ?? 200),
);
/** Cases through the worker process, after the in-process ones (`TACHYON_FUZZ_WORKER_CASES`). */
export const WORKER_CASES: number = Number(Deno.env.get("TACHYON_FUZZ_WORKER_CASES") ?? 40);

const CASE_DEADLINE_MS = 15_000;
const SMALL_LIMITS: ExpansionLimits = {
  maxBytes: 64 * 1024,
  maxRatio: 20,
  ratioAfterBytes: 16 * 1024,
};
/** {@linkcode SMALL_LIMITS} as the worker's environment sets them. */
export const SMALL_LIMITS_ENV: Record<string, string> = {
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

/** A sandbox: the pdd next to a directory nothing may touch. */
export interface Sandbox {
  /** The sandbox. */
  root: string;
  /** The directory outside the pdd (with a sentinel file). */
  outside: string;
  /** The private data dir (created per case). */
  pdd: string;
  /** {@linkcode sandboxSnapshot} before any case. */
  snapshot: string;
}

/**
 * What must not change in a sandbox: its top-level names (the pdd aside), the
 * tree, sentinel and mtime of the outside directory.
 *
 * @example
 * ```ts
 * assert.equal(await sandboxSnapshot(box.root, box.outside), box.snapshot);
 * ```
 */
export async function sandboxSnapshot(root: string, outside: string): Promise<string> {
  const top = (await Array.fromAsync(Deno.readDir(root))).map((e) => e.name).filter((n) =>
    n !== "pdd"
  );
  const inside = await listTree(outside);
  const sentinel = await Deno.readTextFile(join(outside, "sentinel"));
  const mtime = (await Deno.lstat(outside)).mtime?.getTime();
  return JSON.stringify({ top: top.sort(), inside, sentinel, mtime });
}

/**
 * Makes a sandbox in the existing directory `root`.
 *
 * @example
 * ```ts
 * const box = await makeSandbox(tmp.path);
 * ```
 */
export async function makeSandbox(root: string): Promise<Sandbox> {
  const outside = join(root, "outside");
  await Deno.mkdir(join(outside, "dir"), { recursive: true });
  await Deno.writeTextFile(join(outside, "sentinel"), "untouched\n");
  return { root, outside, pdd: join(root, "pdd"), snapshot: await sandboxSnapshot(root, outside) };
}

/**
 * A case's name in failure messages: the seed to replay it, its index and
 * what was done to it.
 *
 * @example
 * ```ts
 * const where = describeCase(fuzzCase(SEED, 7, box.outside), 7);
 * ```
 */
export function describeCase(testCase: FuzzCase, index: number): string {
  return `seed ${SEED} (TACHYON_FUZZ_SEED=${SEED}), case ${index}: ${testCase.label}`;
}

/** The name of the error behind a TransmitStreamError's traceback (its first word). */
function causeName(error: TransmitStreamError): string | undefined {
  return error.traceback?.match(/^(\w+)/)?.[1];
}

/**
 * Runs cases `from` to `to` (excluded) in-process in a sandbox under
 * `root`, asserting each; returns how many ended in each outcome
 * (`success`, or the cause's name).
 *
 * @example
 * ```ts
 * const outcomes = await fuzzInProcess(tmp.path, 0, UNIT_CASES);
 * ```
 */
export async function fuzzInProcess(
  root: string,
  from: number,
  to: number,
): Promise<Map<string, number>> {
  const box = await makeSandbox(root);
  const outcomes = new Map<string, number>();
  for (let i = from; i < to; i++) {
    const testCase = fuzzCase(SEED, i, box.outside);
    const where = describeCase(testCase, i);
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
  return outcomes;
}
