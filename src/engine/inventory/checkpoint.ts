/**
 * Cancellation points for the inventory loader. Parsing is synchronous, so
 * between files the loader gives the event loop a turn (timers such as
 * `job_timeout` then fire) and stops if the job's signal has aborted.
 *
 * @module
 */

/**
 * Checks an abort signal and, when the loader has held the event loop for
 * more than `sliceMs`, waits one macrotask so timers and signal handlers
 * run. (Yielding only after a time slice keeps loading a directory of many
 * small files fast: each yield costs up to a few milliseconds.)
 *
 * @example
 * ```ts
 * const checkpoint = new LoadCheckpoint(signal);
 * for (const file of files) {
 *   await checkpoint.pass(); // throws signal.reason once aborted
 *   parse(file);
 * }
 * ```
 */
export class LoadCheckpoint {
  #since = performance.now();
  #units = 0;

  /**
   * @example
   * ```ts
   * new LoadCheckpoint(AbortSignal.timeout(1000), 20);
   * ```
   */
  constructor(readonly signal?: AbortSignal, readonly sliceMs = 20) {}

  /**
   * Counts one unit of work (a host or variable added); true every 4096
   * units, when the caller should `await pass()`. Cheap enough for inner
   * loops, where awaiting every time would not be.
   *
   * @example
   * ```ts
   * for (const host of hosts) {
   *   if (checkpoint.due()) await checkpoint.pass();
   *   inv.addHost(host);
   * }
   * ```
   */
  due(): boolean {
    return (++this.#units & 4095) === 0;
  }

  /** Throws the signal's reason when aborted; yields to the event loop after a time slice. */
  async pass(): Promise<void> {
    this.signal?.throwIfAborted();
    if (performance.now() - this.#since < this.sliceMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.#since = performance.now();
    this.signal?.throwIfAborted();
  }
}
