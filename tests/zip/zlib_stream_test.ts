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

/**
 * The `node:zlib` internals the native pump drives. If Deno changes them,
 * `createZlibPump` would quietly fall back to the stream API, whose fresh
 * output buffers push a 1 GiB inflate to ~140 MiB peak (measured on Deno
 * 2.9.6) and break the 128 MiB promise: this says so by name.
 */
Deno.test("Deno's node:zlib still has the internals the native pump drives", async () => {
  const why = `Deno ${Deno.version.deno}: node:zlib internals changed; src/zip/zlib_stream.ts ` +
    "would fall back to the stream API and its memory would no longer stay flat";
  const { createDeflateRaw, createInflateRaw, constants } = await import("node:zlib");
  for (const stream of [createDeflateRaw(), createInflateRaw()]) {
    const internals = stream as unknown as {
      _handle?: Record<string, unknown>;
      _writeState?: unknown;
    };
    const handle = internals._handle;
    assert.ok(handle && typeof handle.writeSync === "function", `${why} (_handle.writeSync)`);
    assert.ok(typeof handle.reset === "function", `${why} (_handle.reset)`);
    assert.ok(
      internals._writeState instanceof Uint32Array && internals._writeState.length >= 2,
      `${why} (_writeState)`,
    );
    stream.close();
  }
  // writeSync is synchronous: it fills the caller's buffer and the counts at once,
  // and reports a zlib error through onerror before it returns.
  const inflate = createInflateRaw();
  const internals = inflate as unknown as {
    _handle: {
      writeSync(...args: unknown[]): void;
      onerror: (message: string) => void;
    };
    _writeState: Uint32Array;
  };
  const compressed = new Uint8Array([0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]); // "hello"
  const output = new Uint8Array(64);
  internals._writeState[0] = output.length;
  internals._writeState[1] = compressed.length;
  internals._handle.writeSync(
    constants.Z_FINISH,
    compressed,
    0,
    compressed.length,
    output,
    0,
    output.length,
  );
  assert.equal(internals._writeState[1], 0, `${why} (input not consumed synchronously)`);
  const produced = output.length - internals._writeState[0];
  assert.equal(new TextDecoder().decode(output.subarray(0, produced)), "hello", why);
  inflate.close();
  const broken = createInflateRaw();
  const brokenInternals = broken as unknown as typeof internals;
  let message = "";
  brokenInternals._handle.onerror = (text) => {
    message = text;
  };
  const bad = new Uint8Array([0xff, 0xff, 0xff, 1, 2, 3]);
  brokenInternals._writeState[0] = output.length;
  brokenInternals._writeState[1] = bad.length;
  brokenInternals._handle.writeSync(constants.Z_FINISH, bad, 0, bad.length, output, 0, 64);
  assert.equal(message, "invalid block type", `${why} (onerror not called synchronously)`);
  broken.close();
});

/**
 * Child: inflates 512 MiB (mostly zeros) or deflates 256 MiB (a quarter
 * random, so the output is large too) and prints how much its peak RSS grew.
 */
const PUMP_CHILD = `
import { createZlibPump } from ${
  JSON.stringify(new URL("../../src/zip/zlib_stream.ts", import.meta.url).href)
};
const [mode, portable] = [Deno.args[0], Deno.args[1] === "portable"];
const peak = () => Number(Deno.readTextFileSync("/proc/self/status").match(/^VmHWM:\\s+(\\d+) kB/m)[1]) / 1024;
const block = new Uint8Array(1 << 20);
const randomPart = mode === "inflate" ? 256 : 1024;
const spacing = mode === "inflate" ? 65536 : 4096;
for (let i = 0; i < block.length; i += spacing) crypto.getRandomValues(block.subarray(i, i + randomPart));
let input = [block];
if (mode === "inflate") {
  const deflate = createZlibPump("deflate");
  input = [];
  deflate.begin((out) => input.push(out.slice()));
  for (let i = 0; i < 64; i++) await deflate.write(block, false);
  await deflate.write(new Uint8Array(0), true);
  deflate.close();
}
const start = peak();
const pump = createZlibPump(mode, { portable });
let total = 0;
for (let round = 0; round < (mode === "inflate" ? 8 : 1); round++) {
  pump.begin((out) => { total += out.length; });
  for (let i = 0; i < (mode === "inflate" ? 1 : 256); i++) {
    for (const part of input) await pump.write(part, false);
  }
  await pump.write(new Uint8Array(0), true);
}
pump.close();
console.log(JSON.stringify({ growthMiB: peak() - start, total }));
`;

async function pumpGrowth(mode: "inflate" | "deflate", portable: boolean) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-config", "--ext=js", PUMP_CHILD, mode, portable ? "portable" : "native"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout)) as { growthMiB: number; total: number };
}

Deno.test("the native pump stays flat: 256-512 MiB through it grow the peak RSS < 16 MiB", async () => {
  for (const mode of ["inflate", "deflate"] as const) {
    const native = await pumpGrowth(mode, false);
    if (mode === "inflate") assert.equal(native.total, 512 << 20);
    assert.ok(
      native.growthMiB < 16,
      `Deno ${Deno.version.deno}: native ${mode} grew ${native.growthMiB.toFixed(1)} MiB`,
    );
  }
});
