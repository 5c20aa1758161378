/**
 * The expansion limits' settings and budget arithmetic, and a zip of zeros
 * Python writes (recorded) refused by its headers and, when they lie, while
 * inflating. The ratio and the abort signal, with zips of random bytes and
 * thousands of entries made live, are in `limits_interop_test.ts`.
 */
import assert from "node:assert/strict";
import {
  DEFAULT_EXPANSION_LIMITS,
  ExpansionBudget,
  ExpansionLimitSettingError,
  expansionLimitsFrom,
  extractZip,
  formatBytes,
  parseByteSize,
  ZipLimitError,
} from "../../src/zip/mod.ts";
import { askPython, PY_ZIP, withTempDir } from "./_support.ts";

const MIB = 1024 * 1024;

Deno.test("parseByteSize, formatBytes and expansionLimitsFrom", () => {
  assert.equal(parseByteSize("4G"), 4 * 1024 * MIB);
  assert.equal(parseByteSize("512 MiB"), 512 * MIB);
  assert.equal(parseByteSize("1.5k"), 1536);
  assert.equal(parseByteSize("123"), 123);
  assert.equal(parseByteSize("0"), 0);
  for (const bad of ["", "lots", "-1", "4X", "1e9", "4 G B"]) {
    assert.equal(parseByteSize(bad), undefined);
  }
  assert.equal(formatBytes(4 * 1024 * MIB), "4 GiB");
  assert.equal(formatBytes(1536), "1.5 KiB");
  assert.equal(formatBytes(12), "12 bytes");
  assert.deepEqual(expansionLimitsFrom(() => undefined), DEFAULT_EXPANSION_LIMITS);
  const env: Record<string, string> = {
    TACHYON_UNZIP_MAX_BYTES: "8G",
    TACHYON_UNZIP_MAX_RATIO: "0",
    TACHYON_UNZIP_RATIO_AFTER_BYTES: " ",
  };
  assert.deepEqual(expansionLimitsFrom((name) => env[name]), {
    maxBytes: 8 * 1024 * MIB,
    maxRatio: 0,
    ratioAfterBytes: DEFAULT_EXPANSION_LIMITS.ratioAfterBytes,
  });
  assert.throws(
    () => expansionLimitsFrom((name) => name === "TACHYON_UNZIP_MAX_RATIO" ? "2x" : undefined),
    ExpansionLimitSettingError,
  );
});

Deno.test("ExpansionBudget: the total always counts, the ratio only past its threshold; 0 is off", () => {
  const budget = new ExpansionBudget({ maxBytes: 10 * MIB, maxRatio: 100, ratioAfterBytes: MIB });
  budget.consume(1024);
  budget.produce(MIB); // 1024× but not past 1 MiB yet
  assert.throws(() => budget.produce(1), (e) => e instanceof ZipLimitError && e.limit === "ratio");
  const total = new ExpansionBudget({ maxBytes: 10 * MIB, maxRatio: 100, ratioAfterBytes: MIB });
  total.consume(10 * MIB);
  total.produce(10 * MIB);
  assert.throws(() => total.produce(1), (e) => e instanceof ZipLimitError && e.limit === "size");
  const off = new ExpansionBudget({ maxBytes: 0, maxRatio: 0, ratioAfterBytes: 0 });
  off.produce(1e15);
  assert.equal(off.written, 1e15);
  // Declared sizes refuse early, counting what an earlier payload already wrote.
  const shared = new ExpansionBudget({ maxBytes: 3 * MIB, maxRatio: 0, ratioAfterBytes: 0 });
  shared.consume(2 * MIB);
  shared.produce(2 * MIB);
  shared.checkDeclared(MIB, MIB);
  assert.throws(() => shared.checkDeclared(MIB + 1, MIB), ZipLimitError);
});

/** A zip by Python's zipfile (recorded): entries are [name, kind, size or text] (kind zeros|text|dir|link). */
async function recordedZip(
  path: string,
  entries: [string, string, number | string][],
  understate?: string,
): Promise<void> {
  const { bytes } = await askPython(
    PY_ZIP + "entries, understate = json.load(sys.stdin)\nb = zip_bytes()\n" +
      "with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:\n" +
      "  for name, kind, arg in entries:\n" +
      "    info = zipfile.ZipInfo(name, (2020, 5, 17, 12, 30, 10))\n" +
      "    info.compress_type = zipfile.ZIP_DEFLATED\n" +
      "    if kind == 'dir': info.external_attr = 0o40555 << 16; z.writestr(info, b''); continue\n" +
      "    if kind == 'link': info.external_attr = 0o120777 << 16; z.writestr(info, arg); continue\n" +
      "    info.external_attr = 0o100644 << 16\n" +
      "    z.writestr(info, bytes(arg) if kind == 'zeros' else arg.encode())\n" +
      "data = bytearray(b.getvalue())\n" +
      "if understate:\n" +
      "  i = data.index(b'PK\\x01\\x02')\n" +
      "  while True:\n" +
      "    n = struct.unpack_from('<H', data, i + 28)[0]\n" +
      "    if bytes(data[i + 46:i + 46 + n]) == understate.encode(): break\n" +
      "    i = data.index(b'PK\\x01\\x02', i + 4)\n" +
      "  struct.pack_into('<I', data, i + 24, 1)\n" +
      "answer(data)",
    [entries, understate ?? null],
  );
  await Deno.writeFile(path, bytes);
}

async function tree(dir: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(`${dir}${rel}`)) {
    const path = `${rel}/${entry.name}`;
    out.push(path);
    if (entry.isDirectory) out.push(...await tree(dir, path));
  }
  return out.sort();
}

Deno.test("extractZip: a refused zip (8 MiB of zeros) removes what it created and keeps what was there", async () => {
  await withTempDir("tachyon_limits_", async (work) => {
    const dst = `${work}/dst`;
    await Deno.mkdir(`${dst}/old/deep`, { recursive: true });
    await Deno.writeTextFile(`${dst}/old/deep/kept`, "mine\n");
    await Deno.writeTextFile(`${dst}/top`, "mine too\n");
    const before = await tree(dst);
    const entries: [string, string, number | string][] = [
      ["old/deep/new", "text", "added into an existing dir"],
      ["old/newdir/a/b", "text", "a new subtree in an existing dir"],
      ["fresh/sub/file", "text", "a new top-level tree"],
      ["fresh/ro/", "dir", ""],
      ["fresh/ro/inside", "text", "in a dir that becomes read-only"],
      ["link", "link", "/etc"],
      ["zeros", "zeros", 8 * MIB],
    ];
    const zip = `${work}/x.zip`;
    await recordedZip(zip, entries);
    const limits = { maxBytes: 4 * MIB, maxRatio: 0, ratioAfterBytes: 0 };
    const budget = new ExpansionBudget(limits);
    // The headers say 8 MiB: refused before anything is written.
    await assert.rejects(extractZip(zip, dst, { budget }), ZipLimitError);
    assert.equal(budget.written, 0);
    assert.deepEqual(await tree(dst), before);
    // A central directory that understates the zeros: caught while inflating, mid-way.
    await recordedZip(zip, entries, "zeros");
    const error = await extractZip(zip, dst, { limits: { ...limits, maxBytes: 2 * MIB } }).catch((
      e,
    ) => e);
    assert.ok(error instanceof Error, String(error));
    assert.deepEqual(await tree(dst), before, "everything the extraction created is gone");
    assert.equal(await Deno.readTextFile(`${dst}/old/deep/kept`), "mine\n");
  });
});
