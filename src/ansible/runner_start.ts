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
 * guard, so `python3 -m ansible_runner` would do nothing).
 */
const ENTRY_POINT =
  "import sys; sys.argv[0] = 'ansible-runner'; from ansible_runner.__main__ import main; " +
  "sys.exit(main())";
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
      args: ["-c", ENTRY_POINT, "worker", `--private-data-dir=${privateDataDir}`],
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
