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

  /** SIGKILLs every registered child's process group, synchronously. */
  killAll(): void {
    killProcessGroups([...this.#children].map((c) => c.pid));
  }
}

/**
 * SIGKILLs the process groups led by `pids`, synchronously. `Deno.kill` needs
 * unrestricted `run` permission, which the binary does not have, so this
 * falls back to one `/bin/sh -c kill` for all groups.
 *
 * @example
 * ```ts
 * killProcessGroups([child.pid]);
 * ```
 */
export function killProcessGroups(pids: readonly number[]): void {
  if (pids.length === 0) return;
  try {
    for (const pid of pids) {
      try {
        Deno.kill(-pid, "SIGKILL");
      } catch (error) {
        if (error instanceof Deno.errors.NotCapable) throw error;
        // ESRCH: already gone
      }
    }
    return;
  } catch {
    // not permitted: use the shell's kill
  }
  try {
    new Deno.Command("/bin/sh", {
      args: [
        "-c",
        'for pid in "$@"; do kill -s KILL -- "-$pid" 2>/dev/null; done; exit 0',
        "sh",
        ...pids.map(String),
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).outputSync();
  } catch {
    // nothing more can be done
  }
}
