/**
 * Stopping a background job, and every process it started, within a
 * bounded time. The reference's `stop` SIGKILLs the daemon's process group
 * at once: the daemon records nothing, and its Ansible, in a session of its
 * own, keeps running. Here:
 *
 * 1. SIGTERM to the daemon: it is `run`, which cancels the job as `run`
 *    does on SIGTERM (every process group of the job killed: ssh channels,
 *    local commands, inventory scripts, the EE's ansible-runner and its
 *    Ansible on the Ansible route), writes `status` `canceled` and `rc` 254,
 *    removes the pid file and exits.
 * 2. If it is still there after {@linkcode STOP_GRACE_MS} (a job that does
 *    not answer), the daemon and its descendants are frozen (SIGSTOP, so
 *    none can start another), then SIGKILLed with their process groups,
 *    and `stop` writes the `canceled` status and rc 254 itself.
 *
 * A pid file that names no live job of this dir (its daemon was SIGKILLed,
 * or the pid now belongs to another process) is removed and nothing is
 * signalled; the reference would SIGKILL whatever process group holds that
 * pid now.
 *
 * @module
 */
import { join } from "node:path";
import { type DaemonJob, daemonJob, readPidFile, removePidFile } from "./daemon_job.ts";
import { descendants, type ProcessInfo, signalTargets } from "./daemon_proc.ts";

/**
 * How long the daemon gets to end after SIGTERM before it is killed: more
 * than the Ansible route needs (the EE's ansible-runner notices a cancel
 * within its 5 s poll); tachyon's own routes end within a second.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { STOP_GRACE_MS } from "./daemon_stop.ts";
 *
 * assert.equal(STOP_GRACE_MS, 10_000);
 * ```
 */
export const STOP_GRACE_MS = 10_000;

/** How long a SIGKILLed daemon may take to be gone. */
const KILL_WAIT_MS = 3_000;

/** How often the daemon is looked at while it ends. */
const POLL_MS = 50;

/**
 * How a stop went: no pid file; a stale one (removed); the job ended after
 * SIGTERM; it was SIGKILLed with its descendants (`killed` of them); or it
 * survived even SIGKILL (another user's process).
 *
 * @example
 * ```ts
 * import type { StopOutcome } from "./daemon_stop.ts";
 *
 * const outcome: StopOutcome = { kind: "stopped", pid: 42 };
 * ```
 */
export type StopOutcome =
  | { readonly kind: "none" }
  | { readonly kind: "stale"; readonly pid: number }
  | { readonly kind: "stopped"; readonly pid: number }
  | { readonly kind: "killed"; readonly pid: number; readonly killed: number }
  | { readonly kind: "survived"; readonly pid: number };

/**
 * Stops the background job of `pdd` (absolute, as `daemonDir` gives it).
 *
 * @throws {PidFileError} when `<pdd>/pid` holds no process id
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stopJob } from "./daemon_stop.ts";
 *
 * assert.deepEqual(await stopJob("/tmp/no-such-pdd"), { kind: "none" });
 * ```
 */
export async function stopJob(pdd: string, graceMs: number = STOP_GRACE_MS): Promise<StopOutcome> {
  const pid = readPidFile(pdd);
  if (pid === undefined) return { kind: "none" };
  const job = daemonJob(pdd, pid);
  if (job === undefined) {
    removePidFile(pdd, pid);
    return { kind: "stale", pid };
  }
  signalTargets([pid], "TERM");
  if (await gone(pdd, pid, graceMs)) {
    settle(pdd, job);
    return { kind: "stopped", pid };
  }
  const killed = killTree(pid);
  if (!(await gone(pdd, pid, KILL_WAIT_MS))) return { kind: "survived", pid };
  settle(pdd, job);
  return { kind: "killed", pid, killed };
}

/** Whether the daemon of `pdd` at `pid` is gone within `ms`. */
async function gone(pdd: string, pid: number, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  for (;;) {
    if (daemonJob(pdd, pid) === undefined) return true;
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Freezes `pid` and its descendants, then SIGKILLs them and the process
 * groups they lead; returns how many processes there were.
 */
function killTree(pid: number): number {
  const first = descendants(pid);
  signalTargets(first.map((info) => info.pid), "STOP");
  // Whatever was forked before the freeze took hold.
  const tree = new Map<number, ProcessInfo>();
  for (const info of [...first, ...descendants(pid)]) tree.set(info.pid, info);
  const leaders = [...tree.values()].filter((info) => info.pgid === info.pid);
  signalTargets([...leaders.map((info) => -info.pid), ...tree.keys()], "KILL");
  return tree.size;
}

/** After the daemon: no pid file, and a `canceled` record if the daemon left none. */
function settle(pdd: string, job: DaemonJob): void {
  removePidFile(pdd, job.pid);
  recordCanceled(job.artifactDir);
}

/**
 * Writes `status` `canceled` and `rc` 254 (0600, no newline, as a canceled
 * run writes them) in `artifactDir` when it exists and has no status.
 *
 * @example
 * ```ts
 * import { recordCanceled } from "./daemon_stop.ts";
 *
 * recordCanceled("/tmp/no-such-pdd/artifacts/7"); // no artifact dir: nothing to record
 * ```
 */
export function recordCanceled(artifactDir: string): void {
  try {
    if (!Deno.statSync(artifactDir).isDirectory) return;
  } catch {
    return;
  }
  try {
    Deno.writeTextFileSync(join(artifactDir, "status"), "canceled", {
      createNew: true,
      mode: 0o600,
    });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return;
    throw error;
  }
  Deno.writeTextFileSync(join(artifactDir, "rc"), "254", { mode: 0o600 });
}
