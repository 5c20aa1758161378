/**
 * The zip layer's memory promise, measured (slow: a 256 MiB entry).
 */
import assert from "node:assert/strict";
import { measureZipMemory } from "../../scripts/zip_memory.ts";

Deno.test("a 256 MiB entry extracts, re-zips and base64-round-trips in <= 128 MiB peak RSS", async () => {
  const reports = await measureZipMemory(256);
  assert.deepEqual(reports.map((r) => r.step), ["baseline", "extract", "zip", "base64"]);
  for (const report of reports) {
    assert.ok(report.peakRssMiB > 0);
    assert.ok(report.peakRssMiB <= 128, `${report.step}: ${report.peakRssMiB.toFixed(1)} MiB`);
  }
});
