/**
 * The zlib pump against Python's zlib, live, on megabytes of mixed data (its
 * random part fresh each run): our deflate output is what Python inflates,
 * Python's deflate output is what we inflate, in any chunking; and the
 * native pump's memory stays flat through 256-512 MiB. The recorded small
 * case and the pure ones are in `zlib_stream_test.ts`.
 */
import assert from "node:assert/strict";
import { createZlibPump } from "../../src/zip/zlib_stream.ts";
import { python } from "./_support.ts";
import { assertReusableInflate, pumpAll, sample } from "./_zlib.ts";

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
      await assertReusableInflate(pump, compressed, input, [
        compressed.length,
        1 << 20,
        4096,
        1000,
      ]);
    } finally {
      pump.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}

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
