/**
 * Test support of the zlib pump tests: mixed sample data and pumping helpers.
 *
 * @module
 */
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
