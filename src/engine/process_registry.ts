/**
 * Every child process the engine starts, so that a cancel, a timeout or the
 * end of the job can kill them all (whole process groups) at once.
 *
 * A child may leave processes in its group after it exits (`sleep 60 &`
 * under the local connection): the registry remembers the group of every
 * child of the job and kills what is left of them once, at `killAll()`. To
 * keep pid reuse out (a group whose processes are all gone frees its id for
 * an unrelated process), exited children's groups are checked in batches
 * (one `kill -s 0` shell per 32 exits) and forgotten once empty.
 *
 * @module
 */

/** Exited children's groups gathered before one liveness check. */
const CHECK_BATCH = 32;

/**
 * Tracks child processes; each runs as the leader of its own process group
 * (spawned `detached`), so killing `-pid` takes its descendants too.
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
  /** Groups of exited children that may still hold processes. */
  #leftGroups = new Set<number>();
  /** Groups already killed (not remembered again when their leader exits). */
  #killed = new Set<number>();
  #checkAt = CHECK_BATCH;

  /** Registers `child`; its group is remembered after it exits, until it is empty or killed. */
  add(child: Deno.ChildProcess): void {
    this.#children.add(child);
    child.status.finally(() => {
      this.#children.delete(child);
      if (this.#killed.has(child.pid)) return;
      this.#leftGroups.add(child.pid);
      if (this.#leftGroups.size >= this.#checkAt) this.#forgetEmptyGroups();
    });
  }

  /** How many children are alive. */
  get size(): number {
    return this.#children.size;
  }

  /** How many process groups `killAll()` would signal (alive children and exited ones' groups). */
  get groups(): number {
    return this.#children.size + this.#leftGroups.size;
  }

  /**
   * SIGKILLs every running child's process group and what exited children
   * left in theirs, synchronously; an exited child's group is killed once.
   */
  killAll(): void {
    const groups = [...[...this.#children].map((c) => c.pid), ...this.#leftGroups];
    this.#leftGroups.clear();
    for (const pid of groups) this.#killed.add(pid);
    killProcessGroups(groups);
  }

  /** Drops the exited children's groups that no process holds any more. */
  #forgetEmptyGroups(): void {
    const alive = liveProcessGroups([...this.#leftGroups]);
    if (alive) this.#leftGroups = alive;
    this.#checkAt = this.#leftGroups.size + CHECK_BATCH;
  }
}

/** Which of `pgids` still have a process (one `/bin/sh`), or `undefined` if unknown. */
function liveProcessGroups(pgids: readonly number[]): Set<number> | undefined {
  try {
    const output = new Deno.Command("/bin/sh", {
      args: [
        "-c",
        'for g in "$@"; do ! kill -s 0 -- "-$g" 2>/dev/null || echo "$g"; done; exit 0',
        "sh",
        ...pgids.map(String),
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    if (!output.success) return undefined;
    const text = new TextDecoder().decode(output.stdout);
    return new Set(text.split("\n").filter((line) => line !== "").map(Number));
  } catch {
    return undefined;
  }
}

/**
 * SIGKILLs the process groups led by `pids` (and, with `andProcesses`, each
 * of those processes, wherever its group is), synchronously. `Deno.kill` needs
 * unrestricted `run` permission, which the binary does not have, so this
 * falls back to one `/bin/sh -c kill` for all groups.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { killProcessGroups } from "./process_registry.ts";
 *
 * const child = new Deno.Command("/bin/sh", { args: ["-c", "exec sleep 30"], detached: true })
 *   .spawn();
 * killProcessGroups([child.pid]);
 * assert.equal((await child.status).signal, "SIGKILL");
 * ```
 */
export function killProcessGroups(
  pids: readonly number[],
  options: { andProcesses?: boolean } = {},
): void {
  if (pids.length === 0) return;
  const targets = options.andProcesses ? pids.flatMap((pid) => [-pid, pid]) : pids.map((p) => -p);
  try {
    for (const target of targets) {
      try {
        Deno.kill(target, "SIGKILL");
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
        'for target in "$@"; do kill -s KILL -- "$target" 2>/dev/null; done; exit 0',
        "sh",
        ...targets.map(String),
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).outputSync();
  } catch {
    // nothing more can be done
  }
}
