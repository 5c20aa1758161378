/**
 * Starting the EE's ansible-runner: its `worker` under a given interpreter,
 * waiting for its job on stdin. Kept apart from the relay so that the worker
 * can start it before loading anything else (the interpreter's start then
 * overlaps the rest of tachyon's own start and the payload's extraction).
 *
 * @module
 */
import type { ProcessRegistry } from "../engine/process_registry.ts";

/**
 * What the `ansible-runner` console script does (2.3.1 has no `__main__`
 * guard, so `python3 -m ansible_runner` would do nothing), and then what
 * `sys.exit` would do, without the interpreter's teardown. Once `main()`
 * returns, ansible-runner has written eof; with ansible's modules loaded,
 * tearing the interpreter down takes ~80 ms of CPU and no system call: time
 * the job's caller would wait for nothing. The steps of that exit that do
 * something still happen, in Python's order: non-daemon threads are joined,
 * `atexit` handlers run (logging's shutdown, ansible-runner's cleanups), the
 * standard streams are flushed, and the exit code is `sys.exit`'s. A
 * `main()` that raises anything but `SystemExit` ends the normal way.
 *
 * @example
 * ```ts
 * import { ANSIBLE_RUNNER_ENTRY_POINT } from "./runner_start.ts";
 *
 * // ansible-runner's own `worker --worker-info`, started the way tachyon starts its worker.
 * const workerInfo = new Deno.Command("/usr/bin/python3", {
 *   args: ["-c", ANSIBLE_RUNNER_ENTRY_POINT, "worker", "--worker-info"],
 * });
 * ```
 */
export const ANSIBLE_RUNNER_ENTRY_POINT = [
  "import sys",
  "sys.argv[0] = 'ansible-runner'",
  "from ansible_runner.__main__ import main",
  "try:",
  "    code = main()",
  "except SystemExit as exit_request:",
  "    code = exit_request.code",
  "import atexit, os, threading",
  "if code is None:",
  "    code = 0",
  "elif not isinstance(code, int):",
  "    print(code, file=sys.stderr)",
  "    code = 1",
  "for thread in threading.enumerate():",
  "    if thread is not threading.current_thread() and not thread.daemon:",
  "        thread.join()",
  "atexit._run_exitfuncs()",
  "for stream in (sys.stdout, sys.stderr):",
  "    try:",
  "        stream.flush()",
  "    except Exception:",
  "        pass",
  "os._exit(code & 0xFF)",
].join("\n");
/** How much of the child's stderr is kept for an error report. */
const STDERR_KEEP_BYTES = 64 * 1024;

/**
 * An ansible-runner started ahead of its job; it waits for its kwargs on stdin.
 *
 * @example
 * ```ts
 * import { type StartedRunner, startAnsibleRunner } from "./runner_start.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * const started = startAnsibleRunner("/nonexistent/python3", "/tmp/pdd", new ProcessRegistry());
 * console.assert("problem" in started);
 * ```
 */
export interface StartedRunner {
  /** The interpreter. */
  readonly python: string;
  /** The waiting ansible-runner. */
  readonly child: Deno.ChildProcess;
  /** The tail of its stderr, once it ends. */
  readonly stderr: Promise<string>;
}

/**
 * Starts ansible-runner's `worker` under `python` for `privateDataDir`, or
 * says why it cannot (not found, not in the permission set).
 *
 * @example
 * ```ts
 * import { startAnsibleRunner } from "./runner_start.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * const registry = new ProcessRegistry();
 * const started = startAnsibleRunner("/usr/bin/python3", "/tmp/pdd", registry);
 * if (!("problem" in started)) started.child.kill("SIGKILL"); // not needed after all
 * ```
 */
export function startAnsibleRunner(
  python: string,
  privateDataDir: string,
  registry: ProcessRegistry,
): StartedRunner | { readonly problem: string } {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(python, {
      args: ["-c", ANSIBLE_RUNNER_ENTRY_POINT, "worker", `--private-data-dir=${privateDataDir}`],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      detached: true,
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { problem: `${python}: not found` };
    if (error instanceof Deno.errors.NotCapable) {
      return { problem: `${python}: not in this binary's permission set` };
    }
    throw error;
  }
  registry.add(child);
  return { python, child, stderr: collectTail(child.stderr, STDERR_KEEP_BYTES) };
}

/** The last `limit` bytes of `stream`, as text. */
async function collectTail(stream: ReadableStream<Uint8Array>, limit: number): Promise<string> {
  let kept = new Uint8Array(0);
  for await (const chunk of stream) {
    const joined = new Uint8Array(Math.min(limit, kept.length + chunk.length));
    const all = kept.length + chunk.length;
    const skip = all - joined.length;
    if (skip < kept.length) {
      joined.set(kept.subarray(skip));
      joined.set(chunk, kept.length - skip);
    } else {
      joined.set(chunk.subarray(skip - kept.length));
    }
    kept = joined;
  }
  return new TextDecoder().decode(kept);
}
