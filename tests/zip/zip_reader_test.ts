import assert from "node:assert/strict";
import {
  Base64Decoder,
  base64Length,
  extractZip,
  UnsafeZipEntryError,
  ZipFormatError,
} from "../../src/zip/mod.ts";
import {
  assertSameTree,
  DAY,
  epoch,
  makeTree,
  python,
  randomBytes,
  withTempDir,
} from "./_support.ts";

const TMP_PREFIX = "tachyon_unzip_";

/** Runs the real stream_dir into a file and returns the zip it carries (decoded by us). */
async function pythonStreamDir(src: string, work: string, chunkSizes: number[]): Promise<string> {
  await python(
    "import sys\nfrom ansible_runner.utils.streaming import stream_dir\n" +
      "with open(sys.argv[2], 'wb') as f: stream_dir(sys.argv[1], f)",
    src,
    `${work}/stream`,
  );
  const stream = await Deno.readFile(`${work}/stream`);
  const newline = stream.indexOf(0x0a);
  const header = JSON.parse(new TextDecoder().decode(stream.subarray(0, newline)));
  const size = header.zipfile as number;
  const blob = stream.subarray(newline + 1);
  assert.equal(blob.length, base64Length(size), "no newline after the blob");
  const decoder = new Base64Decoder();
  const zip = await Deno.open(`${work}/payload.zip`, { write: true, create: true, truncate: true });
  let k = 0;
  for (let i = 0; i < blob.length;) {
    const n = chunkSizes[k++ % chunkSizes.length];
    await zip.write(decoder.push(blob.subarray(i, i + n)));
    i += n;
  }
  await zip.write(decoder.finish());
  zip.close();
  assert.equal((await Deno.stat(`${work}/payload.zip`)).size, size);
  return `${work}/payload.zip`;
}

/** Writes a zip with Python's zipfile: `entries` is a list of [name, content, mode or null]. */
async function pythonZip(
  path: string,
  entries: [string, string, number | null][],
  options = "",
): Promise<void> {
  await python(
    "import json, sys, zipfile\n" +
      `with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED${options}) as z:\n` +
      "  for name, content, mode in json.loads(sys.argv[2]):\n" +
      "    info = zipfile.ZipInfo(name, (2020, 5, 17, 12, 30, 10))\n" +
      "    if mode is not None: info.external_attr = mode << 16\n" +
      "    z.writestr(info, content)\n",
    path,
    JSON.stringify(entries),
  );
}

Deno.test("Python stream_dir -> our decode + extract round-trips modes, mtimes, symlinks, twice", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const src = `${work}/src`;
    await Deno.mkdir(src);
    await makeTree(src);
    const zip = await pythonStreamDir(src, work, [1, 7, 4096, 65536, 3]);
    const dst = `${work}/dest/pdd`; // parent missing too
    const entries = await extractZip(zip, dst);
    assert.equal((await Deno.stat(dst)).mode! & 0o777, 0o700);
    const compared = await assertSameTree(src, dst);
    assert.ok(compared >= 25, `${compared} paths compared`);
    assert.equal(entries, compared);

    // Specifics the reference tests pin down.
    assert.equal((await Deno.stat(`${dst}/mode777`)).mode! & 0o777, 0o777);
    assert.equal((await Deno.stat(`${dst}/mode555`)).mode! & 0o777, 0o555);
    const script = await new Deno.Command(`${dst}/script.sh`, { stdout: "piped" }).output();
    assert.equal(new TextDecoder().decode(script.stdout), "hello from script\n");
    const old = epoch(await Deno.stat(`${dst}/old.txt`));
    assert.ok(Date.now() / 1000 - old > DAY - 10, "a 1-day-old file stays old");
    assert.ok(epoch(await Deno.stat(`${dst}/newer.txt`)) > old, "relative order kept");
    assert.equal(
      epoch(await Deno.stat(`${dst}/ancient.txt`)),
      new Date(1980, 0, 1).getTime() / 1000,
    );
    assert.deepEqual(
      [...Deno.readDirSync(`${dst}/binlink/`)].map((e) => e.name).sort(),
      [...Deno.readDirSync("/bin")].map((e) => e.name).sort(),
    );
    assert.equal(await Deno.readTextFile(`${dst}/filelink`), "mode 666\n");
    assert.equal(
      await Deno.readTextFile(`${dst}/dotlink/dirlink/nested/file.txt`),
      "nested\n".repeat(1000),
    );
    assert.equal(await Deno.readTextFile(`${dst}/sub/uplink`), "mode 666\n");
    // Directory metadata is applied after the entries: a read-only dir got its file.
    assert.ok(
      Math.abs(epoch(await Deno.stat(`${dst}/olddir`)) - (Date.now() / 1000 - 3 * DAY)) < 5,
    );

    // Extract again onto the same directory (existing files, dirs, symlinks).
    await Deno.writeTextFile(`${dst}/unrelated`, "kept\n");
    await Deno.writeTextFile(`${dst}/mode666`, "changed locally\n");
    assert.equal(await extractZip(zip, dst), entries);
    await assertSameTree(src, dst);
    assert.equal(await Deno.readTextFile(`${dst}/unrelated`), "kept\n");
  });
});

