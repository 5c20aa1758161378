/**
 * Every child process the engine starts, so that a cancel or a timeout can
 * kill them all (whole process groups) at once.
 *
 * @module
 */

/**
 * Tracks running child processes; each runs as the leader of its own process
 * group (spawned `detached`), so killing `-pid` takes its descendants too.
 *
 * @example
 * ```ts
 * const registry = new ProcessRegistry();
 * const child = new Deno.Command("/bin/sh", { args: ["-c", "sleep 9"], detached: true }).spawn();
 * registry.add(child);
 * registry.killAll(); // SIGKILL to the group
 * ```
 */
export class ProcessRegistry {
  #children = new Set<Deno.ChildProcess>();

  /** Registers `child` until it exits. */
  add(child: Deno.ChildProcess): void {
    this.#children.add(child);
    child.status.finally(() => this.#children.delete(child));
  }

  /** How many children are alive. */
  get size(): number {
    return this.#children.size;
  }

  /** SIGKILLs every registered child's process group. */
  killAll(): void {
    for (const child of this.#children) {
      try {
        Deno.kill(-child.pid, "SIGKILL");
      } catch {
        try {
          child.kill("SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  }
}
