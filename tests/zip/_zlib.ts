/**
 * Test support of the zlib pump tests: mixed sample data, pumping helpers,
 * and the inflate checks both tiers make on Python's deflate output.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createZlibPump, type ZlibPump } from "../../src/zip/zlib_stream.ts";
import { concat } from "./_support.ts";

/**
 * Mixed data: text, zeros and random bytes in blocks of 64 KiB (so every
 * deflate block type shows up).
 *
 * @example
 * ```ts
 * const input = sample(1 << 20);
 * ```
 */
export function sample(size: number): Uint8Array {
  const out = new Uint8Array(size);
  const text = new TextEncoder().encode(
    "ansible-runner worker event line 0123456789\n".repeat(2000),
  );
  for (let i = 0; i < size; i += 65536) {
    const part = out.subarray(i, Math.min(size, i + 65536));
    const kind = (i / 65536) % 3;
    if (kind === 0) part.set(text.subarray(0, part.length));
    else if (kind === 2) crypto.getRandomValues(part);
  }
  return out;
}

/**
 * One-shot raw deflate with a fresh (closed afterwards) native pump.
 *
 * @example
 * ```ts
 * const compressed = await deflate(new Uint8Array(1024));
 * ```
 */
export async function deflate(input: Uint8Array): Promise<Uint8Array> {
  const pump = createZlibPump("deflate");
  try {
    return await pumpAll(pump, input, input.length || 1);
  } finally {
    pump.close();
  }
}

/**
 * Pushes `input` through `pump` in pieces of `step` bytes; returns the output.
 *
 * @example
 * ```ts
 * const plain = await pumpAll(createZlibPump("inflate"), compressed, 4096);
 * ```
 */
export async function pumpAll(
  pump: ZlibPump,
  input: Uint8Array,
  step: number,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  pump.begin((out) => parts.push(out.slice()));
  for (let i = 0; i < input.length; i += step) {
    await pump.write(input.subarray(i, i + step), false);
  }
  await pump.write(new Uint8Array(0), true);
  return concat(parts);
}

/**
 * Asserts the inflating `pump` turns `compressed` into `input` fed `steps`
 * bytes at a time (one round a step, the pump reused), then that 8 MiB of
 * compressed zeros (~1000×) still reaches the sink in pieces of at most 1 MiB.
 *
 * @example
 * ```ts
 * await assertReusableInflate(createZlibPump("inflate"), raw, plain, [raw.length, 4096, 7]);
 * ```
 */
export async function assertReusableInflate(
  pump: ZlibPump,
  compressed: Uint8Array,
  input: Uint8Array,
  steps: readonly number[],
): Promise<void> {
  for (const step of steps) {
    assert.deepEqual(await pumpAll(pump, compressed, step), input, `step ${step}`);
  }
  const zeros = await deflate(new Uint8Array(8 << 20));
  let biggest = 0;
  let total = 0;
  pump.begin((out) => {
    biggest = Math.max(biggest, out.length);
    total += out.length;
  });
  await pump.write(zeros, true);
  assert.equal(total, 8 << 20);
  assert.ok(biggest <= 1 << 20, `largest piece ${biggest}`);
}
