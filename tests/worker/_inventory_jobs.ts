/**
 * Test support for inventory jobs run through a real worker (tachyon's
 * `deno run -P main.ts worker` or the real `ansible-runner worker`): job
 * sources, a watched worker process (deadline, wall time, peak RSS), and
 * the processes a job left behind, found by a marker in their command line.
 *
 * @module
 */
import { dirname, join } from "node:path";
import {
  ANSIBLE_RUNNER,
  cleanStderr,
  parseStream,
  tachyonCommand,
} from "../_support/worker_process.ts";

/**
 * A file of a job source: text (0644) or text with a mode.
 *
 * @example
 * ```ts
 * const script: JobFile = { text: "#!/bin/sh\necho '{}'\n", mode: 0o755 };
 * ```
 */
export type JobFile = string | { text: string; mode: number };

/**
 * The playbook the reference runs: what tachyon's default automation does
 * (facts, then one debug line per host).
 *
 * @example
 * ```ts
 * await writeJobSource(src, { "project/main.yml": SUMMARY_PLAYBOOK });
 * ```
 */
export const SUMMARY_PLAYBOOK = "# tachyon-automation: main\n" +
  "- name: 'tachyon: reachability and host summary'\n" +
  "  hosts: all\n  tasks:\n" +
  "    - name: Summary\n      debug:\n        msg: hi\n";

/**
 * Writes `files` (path relative to `root` → content) for `ansible-runner transmit`.
 *
 * @example
 * ```ts
 * await writeJobSource(src, { "project/main.yml": SUMMARY_PLAYBOOK });
 * ```
 */
export async function writeJobSource(root: string, files: Record<string, JobFile>): Promise<void> {
  for (const [rel, file] of Object.entries(files)) {
    const path = join(root, rel);
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, typeof file === "string" ? file : file.text);
    await Deno.chmod(path, typeof file === "string" ? 0o644 : file.mode);
  }
}

export {
  killSleepProcesses,
  sleepMarker,
  sleepProcesses,
  waitForSleep,
} from "../_support/sleep_processes.ts";

/**
 * The outcome of a watched worker.
 *
 * @example
 * ```ts
 * const run: WorkerRun = await startWorker("tachyon", pdd, stream, 30_000).done;
 * ```
 */
export interface WorkerRun {
  /** Exit code. */
  code: number;
  /** Protocol messages from stdout. */
  messages: Record<string, unknown>[];
  /** stderr text. */
  stderr: string;
  /** When the worker exited (`performance.now()`). */
  exitedAt: number;
  /** Wall time from spawn to exit, ms. */
  elapsedMs: number;
  /** The highest VmHWM (peak RSS) read from /proc while it ran, KiB. */
  peakRssKiB: number;
}

/**
 * A worker process being watched.
 *
 * @example
 * ```ts
 * const worker: WatchedWorker = startWorker("tachyon", pdd, stream, 30_000);
 * worker.child.kill("SIGTERM");
 * ```
 */
export interface WatchedWorker {
  /** The process. */
  child: Deno.ChildProcess;
  /** When it was spawned (`performance.now()`). */
  startedAt: number;
  /** Its outcome; rejects (after SIGKILLing it) past the deadline. */
  done: Promise<WorkerRun>;
}

function vmHwmKiB(pid: number): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Starts `worker --private-data-dir=PDD` (tachyon's entrypoint with the
 * binary's permissions, or the real ansible-runner), feeds it `stream`, and
 * watches it until it exits or `deadlineMs` passes.
 *
 * @example
 * ```ts
 * const run = await startWorker("tachyon", pdd, stream, 30_000).done;
 * ```
 */
export function startWorker(
  which: "tachyon" | "reference",
  pdd: string,
  stream: Uint8Array,
  deadlineMs: number,
): WatchedWorker {
  const args = ["worker", `--private-data-dir=${pdd}`];
  const command = which === "tachyon" ? tachyonCommand(args) : new Deno.Command(ANSIBLE_RUNNER, {
    args,
    cwd: "/tmp",
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const startedAt = performance.now();
  const child = command.spawn();
  const writer = child.stdin.getWriter();
  const fed = writer.write(stream).then(() => writer.close()).catch(() => {});
  let peak = 0;
  const sampler = setInterval(() => peak = Math.max(peak, vmHwmKiB(child.pid)), 50);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the ${which} worker did not finish within ${deadlineMs} ms`));
    }, deadlineMs);
  });
  const finished = child.output().then(async (out) => {
    const exitedAt = performance.now();
    await fed;
    return {
      code: out.code,
      messages: parseStream(out.stdout),
      stderr: which === "tachyon" ? cleanStderr(out.stderr) : new TextDecoder().decode(out.stderr),
      exitedAt,
      elapsedMs: exitedAt - startedAt,
      peakRssKiB: peak,
    };
  });
  const done = Promise.race([finished, late]).finally(() => {
    clearTimeout(timer);
    clearInterval(sampler);
  });
  // After a deadline the output still settles; nothing must dangle.
  finished.catch(() => {});
  return { child, startedAt, done };
}

/**
 * The terminal status of a run (the last `status` message).
 *
 * @example
 * ```ts
 * assert.equal(finalStatus(run), "timeout");
 * ```
 */
export function finalStatus(run: WorkerRun): unknown {
  return run.messages.filter((m) => "status" in m).at(-1)?.status;
}
