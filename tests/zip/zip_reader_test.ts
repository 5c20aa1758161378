/**
 * extractZip on zips the real ansible-runner's stream_dir and Python's
 * zipfile write, recorded (`tests/_oracles/zip_stream_dir.ts`, the `python`
 * oracle): a small pdd-like tree, existing paths in the way, unsafe names,
 * symlinks, zip64, data descriptors, cp437 names, empty zips and comments.
 * The large, corrupt and lying zips, live, are in
 * `zip_reader_interop_test.ts`.
 */
import assert from "node:assert/strict";
import { extractZip, UnsafeZipEntryError } from "../../src/zip/mod.ts";
import { buildTree, DEFAULT_MTIME, streamDir } from "../_oracles/zip_stream_dir.ts";
import {
  askPython,
  DAY,
  epoch,
  PY_ZIP,
  recordedPythonZip,
  withEnv,
  withSymlinkTools,
  withTempDir,
  zipOfStream,
} from "./_support.ts";
import { SMALL_TREE } from "./_tree.ts";
import { assertRoundTrip } from "./_extract_checks.ts";

const TMP_PREFIX = "tachyon_unzip_";

Deno.test("Python stream_dir -> our decode + extract round-trips modes, mtimes, symlinks, twice", async () => {
  const stream = await streamDir(SMALL_TREE, "UTC");
  // DOS times are local times: the zip was written in UTC, so it is read in UTC.
  await withEnv(
    { TZ: "UTC" },
    () =>
      withSymlinkTools(() =>
        withTempDir(TMP_PREFIX, async (work) => {
          const src = `${work}/src`;
          await Deno.mkdir(src);
          await buildTree(src, SMALL_TREE);
          const zip = `${work}/payload.zip`;
          await Deno.writeFile(zip, zipOfStream(stream, [1, 7, 4096, 65536, 3]));
          await assertRoundTrip(zip, src, `${work}/dest/pdd`, { // parent missing too
            nestedText: "nested\n".repeat(100),
            assertSpecifics: async (dst) => {
              assert.equal(epoch(await Deno.stat(`${dst}/old.txt`)), DEFAULT_MTIME - DAY);
              assert.equal(epoch(await Deno.stat(`${dst}/newer.txt`)), DEFAULT_MTIME - DAY + 60);
              assert.equal((await Deno.stat(`${dst}/zeros.bin`)).size, (1 << 20) + 5);
              // Directory metadata is applied after the entries: a read-only dir got its file.
              assert.equal(epoch(await Deno.stat(`${dst}/olddir`)), DEFAULT_MTIME - 3 * DAY);
            },
          });
        })
      ),
  );
});

Deno.test("extractZip: existing FIFO, symlink and directory at entry paths", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const zip = `${work}/x.zip`;
    await recordedPythonZip(zip, [
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
    const mkfifo = await new Deno.Command("/usr/bin/mkfifo", { args: [`${dst}/fifo`] }).output();
    assert.ok(mkfifo.success);
    await Deno.symlink(`${outside}/victim`, `${dst}/link`);
    await Deno.mkdir(`${dst}/isdir`, { mode: 0o711 });
    await Deno.chmod(`${dst}/isdir`, 0o711);
    await Deno.writeTextFile(`${dst}/newlink`, "old file");
    await Deno.symlink(outside, `${dst}/dirover`);
    assert.equal(await withSymlinkTools(() => extractZip(zip, dst)), 5);
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

Deno.test("extractZip refuses unsafe names before writing anything", async (t) => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const cases: [string, string][] = [
      ["../x", "../x"],
      ["/etc/x", "/etc/x"],
      ["a/../../x", "a/../../x"],
      ["ok/../../../x", "ok/../../../x"],
      ["..", ".."],
    ];
    for (const [name, expected] of cases) {
      await t.step(name, async () => {
        const zip = `${work}/unsafe.zip`;
        await recordedPythonZip(zip, [
          ["harmless", "first entry", 0o100644],
          [name, "escape", 0o100644],
        ]);
        const dst = `${work}/dst`;
        const error = await extractZip(zip, dst).catch((e) => e);
        assert.ok(error instanceof UnsafeZipEntryError, String(error));
        assert.equal(error.entryName, expected);
        assert.ok(error.message.includes(JSON.stringify(expected)));
        await assert.rejects(Deno.lstat(`${dst}/harmless`), Deno.errors.NotFound);
        await assert.rejects(Deno.lstat(`${work}/x`), Deno.errors.NotFound);
        await Deno.remove(dst, { recursive: true }).catch(() => {});
      });
    }
  });
});