Deno.test("extractZip: existing FIFO, symlink and directory at entry paths", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const zip = `${work}/x.zip`;
    await pythonZip(zip, [
      ["fifo", "now a file", 0o100640],
      ["link", "replaces the link", 0o100644],
      ["isdir", "skipped: a directory exists", 0o100644],
      ["newlink", "target-text", 0o120777],
      ["dirover/", "", 0o40750],
    ]);
    const dst = `${work}/dst`;
    const outside = `${work}/outside`;
    await Deno.mkdir(dst);
    await Deno.mkdir(outside);
    await Deno.writeTextFile(`${outside}/victim`, "untouched\n");
    const mkfifo = await new Deno.Command("mkfifo", { args: [`${dst}/fifo`] }).output();
    assert.ok(mkfifo.success);
    await Deno.symlink(`${outside}/victim`, `${dst}/link`);
    await Deno.mkdir(`${dst}/isdir`, { mode: 0o711 });
    await Deno.chmod(`${dst}/isdir`, 0o711);
    await Deno.writeTextFile(`${dst}/newlink`, "old file");
    await Deno.symlink(outside, `${dst}/dirover`);
    assert.equal(await extractZip(zip, dst), 5);
    assert.ok((await Deno.lstat(`${dst}/fifo`)).isFile);
    assert.equal(await Deno.readTextFile(`${dst}/fifo`), "now a file");
    assert.equal((await Deno.stat(`${dst}/fifo`)).mode! & 0o777, 0o640);
    assert.ok((await Deno.lstat(`${dst}/link`)).isFile, "the symlink is replaced, not followed");
    assert.equal(await Deno.readTextFile(`${outside}/victim`), "untouched\n");
    assert.equal((await Deno.stat(`${dst}/isdir`)).mode! & 0o777, 0o711, "existing dir untouched");
    assert.equal(await Deno.readLink(`${dst}/newlink`), "target-text");
    const dirover = await Deno.lstat(`${dst}/dirover`);
    assert.ok(dirover.isDirectory && !dirover.isSymlink);
    assert.equal(dirover.mode! & 0o777, 0o750);
    assert.deepEqual([...Deno.readDirSync(outside)].map((e) => e.name), ["victim"]);
  });
});

Deno.test("extractZip refuses unsafe names before writing anything", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const cases: [string, string][] = [
      ["../x", "../x"],
      ["/etc/x", "/etc/x"],
      ["a/../../x", "a/../../x"],
      ["ok/../../../x", "ok/../../../x"],
      ["..", ".."],
    ];
    for (const [name, expected] of cases) {
      const zip = `${work}/unsafe.zip`;
      await pythonZip(zip, [["harmless", "first entry", 0o100644], [name, "escape", 0o100644]]);
      const dst = `${work}/dst`;
      const error = await extractZip(zip, dst).catch((e) => e);
      assert.ok(error instanceof UnsafeZipEntryError, String(error));
      assert.equal(error.entryName, expected);
      assert.ok(error.message.includes(JSON.stringify(expected)));
      await assert.rejects(Deno.lstat(`${dst}/harmless`), Deno.errors.NotFound);
      await assert.rejects(Deno.lstat(`${work}/x`), Deno.errors.NotFound);
      await Deno.remove(dst, { recursive: true }).catch(() => {});
    }
  });
});

