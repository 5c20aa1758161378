/**
 * The streaming base64 decoder and encoder against Python's `base64`
 * (recorded): seeded data of every small size and a few large ones, in every
 * chunking. Python answers small sizes with its text, large ones with the
 * SHA-256 of its text.
 */
import assert from "node:assert/strict";
import {
  Base64Decoder,
  base64FileChunks,
  base64Length,
  ZipFormatError,
} from "../../src/zip/mod.ts";
import { createHash } from "node:crypto";
import { seededBytes } from "../_oracles/zip_stream_dir.ts";
import { askPython, concat, randomBytes } from "./_support.ts";

const ascii = new TextEncoder();

/** Decodes `text` pushed in the given chunk sizes (cycled). */
function decodeInChunks(text: Uint8Array, sizes: number[]): Uint8Array {
  const decoder = new Base64Decoder();
  const parts: Uint8Array[] = [];
  let k = 0;
  for (let i = 0; i < text.length;) {
    const size = sizes[k++ % sizes.length];
    parts.push(decoder.push(text.subarray(i, i + size)).slice());
    i += size;
  }
  parts.push(decoder.finish());
  return concat(parts);
}

Deno.test("base64Length is 4*ceil(n/3)", () => {
  const expected = [0, 4, 4, 4, 8, 8, 8, 12, 12, 12, 16];
  for (let n = 0; n <= 10; n++) assert.equal(base64Length(n), expected[n]);
  assert.equal(base64Length(3 * 2 ** 30 + 1), 4 * (2 ** 30 + 1));
});

/** Texts up to this length are recorded whole, longer ones as their SHA-256. */
const WHOLE = 1400;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Python's `base64.b64encode` of `seededBytes("b64-" + size, size)` for each
 * size: the text, or its SHA-256 past {@linkcode WHOLE} characters.
 */
async function pythonBase64(sizes: number[]): Promise<string[]> {
  const { answer } = await askPython(
    "import base64, hashlib, json, sys\nout = []\n" +
      "for size, whole in json.load(sys.stdin):\n" +
      "  text = base64.b64encode(hashlib.shake_256(f'b64-{size}'.encode()).digest(size)).decode()\n" +
      "  out.append(text if whole else hashlib.sha256(text.encode()).hexdigest())\n" +
      "print(json.dumps({'texts': out}))",
    sizes.map((size) => [size, base64Length(size) <= WHOLE]),
  );
  return answer.texts as string[];
}

/** Asserts `text` is Python's answer for `size` (whole, or by its SHA-256). */
function assertPythonText(text: string, python: string, size: number, label: string): void {
  if (base64Length(size) <= WHOLE) assert.equal(text, python, label);
  else assert.equal(sha256(text), python, `${label}: the SHA-256 of the text`);
}

Deno.test("Base64Decoder decodes any chunking identically (Python's b64encode as input)", async (t) => {
  const sizes = [0, 1, 2, 3, 4, 5, 10, 1000, 300_001];
  const python = await pythonBase64(sizes);
  for (const [i, size] of sizes.entries()) {
    await t.step(`size ${size}`, () => {
      const data = seededBytes(`b64-${size}`, size);
      // Python's text: as recorded, or ours once its digest shows it is Python's.
      const text = base64Length(size) <= WHOLE ? python[i] : data.toBase64();
      assertPythonText(text, python[i], size, `size ${size}`);
      const encoded = ascii.encode(text);
      assert.equal(encoded.length, base64Length(size));
      const splits = size <= 1000
        ? [[encoded.length || 1], [1], [2], [3], [5], [7, 1, 4096, 13]]
        : [[encoded.length], [1, 2, 3, 4, 5, 4093], [7, 1, 4096, 13], [65536]];
      for (const sizes of splits) {
        assert.deepEqual(decodeInChunks(encoded, sizes), data, `size ${size} chunks ${sizes}`);
      }
    });
  }
});

Deno.test("Base64Decoder skips whitespace like Base64IO (including \\v and \\f)", () => {
  const data = randomBytes(1000);
  const plain = data.toBase64();
  let spaced = "";
  for (let i = 0; i < plain.length; i++) {
    spaced += plain[i];
    if (i % 76 === 75) spaced += "\n";
    if (i % 101 === 3) spaced += " \t\r\x0b\x0c";
  }
  const text = ascii.encode(spaced + "\n");
  for (const sizes of [[1], [3], [text.length]]) {
    assert.deepEqual(decodeInChunks(text, sizes), data);
  }
});

Deno.test("Base64Decoder rejects bad characters, bad padding and data after padding", () => {
  const bad = (text: string, sizes = [text.length]) =>
    assert.throws(() => decodeInChunks(ascii.encode(text), sizes), ZipFormatError, text);
  bad("QUJD!UJD");
  bad("QUJDQU\u00e9D");
  bad("QUJ"); // 3 characters: incorrect padding
  bad("QUJDQ");
  bad("Q===");
  bad("QQ=A");
  bad("QQ==QUJD");
  bad("QQ==QUJD", [4, 4]);
  bad("QQ==Q", [4, 1]);
  // Trailing whitespace after padding is fine; so are non-zero trailing bits (Python accepts them).
  assert.deepEqual(decodeInChunks(ascii.encode("QQ==\n"), [4, 1]), new Uint8Array([0x41]));
  assert.deepEqual(decodeInChunks(ascii.encode("QR=="), [1]), new Uint8Array([0x41]));
  assert.deepEqual(decodeInChunks(ascii.encode(""), [1]), new Uint8Array(0));
});

Deno.test("base64FileChunks equals one b64encode of the whole file, in every chunking", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "tachyon_b64_" });
  try {
    const sizes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 3 * 1024 * 1024 + 1];
    for (const size of sizes) {
      await Deno.writeFile(`${dir}/f${size}`, seededBytes(`b64-${size}`, size));
    }
    const expected = await pythonBase64(sizes);
    for (const [i, size] of sizes.entries()) {
      await t.step(`size ${size}`, async () => {
        const chunkSizes = size < 100 ? [undefined, 1, 3, 4, 5] : [undefined, 65537, 1 << 20];
        for (const chunkSize of chunkSizes) {
          const parts: Uint8Array[] = [];
          for await (const part of base64FileChunks(`${dir}/f${size}`, chunkSize)) {
            assert.ok(part.length > 0);
            parts.push(part);
          }
          const text = new TextDecoder().decode(concat(parts));
          assertPythonText(text, expected[i], size, `size ${size} chunk ${chunkSize}`);
          assert.equal(text.length, base64Length(size));
          if (chunkSize === undefined && size > 3 * 65536) {
            assert.equal(parts[0].length, 4 * 65536, "default chunk is 3*64 KiB of file");
          }
        }
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
