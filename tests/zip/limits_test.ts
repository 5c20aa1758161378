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
  formatBytes,
  parseByteSize,
  ZipLimitError,
} from "../../src/zip/mod.ts";
import { askPython, PY_ZIP, withTempDir } from "./_support.ts";
import {
  assertRefusedZipLeavesDestination,
  type LimitsZipEntry,
  REFUSED_ZIP_ENTRIES,
} from "./_extract_checks.ts";

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
  entries: LimitsZipEntry[],
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

Deno.test("extractZip: a refused zip (8 MiB of zeros) removes what it created and keeps what was there", async () => {
  await withTempDir("tachyon_limits_", async (work) => {
    await assertRefusedZipLeavesDestination(
      work,
      (path, understate) => recordedZip(path, REFUSED_ZIP_ENTRIES, understate),
    );
  });
});