Deno.test("extractZip never writes through symlinks (zip-made or pre-existing)", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const outside = `${work}/outside`;
    await Deno.mkdir(outside);
    const dst = `${work}/dst`;

    // A symlink entry pointing outside, then an entry below it.
    const zip = `${work}/evil.zip`;
    await pythonZip(zip, [["evil", outside, 0o120777], ["evil/file", "pwned", 0o100644]]);
    const error = await extractZip(zip, dst).catch((e) => e);
    assert.ok(error instanceof UnsafeZipEntryError, String(error));
    assert.equal(error.entryName, "evil/file");
    assert.deepEqual([...Deno.readDirSync(outside)], []);
    // Symlinks are created last, so a refused zip leaves none behind.
    await assert.rejects(Deno.lstat(`${dst}/evil`), Deno.errors.NotFound);

    // Same with the "./name" form and a deeper path.
    await pythonZip(zip, [["./evil2", outside, 0o120777], ["evil2/a/b", "pwned", 0o100644]]);
    await assert.rejects(extractZip(zip, dst), UnsafeZipEntryError);
    assert.deepEqual([...Deno.readDirSync(outside)], []);

    // A symlink already in the target, pointing outside.
    await Deno.symlink(outside, `${dst}/pre`);
    await pythonZip(zip, [["pre/file", "pwned", 0o100644]]);
    await assert.rejects(extractZip(zip, dst), UnsafeZipEntryError);
    await pythonZip(zip, [["pre/", "", 0o40755], ["pre/file", "safe now", 0o100644]]);
    // A directory entry replaces the symlink by a real directory: then its files are safe.
    assert.equal(await extractZip(zip, dst), 2);
    assert.equal(await Deno.readTextFile(`${dst}/pre/file`), "safe now");
    assert.deepEqual([...Deno.readDirSync(outside)], []);

    // A directory entry created earlier, then replaced by a symlink entry, then used as a parent.
    await pythonZip(zip, [
      ["swap/", "", 0o40755],
      ["swap", outside, 0o120777],
      ["swap/file", "pwned", 0o100644],
    ]);
    await assert.rejects(extractZip(zip, `${work}/dst2`), UnsafeZipEntryError);
    assert.deepEqual([...Deno.readDirSync(outside)], []);
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

Deno.test("extractZip reads zip64 records, data descriptors and cp437 names (as Python writes them)", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    // Python with ZIP64_LIMIT lowered: zip64 extras in local and central headers + zip64 end record.
    const zip64 = `${work}/zip64.zip`;
    await python(
      "import sys, zipfile\nzipfile.ZIP64_LIMIT = 10\nzipfile.ZIP_FILECOUNT_LIMIT = 2\n" +
        "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n" +
        "  for i in range(5):\n" +
        "    with z.open(zipfile.ZipInfo(f'd/f{i}', (2021,1,2,3,4,6)), 'w', force_zip64=True) as w: w.write(b'x' * 1000 * i)\n" +
        "  z.writestr('stored', b'0123456789abcdef', compress_type=zipfile.ZIP_STORED)\n",
      zip64,
    );
    const listing = await python(
      "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(len(z.infolist()), z.testzip())\n" +
        "print(open(sys.argv[1],'rb').read().find(b'PK\\x06\\x06') > 0)",
      zip64,
    );
    assert.equal(listing, "6 None\nTrue\n");
    assert.equal(await extractZip(zip64, `${work}/z64`), 6);
    for (let i = 0; i < 5; i++) {
      assert.equal(await Deno.readTextFile(`${work}/z64/d/f${i}`), "x".repeat(1000 * i));
      const mtime = new Date(2021, 0, 2, 3, 4, 6).getTime() / 1000;
      assert.equal(epoch(await Deno.stat(`${work}/z64/d/f${i}`)), mtime);
      // Python's writer gives entries without external_attr 0o600.
      assert.equal((await Deno.stat(`${work}/z64/d/f${i}`)).mode! & 0o7777, 0o600);
    }
    assert.equal(await Deno.readTextFile(`${work}/z64/stored`), "0123456789abcdef");

    // A non-seekable output makes Python write data descriptors (flag bit 3).
    const dd = `${work}/dd.zip`;
    await python(
      "import io, sys, zipfile\nclass W(io.RawIOBase):\n" +
        "  def __init__(self, f): self.f = f\n  def writable(self): return True\n" +
        "  def seekable(self): return False\n  def write(self, b): return self.f.write(b)\n" +
        "with open(sys.argv[1], 'wb') as f, zipfile.ZipFile(W(f), 'w', zipfile.ZIP_DEFLATED) as z:\n" +
        "  z.writestr(zipfile.ZipInfo('a/b.txt'), b'descriptor ' * 500)\n" +
        "  z.writestr(zipfile.ZipInfo('c.txt'), b'')\n" +
        "print(all(i.flag_bits & 8 for i in zipfile.ZipFile(sys.argv[1]).infolist()))",
      dd,
    );
    assert.equal(await extractZip(dd, `${work}/dd`), 2);
    assert.equal(await Deno.readTextFile(`${work}/dd/a/b.txt`), "descriptor ".repeat(500));
    assert.equal(await Deno.readTextFile(`${work}/dd/c.txt`), "");

    // Deflate data without a final block (sync-flushed): Python accepts it (size + CRC decide).
    const nofinal = `${work}/nofinal.zip`;
    const accepted = await python(
      "import struct, sys, zipfile, zlib\n" +
        "data = b'no final block ' * 1000\nc = zlib.compressobj(-1, zlib.DEFLATED, -15)\n" +
        "raw = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)\ncrc = zlib.crc32(data)\n" +
        "name = b'nofinal.txt'\n" +
        "local = struct.pack('<4s5H3L2H', b'PK\\x03\\x04', 20, 0, 8, 0, 33, crc, len(raw), len(data), len(name), 0) + name\n" +
        "central = struct.pack('<4s4B4H3L5H2L', b'PK\\x01\\x02', 20, 3, 20, 0, 0, 8, 0, 33, crc, len(raw), len(data), len(name), 0, 0, 0, 0, 0o100644 << 16, 0) + name\n" +
        "body = local + raw\n" +
        "end = struct.pack('<4s4H2LH', b'PK\\x05\\x06', 0, 0, 1, 1, len(central), len(body), 0)\n" +
        "open(sys.argv[1], 'wb').write(body + central + end)\n" +
        "print(zipfile.ZipFile(sys.argv[1]).read('nofinal.txt') == data)",
      nofinal,
    );
    assert.equal(accepted, "True\n");
    assert.equal(await extractZip(nofinal, `${work}/nofinal`), 1);
    assert.equal(
      await Deno.readTextFile(`${work}/nofinal/nofinal.txt`),
      "no final block ".repeat(1000),
    );

    // cp437 names (no UTF-8 flag) and UTF-8 names (flag), as Python decodes them.
    const cp = `${work}/cp437.zip`;
    const names = await python(
      "import sys, zipfile\n" +
        "with zipfile.ZipFile(sys.argv[1], 'w') as z:\n" +
        "  z.writestr('cafX', b'cp437')\n  z.writestr('na\u00efve', b'utf8')\n" +
        "data = open(sys.argv[1], 'rb').read().replace(b'cafX', b'caf\\x82')\n" +
        "open(sys.argv[1], 'wb').write(data)\n" +
        "print(zipfile.ZipFile(sys.argv[1]).namelist())",
      cp,
    );
    assert.equal(names, "['caf\u00e9', 'na\u00efve']\n");
    assert.equal(await extractZip(cp, `${work}/cp`), 2);
    assert.equal(await Deno.readTextFile(`${work}/cp/caf\u00e9`), "cp437");
    assert.equal(await Deno.readTextFile(`${work}/cp/na\u00efve`), "utf8");
  });
});

