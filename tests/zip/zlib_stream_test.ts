import assert from "node:assert/strict";
import { createZlibPump, ZlibError, type ZlibPump } from "../../src/zip/zlib_stream.ts";
import { concat, python } from "./_support.ts";

/** Mixed data: text, zeros and random bytes (so every deflate block type shows up). */
function sample(size: number): Uint8Array {
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

/** One-shot raw deflate with a fresh (closed afterwards) native pump. */
async function deflate(input: Uint8Array): Promise<Uint8Array> {
  const pump = createZlibPump("deflate");
  try {
    return await pumpAll(pump, input, input.length || 1);
  } finally {
    pump.close();
  }
}

/** Pushes `input` through `pump` in pieces of `step` bytes; returns the output. */
async function pumpAll(pump: ZlibPump, input: Uint8Array, step: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  pump.begin((out) => parts.push(out.slice()));
  for (let i = 0; i < input.length; i += step) {
    await pump.write(input.subarray(i, i + step), false);
  }
  await pump.write(new Uint8Array(0), true);
  return concat(parts);
}

for (const portable of [false, true]) {
  const label = portable ? "stream API fallback" : "native handle";

  Deno.test(`ZlibPump (${label}): deflate output is what Python's zlib inflates`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "tachyon_zlib_" });
    const pump = createZlibPump("deflate", { portable });
    try {
      for (
        const [size, step] of [[0, 1], [1, 1], [1000, 7], [3 << 20, 65536], [3 << 20, 1 << 20]]
      ) {
        const input = sample(size);
        const compressed = await pumpAll(pump, input, step);
        await Deno.writeFile(`${dir}/raw`, compressed);
        await Deno.writeFile(`${dir}/plain`, input);
        const same = await python(
          "import sys, zlib\nraw = open(sys.argv[1], 'rb').read()\n" +
            "print(zlib.decompress(raw, -15) == open(sys.argv[2], 'rb').read())",
          `${dir}/raw`,
          `${dir}/plain`,
        );
        assert.equal(same, "True\n", `size ${size} step ${step}`);
      }
    } finally {
      pump.close();
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`ZlibPump (${label}): inflates Python's raw deflate in any chunking, reusably`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "tachyon_zlib_" });
    const pump = createZlibPump("inflate", { portable });
    try {
      const input = sample(5 << 20);
      await Deno.writeFile(`${dir}/plain`, input);
      await python(
        "import sys, zlib\nc = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)\n" +
          "data = open(sys.argv[1], 'rb').read()\n" +
          "open(sys.argv[2], 'wb').write(c.compress(data) + c.flush())",
        `${dir}/plain`,
        `${dir}/raw`,
      );
      const compressed = await Deno.readFile(`${dir}/raw`);
      for (const step of [compressed.length, 1 << 20, 4096, 1000]) {
        assert.deepEqual(await pumpAll(pump, compressed, step), input, `step ${step}`);
      }
      // 1 KiB of compressed zeros expands ~1000x: output still flows through the sink in pieces.
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
    } finally {
      pump.close();
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`ZlibPump (${label}): corrupt data, truncation and sink errors`, async () => {
    const pump = createZlibPump("inflate", { portable });
    try {
      pump.begin(() => {});
      await assert.rejects(
        pump.write(new Uint8Array([0xff, 0xff, 0xff, 1, 2, 3]), true),
        ZlibError,
      );
      const plain = sample(100_000);
      const good = await deflate(plain);
      pump.begin(() => {});
      await assert.rejects(pump.write(good.subarray(0, good.length >> 1), true), (error) => {
        assert.ok(error instanceof ZlibError);
        assert.equal(error.message, "unexpected end of file");
        return true;
      });
      class Stop extends Error {}
      pump.begin(() => {
        throw new Stop("sink says stop");
      });
      await assert.rejects(pump.write(good, true), Stop);
      // The pump is usable again after every failure.
      assert.deepEqual(await pumpAll(pump, good, 10_000), plain);
    } finally {
      pump.close();
    }
  });
}

Deno.test("createZlibPump uses the native handle here (flat memory)", () => {
  const pump = createZlibPump("inflate");
  try {
    assert.equal(pump.constructor.name, "NativePump");
  } finally {
    pump.close();
  }
});
