/**
 * Memory check of the zip layer: builds (with Python's zipfile) a zip holding
 * a 256 MiB file that mixes zero blocks and random blocks (so deflate is not
 * trivial), then, each in a fresh child Deno process, extracts it, zips the
 * extracted directory again, and base64-encodes + decodes that zip. Every
 * child reports its peak RSS (VmHWM from /proc/self/status); the script
 * prints one JSON line per step and exits 1 when a peak exceeds the limit or
 * a result differs from the source.
 *
 * Usage: `deno run -A scripts/zip_memory.ts [--size-mib 256] [--limit-mib 128]`
 *
 * @module
 */

import {
  Base64Decoder,
  base64FileChunks,
  extractZip,
  readFull,
  zipDirectory,
} from "../src/zip/mod.ts";

/**
 * One measured step.
 *
 * @example
 * ```ts
 * const report: MemoryReport = { step: "extract", peakRssMiB: 46, ms: 130 };
 * ```
 */
export interface MemoryReport {
  /** Which operation the child ran. */
  step: "baseline" | "extract" | "zip" | "base64";
  /** Peak resident set size of the child process, MiB. */
  peakRssMiB: number;
  /** Wall time of the operation inside the child, ms. */
  ms: number;
}

function peakRssMiB(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const match = status.match(/^VmHWM:\s+(\d+) kB/m);
  if (!match) throw new Error("no VmHWM in /proc/self/status");
  return Number(match[1]) / 1024;
}

/** Child side: runs one step and prints its report. */
async function child(step: MemoryReport["step"], work: string): Promise<void> {
  const started = performance.now();
  if (step === "extract") {
    await extractZip(`${work}/big.zip`, `${work}/out`);
  } else if (step === "zip") {
    await zipDirectory(`${work}/out`, `${work}/again.zip`);
  } else if (step === "base64") {
    const decoder = new Base64Decoder();
    const out = await Deno.open(`${work}/decoded.zip`, { write: true, create: true });
    try {
      for await (const ascii of base64FileChunks(`${work}/again.zip`)) {
        await out.write(decoder.push(ascii));
      }
      await out.write(decoder.finish());
    } finally {
      out.close();
    }
  }
  const report: MemoryReport = { step, peakRssMiB: peakRssMiB(), ms: performance.now() - started };
  console.log(JSON.stringify(report));
}

async function runChild(step: MemoryReport["step"], work: string): Promise<MemoryReport> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-config", import.meta.filename!, "--child", step, work],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`child ${step} failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

async function sameContent(a: string, b: string): Promise<boolean> {
  const fa = await Deno.open(a);
  const fb = await Deno.open(b);
  try {
    const ba = new Uint8Array(1 << 20);
    const bb = new Uint8Array(1 << 20);
    for (;;) {
      const na = await readFull(fa, ba);
      const nb = await readFull(fb, bb);
      if (na !== nb) return false;
      if (na === 0) return true;
      for (let i = 0; i < na; i++) if (ba[i] !== bb[i]) return false;
    }
  } finally {
    fa.close();
    fb.close();
  }
}

/**
 * Builds the test zip and measures every step in a child process.
 *
 * @example
 * ```ts
 * const reports = await measureZipMemory(256);
 * reports.every((r) => r.peakRssMiB <= 128);
 * ```
 */
export async function measureZipMemory(sizeMiB = 256): Promise<MemoryReport[]> {
  const work = await Deno.makeTempDir({ prefix: "tachyon_zipmem_" });
  try {
    const make = await new Deno.Command("/usr/bin/python3", {
      args: [
        "-c",
        "import os, sys, zipfile\nsize = int(sys.argv[2])\n" +
        "with open(sys.argv[3], 'wb') as f:\n" +
        "  for i in range(size):\n" +
        "    f.write(os.urandom(1 << 20) if i % 2 else bytes(1 << 20))\n" +
        "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED, allowZip64=True) as z:\n" +
        "  z.write(sys.argv[3], 'data/big.bin')\n",
        `${work}/big.zip`,
        String(sizeMiB),
        `${work}/source.bin`,
      ],
    }).output();
    if (!make.success) throw new Error("python could not build the zip");
    const reports: MemoryReport[] = [];
    for (const step of ["baseline", "extract", "zip", "base64"] as const) {
      reports.push(await runChild(step, work));
    }
    if (!await sameContent(`${work}/source.bin`, `${work}/out/data/big.bin`)) {
      throw new Error("extracted file differs from the source");
    }
    if (!await sameContent(`${work}/again.zip`, `${work}/decoded.zip`)) {
      throw new Error("base64 round trip differs");
    }
    return reports;
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

if (import.meta.main) {
  const args = Deno.args;
  if (args[0] === "--child") {
    await child(args[1] as MemoryReport["step"], args[2]);
  } else {
    const option = (name: string, fallback: number) => {
      const i = args.indexOf(name);
      return i >= 0 ? Number(args[i + 1]) : fallback;
    };
    const limit = option("--limit-mib", 128);
    const reports = await measureZipMemory(option("--size-mib", 256));
    for (const report of reports) console.log(JSON.stringify(report));
    if (reports.some((report) => report.peakRssMiB > limit)) {
      console.error(`peak RSS above ${limit} MiB`);
      Deno.exit(1);
    }
  }
}
