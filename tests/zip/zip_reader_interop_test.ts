/**
 * extractZip against the real ansible-runner's stream_dir and Python's
 * zipfile, live: large trees (megabytes of random and zero bytes, mtimes
 * relative to now), corrupt and lying zips made from them. The small cases,
 * with Python's answers recorded, are in `zip_reader_test.ts`.
 */
import assert from "node:assert/strict";
import { extractZip, ZipFormatError } from "../../src/zip/mod.ts";
import { DAY, epoch, makeTree, python, randomBytes, withTempDir, zipOfStream } from "./_support.ts";
import { assertRoundTrip } from "./_extract_checks.ts";

const TMP_PREFIX = "tachyon_unzip_";

/** Runs the real stream_dir into a file and returns the zip it carries (decoded by us). */
async function pythonStreamDir(src: string, work: string, chunkSizes: number[]): Promise<string> {
  await python(
    "import sys\nfrom ansible_runner.utils.streaming import stream_dir\n" +
      "with open(sys.argv[2], 'wb') as f: stream_dir(sys.argv[1], f)",
    src,
    `${work}/stream`,
  );
  const zip = zipOfStream(await Deno.readFile(`${work}/stream`), chunkSizes);
  await Deno.writeFile(`${work}/payload.zip`, zip);
  return `${work}/payload.zip`;
}

Deno.test("Python stream_dir -> our decode + extract round-trips modes, mtimes, symlinks, twice", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const src = `${work}/src`;
    await Deno.mkdir(src);
    await makeTree(src);
    const zip = await pythonStreamDir(src, work, [1, 7, 4096, 65536, 3]);
    await assertRoundTrip(zip, src, `${work}/dest/pdd`, { // parent missing too
      nestedText: "nested\n".repeat(1000),
      assertSpecifics: async (dst) => {
        const old = epoch(await Deno.stat(`${dst}/old.txt`));
        assert.ok(Date.now() / 1000 - old > DAY - 10, "a 1-day-old file stays old");
        assert.ok(epoch(await Deno.stat(`${dst}/newer.txt`)) > old, "relative order kept");
        // Directory metadata is applied after the entries: a read-only dir got its file.
        assert.ok(
          Math.abs(epoch(await Deno.stat(`${dst}/olddir`)) - (Date.now() / 1000 - 3 * DAY)) < 5,
        );
      },
    });
  });
});

Deno.test("extractZip: truncated, garbage, corrupt zips are ZipFormatError", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const src = `${work}/src`;
    await Deno.mkdir(src);
    await Deno.writeFile(`${src}/random.bin`, randomBytes(2 * 1024 * 1024));
    await Deno.writeTextFile(`${src}/small.txt`, "small\n".repeat(100));
    const zip = await pythonStreamDir(src, work, [1 << 20]);
    const bytes = await Deno.readFile(zip);
    const dst = `${work}/dst`;
    const bad = async (data: Uint8Array, label: string) => {
      await Deno.writeFile(`${work}/bad.zip`, data);
      await assert.rejects(extractZip(`${work}/bad.zip`, dst), ZipFormatError, label);
    };
    await bad(new Uint8Array([1, 2, 3, 4, 5]), "5 bytes");
    await bad(new Uint8Array(0), "empty");
    await bad(bytes.subarray(0, bytes.length >> 1), "first half");
    await bad(bytes.subarray(0, bytes.length - 1), "last byte missing");
    await bad(bytes.subarray(100), "head missing");
    // Flip one byte inside each entry's data: CRC / inflate errors.
    const listing = JSON.parse(
      await python(
        "import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\n" +
          "print(json.dumps([[i.filename,i.header_offset+30+len(i.filename),i.compress_size] for i in z.infolist()]))",
        zip,
      ),
    ) as [string, number, number][];
    for (const [name, start, size] of listing) {
      for (const at of [0, size >> 1, size - 1]) {
        const corrupt = bytes.slice();
        corrupt[start + at] ^= 0x55;
        await bad(corrupt, `${name} byte ${at}`);
      }
    }
    // Stored entries (small, and large enough for the streaming path): only the CRC tells.
    const stored = `${work}/stored.zip`;
    const offsets = JSON.parse(
      await python(
        "import json, os, sys, zipfile\n" +
          "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:\n" +
          "  z.writestr('small', b'stored data ' * 10)\n  z.writestr('large', os.urandom(3 << 20))\n" +
          "print(json.dumps([i.header_offset + 30 + len(i.filename) + 5 for i in zipfile.ZipFile(sys.argv[1]).infolist()]))",
        stored,
      ),
    ) as number[];
    assert.equal(await extractZip(stored, `${work}/stored`), 2);
    const storedBytes = await Deno.readFile(stored);
    for (const offset of offsets) {
      const corrupt = storedBytes.slice();
      corrupt[offset] ^= 1;
      await bad(corrupt, `stored entry at ${offset}`);
    }
    await Deno.remove(dst, { recursive: true }).catch(() => {});
  });
});

Deno.test("extractZip: central directory sizes that lie are caught without hanging", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const src = `${work}/src`;
    await Deno.mkdir(src);
    await Deno.writeFile(`${src}/zeros`, new Uint8Array(20 * 1024 * 1024));
    await Deno.writeFile(`${src}/stored-ish`, randomBytes(1536 * 1024));
    const zip = await pythonStreamDir(src, work, [1 << 20]);
    for (
      const [name, delta] of [["zeros", -1], ["zeros", 1], ["stored-ish", -1], [
        "stored-ish",
        7,
      ]] as const
    ) {
      const patched = `${work}/patched.zip`;
      await python(
        "import sys, struct\ndata = bytearray(open(sys.argv[1],'rb').read())\n" +
          "name = sys.argv[2].encode(); delta = int(sys.argv[3])\n" +
          "i = 0\nwhile True:\n" +
          "  i = data.find(b'PK\\x01\\x02', i)\n" +
          "  if data[i+46:i+46+len(name)] == name: break\n  i += 4\n" +
          "size = struct.unpack_from('<I', data, i+24)[0]\nstruct.pack_into('<I', data, i+24, size+delta)\n" +
          "open(sys.argv[4],'wb').write(data)",
        zip,
        name,
        String(delta),
        patched,
      );
      await assert.rejects(extractZip(patched, `${work}/dst`), ZipFormatError, `${name} ${delta}`);
    }
  });
});