Deno.test("extractZip never writes through symlinks (zip-made or pre-existing)", async () => {
  await withSymlinkTools(() =>
    withTempDir(TMP_PREFIX, async (work) => {
      const outside = `${work}/outside`;
      await Deno.mkdir(outside);
      const dst = `${work}/dst`;
      // Every destination is a sibling of outside: the links point there by "../outside".
      const out = "../outside";

      // A symlink entry pointing outside, then an entry below it.
      const zip = `${work}/evil.zip`;
      await recordedPythonZip(zip, [["evil", out, 0o120777], ["evil/file", "pwned", 0o100644]]);
      const error = await extractZip(zip, dst).catch((e) => e);
      assert.ok(error instanceof UnsafeZipEntryError, String(error));
      assert.equal(error.entryName, "evil/file");
      assert.deepEqual([...Deno.readDirSync(outside)], []);
      // Symlinks are created last, so a refused zip leaves none behind.
      await assert.rejects(Deno.lstat(`${dst}/evil`), Deno.errors.NotFound);

      // Same with the "./name" form and a deeper path.
      await recordedPythonZip(zip, [["./evil2", out, 0o120777], ["evil2/a/b", "pwned", 0o100644]]);
      await assert.rejects(extractZip(zip, dst), UnsafeZipEntryError);
      assert.deepEqual([...Deno.readDirSync(outside)], []);

      // A symlink already in the target, pointing outside.
      await Deno.symlink(outside, `${dst}/pre`);
      await recordedPythonZip(zip, [["pre/file", "pwned", 0o100644]]);
      await assert.rejects(extractZip(zip, dst), UnsafeZipEntryError);
      await recordedPythonZip(zip, [["pre/", "", 0o40755], ["pre/file", "safe now", 0o100644]]);
      // A directory entry replaces the symlink by a real directory: then its files are safe.
      assert.equal(await extractZip(zip, dst), 2);
      assert.equal(await Deno.readTextFile(`${dst}/pre/file`), "safe now");
      assert.deepEqual([...Deno.readDirSync(outside)], []);

      // A directory entry created earlier, then replaced by a symlink entry, then used as a parent.
      await recordedPythonZip(zip, [
        ["swap/", "", 0o40755],
        ["swap", out, 0o120777],
        ["swap/file", "pwned", 0o100644],
      ]);
      await assert.rejects(extractZip(zip, `${work}/dst2`), UnsafeZipEntryError);
      assert.deepEqual([...Deno.readDirSync(outside)], []);
    })
  );
});

