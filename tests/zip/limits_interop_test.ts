/**
 * The expansion limits while extracting zips Python writes live (megabytes
 * of zeros and random bytes, thousands of entries): refused before writing
 * or mid-way, the ratio enforced while inflating, the abort signal; what the
 * extraction created is removed, what was there is kept.
 */
import assert from "node:assert/strict";
import { extractZip, ZipLimitError } from "../../src/zip/mod.ts";
import { listTree } from "../_support/files.ts";
import { python, withTempDir } from "./_support.ts";
import {
  assertRefusedZipLeavesDestination,
  type LimitsZipEntry,
  REFUSED_ZIP_ENTRIES,
} from "./_extract_checks.ts";

const MIB = 1024 * 1024;
const TMP_PREFIX = "tachyon_limits_";

/** Writes a zip with Python: entries are [name, kind, size or target] (kind zeros|random|text|dir|link). */
async function pythonZip(path: string, entries: LimitsZipEntry[]) {
  await python(
    "import json, os, sys, zipfile\n" +
      "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n" +
      "  for name, kind, arg in json.loads(sys.argv[2]):\n" +
      "    info = zipfile.ZipInfo(name, (2020, 5, 17, 12, 30, 10))\n" +
      "    info.compress_type = zipfile.ZIP_DEFLATED\n" +
      "    if kind == 'dir': info.external_attr = 0o40555 << 16; z.writestr(info, b''); continue\n" +
      "    if kind == 'link': info.external_attr = 0o120777 << 16; z.writestr(info, arg); continue\n" +
      "    info.external_attr = 0o100644 << 16\n" +
      "    data = bytes(arg) if kind == 'zeros' else os.urandom(arg) if kind == 'random' else arg.encode()\n" +
      "    z.writestr(info, data)\n",
    path,
    JSON.stringify(entries),
  );
}

Deno.test("extractZip: a refused zip removes what it created and keeps what was there", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    await assertRefusedZipLeavesDestination(work, async (path, understate) => {
      await pythonZip(path, [...REFUSED_ZIP_ENTRIES, ["random", "random", MIB]]);
      if (!understate) return;
      await python(
        "import struct, sys\ndata = bytearray(open(sys.argv[1], 'rb').read())\n" +
          "i = data.index(b'PK\\x01\\x02')\n" +
          "while True:\n" +
          "  n = struct.unpack_from('<H', data, i + 28)[0]\n" +
          "  if bytes(data[i + 46:i + 46 + n]) == sys.argv[2].encode(): break\n" +
          "  i = data.index(b'PK\\x01\\x02', i + 4)\n" +
          "struct.pack_into('<I', data, i + 24, 1)\nopen(sys.argv[1], 'wb').write(data)",
        path,
        understate,
      );
    });
  });
});

Deno.test("extractZip: the ratio is enforced while inflating, and the limit leaves no partial file", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const zip = `${work}/bomb.zip`;
    // The whole archive is ~4× (the headers pass), but the zeros that come first are ~1000×.
    await pythonZip(zip, [["zeros", "zeros", 12 * MIB], ["random", "random", 4 * MIB]]);
    const dst = `${work}/dst`;
    const limits = { maxBytes: 0, maxRatio: 50, ratioAfterBytes: 6 * MIB };
    const error = await extractZip(zip, dst, { limits }).catch((e) => e);
    assert.ok(error instanceof ZipLimitError && error.limit === "ratio", String(error));
    assert.deepEqual(await listTree(dst), []);
    assert.equal(await extractZip(zip, dst, { limits: { ...limits, maxRatio: 0 } }), 2);
    assert.equal((await Deno.stat(`${dst}/zeros`)).size, 12 * MIB);
  });
});

Deno.test("extractZip stops on its abort signal, removes what it created, rejects with the reason", async () => {
  await withTempDir(TMP_PREFIX, async (work) => {
    const zip = `${work}/many.zip`;
    await python(
      "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n" +
        "  for i in range(6000): z.writestr(f'd{i // 500}/f{i}', 'x' * 300)\n",
      zip,
    );
    const dst = `${work}/dst`;
    await Deno.mkdir(dst);
    await Deno.writeTextFile(`${dst}/keep`, "mine\n");
    const stop = new AbortController();
    const reason = new Error("stop now");
    const poll = setInterval(() => {
      try {
        Deno.lstatSync(`${dst}/d0/f0`);
        stop.abort(reason);
      } catch {
        // not yet
      }
    }, 1);
    const started = performance.now();
    try {
      const error = await extractZip(zip, dst, { signal: stop.signal }).catch((e) => e);
      assert.equal(error, reason);
    } finally {
      clearInterval(poll);
    }
    assert.ok(performance.now() - started < 10_000);
    assert.deepEqual(await listTree(dst), ["keep"]);
    // Already aborted: nothing is read or written.
    await assert.rejects(extractZip(zip, dst, { signal: stop.signal }), (e) => e === reason);
    assert.deepEqual(await listTree(dst), ["keep"]);
  });
});