Deno.test("extractZip: empty zip (22 bytes), archive comment, external_attr 0 gives mode 0", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const zip = `${work}/e.zip`;
    const attr = await python(
      "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: pass\n" +
        "with zipfile.ZipFile(sys.argv[2], 'w') as z:\n  z.comment = b'an archive comment'\n  z.writestr('f', 'x')\n" +
        "data = bytearray(open(sys.argv[2], 'rb').read())\ncd = data.find(b'PK\\x01\\x02')\n" +
        "data[cd+38:cd+42] = bytes(4)\nopen(sys.argv[2], 'wb').write(data)\n" +
        "print(zipfile.ZipFile(sys.argv[2]).infolist()[0].external_attr)",
      zip,
      `${work}/c.zip`,
    );
    assert.equal((await Deno.stat(zip)).size, 22);
    assert.equal(await extractZip(zip, `${work}/out`), 0);
    assert.deepEqual([...Deno.readDirSync(`${work}/out`)], []);
    assert.equal(await extractZip(`${work}/c.zip`, `${work}/out`), 1);
    assert.equal(attr, "0\n");
    assert.equal(await Deno.readTextFile(`${work}/out/f`), "x");
    assert.equal((await Deno.stat(`${work}/out/f`)).mode! & 0o7777, 0);
  });
});