Deno.test("extractZip reads zip64 records, data descriptors and cp437 names (as Python writes them)", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    // Python with ZIP64_LIMIT lowered: zip64 extras in local and central headers + zip64 end record.
    const zip64 = await askPython(
      PY_ZIP + "zipfile.ZIP64_LIMIT = 10\nzipfile.ZIP_FILECOUNT_LIMIT = 2\nb = zip_bytes()\n" +
        "with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:\n" +
        "  for i in range(5):\n" +
        "    with z.open(zipfile.ZipInfo(f'd/f{i}', (2021,1,2,3,4,6)), 'w', force_zip64=True) as w: w.write(b'x' * 1000 * i)\n" +
        "  info = zipfile.ZipInfo('stored', (2021,1,2,3,4,6))\n" +
        "  info.compress_type = zipfile.ZIP_STORED\n  info.external_attr = 0o600 << 16\n" +
        "  z.writestr(info, b'0123456789abcdef')\n" +
        "z = zipfile.ZipFile(io.BytesIO(b.getvalue()))\n" +
        "answer(b, count=len(z.infolist()), bad=z.testzip(), zip64_end=b.getvalue().find(b'PK\\x06\\x06') > 0)",
      null,
    );
    assert.deepEqual(
      [zip64.answer.count, zip64.answer.bad, zip64.answer.zip64_end],
      [6, null, true],
    );
    await Deno.writeFile(`${work}/zip64.zip`, zip64.bytes);
    await withEnv({ TZ: "UTC" }, async () => {
      assert.equal(await extractZip(`${work}/zip64.zip`, `${work}/z64`), 6);
      for (let i = 0; i < 5; i++) {
        assert.equal(await Deno.readTextFile(`${work}/z64/d/f${i}`), "x".repeat(1000 * i));
        const mtime = new Date(2021, 0, 2, 3, 4, 6).getTime() / 1000;
        assert.equal(epoch(await Deno.stat(`${work}/z64/d/f${i}`)), mtime);
        // Python's writer gives entries without external_attr 0o600.
        assert.equal((await Deno.stat(`${work}/z64/d/f${i}`)).mode! & 0o7777, 0o600);
      }
    });
    assert.equal(await Deno.readTextFile(`${work}/z64/stored`), "0123456789abcdef");

    // A non-seekable output makes Python write data descriptors (flag bit 3).
    const dd = await askPython(
      PY_ZIP + "class W(io.RawIOBase):\n" +
        "  def __init__(self, f): self.f = f\n  def writable(self): return True\n" +
        "  def seekable(self): return False\n  def write(self, b): return self.f.write(b)\n" +
        "b = zip_bytes()\n" +
        "with zipfile.ZipFile(W(b), 'w', zipfile.ZIP_DEFLATED) as z:\n" +
        "  z.writestr(zipfile.ZipInfo('a/b.txt'), b'descriptor ' * 500)\n" +
        "  z.writestr(zipfile.ZipInfo('c.txt'), b'')\n" +
        "answer(b, descriptors=all(i.flag_bits & 8 for i in zipfile.ZipFile(io.BytesIO(b.getvalue())).infolist()))",
      null,
    );
    assert.equal(dd.answer.descriptors, true);
    await Deno.writeFile(`${work}/dd.zip`, dd.bytes);
    assert.equal(await extractZip(`${work}/dd.zip`, `${work}/dd`), 2);
    assert.equal(await Deno.readTextFile(`${work}/dd/a/b.txt`), "descriptor ".repeat(500));
    assert.equal(await Deno.readTextFile(`${work}/dd/c.txt`), "");

    // Deflate data without a final block (sync-flushed): Python accepts it (size + CRC decide).
    const nofinal = await askPython(
      PY_ZIP +
        "data = b'no final block ' * 1000\nc = zlib.compressobj(-1, zlib.DEFLATED, -15)\n" +
        "raw = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)\ncrc = zlib.crc32(data)\n" +
        "name = b'nofinal.txt'\n" +
        "local = struct.pack('<4s5H3L2H', b'PK\\x03\\x04', 20, 0, 8, 0, 33, crc, len(raw), len(data), len(name), 0) + name\n" +
        "central = struct.pack('<4s4B4H3L5H2L', b'PK\\x01\\x02', 20, 3, 20, 0, 0, 8, 0, 33, crc, len(raw), len(data), len(name), 0, 0, 0, 0, 0o100644 << 16, 0) + name\n" +
        "body = local + raw\n" +
        "end = struct.pack('<4s4H2LH', b'PK\\x05\\x06', 0, 0, 1, 1, len(central), len(body), 0)\n" +
        "whole = body + central + end\n" +
        "answer(whole, accepted=zipfile.ZipFile(io.BytesIO(whole)).read('nofinal.txt') == data)",
      null,
    );
    assert.equal(nofinal.answer.accepted, true);
    await Deno.writeFile(`${work}/nofinal.zip`, nofinal.bytes);
    assert.equal(await extractZip(`${work}/nofinal.zip`, `${work}/nofinal`), 1);
    assert.equal(
      await Deno.readTextFile(`${work}/nofinal/nofinal.txt`),
      "no final block ".repeat(1000),
    );

    // cp437 names (no UTF-8 flag) and UTF-8 names (flag), as Python decodes them.
    const cp = await askPython(
      PY_ZIP + "b = zip_bytes()\n" +
        "with zipfile.ZipFile(b, 'w') as z:\n" +
        "  for name, data in (('cafX', b'cp437'), ('na\u00efve', b'utf8')):\n" +
        "    info = zipfile.ZipInfo(name, (2022, 3, 4, 5, 6, 8))\n" +
        "    info.external_attr = 0o600 << 16\n" +
        "    z.writestr(info, data)\n" +
        "data = b.getvalue().replace(b'cafX', b'caf\\x82')\n" +
        "answer(data, names=zipfile.ZipFile(io.BytesIO(data)).namelist())",
      null,
    );
    assert.deepEqual(cp.answer.names, ["caf\u00e9", "na\u00efve"]);
    await Deno.writeFile(`${work}/cp437.zip`, cp.bytes);
    assert.equal(await extractZip(`${work}/cp437.zip`, `${work}/cp`), 2);
    assert.equal(await Deno.readTextFile(`${work}/cp/caf\u00e9`), "cp437");
    assert.equal(await Deno.readTextFile(`${work}/cp/na\u00efve`), "utf8");
  });
});

Deno.test("extractZip: empty zip (22 bytes), archive comment, external_attr 0 gives mode 0", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const empty = await askPython(
      PY_ZIP + "b = zip_bytes()\nwith zipfile.ZipFile(b, 'w') as z: pass\nanswer(b)",
      null,
    );
    const commented = await askPython(
      PY_ZIP + "b = zip_bytes()\n" +
        "with zipfile.ZipFile(b, 'w') as z:\n  z.comment = b'an archive comment'\n" +
        "  info = zipfile.ZipInfo('f', (2022, 3, 4, 5, 6, 8))\n  info.external_attr = 0o600 << 16\n" +
        "  z.writestr(info, 'x')\n" +
        "data = bytearray(b.getvalue())\ncd = data.find(b'PK\\x01\\x02')\n" +
        "data[cd+38:cd+42] = bytes(4)\n" +
        "answer(data, attr=zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[0].external_attr)",
      null,
    );
    const zip = `${work}/e.zip`;
    await Deno.writeFile(zip, empty.bytes);
    await Deno.writeFile(`${work}/c.zip`, commented.bytes);
    assert.equal((await Deno.stat(zip)).size, 22);
    assert.equal(await extractZip(zip, `${work}/out`), 0);
    assert.deepEqual([...Deno.readDirSync(`${work}/out`)], []);
    assert.equal(await extractZip(`${work}/c.zip`, `${work}/out`), 1);
    assert.equal(commented.answer.attr, 0);
    assert.equal(await Deno.readTextFile(`${work}/out/f`), "x");
    assert.equal((await Deno.stat(`${work}/out/f`)).mode! & 0o7777, 0);
  });
});
