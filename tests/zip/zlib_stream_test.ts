/**
 * The zlib pump: it inflates Python's raw deflate (recorded) in any
 * chunking, reusably; corrupt data, truncation and sink errors; the native
 * handle and the `node:zlib` internals it drives. Megabytes through Python
 * and the memory measurements, live, are in `zlib_stream_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createZlibPump, ZlibError } from "../../src/zip/zlib_stream.ts";
import { askPython } from "./_support.ts";
import { assertReusableInflate, deflate, pumpAll, sample } from "./_zlib.ts";
import { seededBytes } from "../_oracles/zip_stream_dir.ts";

/** Text, zeros and seeded bytes in blocks of 4 KiB, as Python makes them too. */
const SMALL_SAMPLE_SIZE = 6 * 4096 + 100;

function smallSample(): Uint8Array {
  const out = new Uint8Array(SMALL_SAMPLE_SIZE);
  const text = new TextEncoder().encode(
    "ansible-runner worker event line 0123456789\n".repeat(100),
  );
  for (let i = 0; i < out.length; i += 4096) {
    const part = out.subarray(i, Math.min(out.length, i + 4096));
    const kind = (i / 4096) % 3;
    if (kind === 0) part.set(text.subarray(0, part.length));
    else if (kind === 2) part.set(seededBytes(`zlib-${i}`, part.length));
  }
  return out;
}

/**
 * Python's raw deflate (level 6, wbits -15) of its own copy of
 * {@linkcode smallSample} (recorded), and the SHA-256 of that copy.
 */
async function pythonDeflate(): Promise<{ raw: Uint8Array; sha256: string }> {
  const { answer } = await askPython(
    "import base64, hashlib, json, sys, zlib\nsize = json.load(sys.stdin)\n" +
      "text = ('ansible-runner worker event line 0123456789\\n' * 100).encode()\n" +
      "out = bytearray(size)\n" +
      "for i in range(0, size, 4096):\n" +
      "  n = min(size, i + 4096) - i\n" +
      "  kind = (i // 4096) % 3\n" +
      "  if kind == 0: out[i:i + n] = text[:n]\n" +
      "  elif kind == 2: out[i:i + n] = hashlib.shake_256(f'zlib-{i}'.encode()).digest(n)\n" +
      "c = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)\n" +
      "raw = c.compress(bytes(out)) + c.flush()\n" +
      "print(json.dumps({'raw': base64.b64encode(raw).decode(), 'sha256': hashlib.sha256(out).hexdigest()}))",
    SMALL_SAMPLE_SIZE,
  );
  return { raw: Uint8Array.fromBase64(answer.raw as string), sha256: answer.sha256 as string };
}

for (const portable of [false, true]) {
  const label = portable ? "stream API fallback" : "native handle";

  Deno.test(`ZlibPump (${label}): inflates Python's raw deflate in any chunking, reusably`, async () => {
    const pump = createZlibPump("inflate", { portable });
    try {
      const input = smallSample();
      const { raw: compressed, sha256 } = await pythonDeflate();
      assert.equal(createHash("sha256").update(input).digest("hex"), sha256, "Python's sample");
      await assertReusableInflate(pump, compressed, input, [compressed.length, 4096, 1000, 7]);
    } finally {
      pump.close();
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
