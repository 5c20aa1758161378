/**
 * Test support: the peak resident memory of a child process, read from
 * `/proc/<pid>/status` (VmHWM) until the child is done.
 *
 * @module
 */

/**
 * Peak RSS (VmHWM, KiB) of `pid`, sampled every few ms until `done` settles.
 *
 * @example
 * ```ts
 * const output = child.output();
 * const peakKiB = await samplePeakRss(child.pid, output);
 * ```
 */
export async function samplePeakRss(pid: number, done: Promise<unknown>): Promise<number> {
  let peak = 0;
  let finished = false;
  done.finally(() => finished = true).catch(() => {});
  while (!finished) {
    try {
      const status = await Deno.readTextFile(`/proc/${pid}/status`);
      const match = status.match(/^VmHWM:\s+(\d+) kB/m);
      if (match) peak = Math.max(peak, Number(match[1]));
    } catch {
      // exited
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return peak;
}
