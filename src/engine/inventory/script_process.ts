/**
 * Runs one inventory script invocation (`--list` or `--host H`) so that a
 * job can always stop it: the script leads its own process group, is in the
 * job's process registry, and the group is SIGKILLed the moment the job's
 * signal aborts (cancel, `job_timeout`), which also ends the wait at once.
 * Output is bounded: stdout by {@link MAX_SCRIPT_STDOUT_BYTES}, stderr
 * kept up to {@link MAX_SCRIPT_STDERR_BYTES}.
 *
 * @module
 */

import { killProcessGroups, type ProcessRegistry } from "../process_registry.ts";
import { ScriptInventoryError } from "./errors.ts";
import { formatLimit, MAX_SCRIPT_STDERR_BYTES, MAX_SCRIPT_STDOUT_BYTES } from "./limits.ts";

/**
 * How {@link runInventoryScript} runs a script.
 *
 * @example
 * ```ts
 * const opts: ScriptRunOptions = { signal: AbortSignal.timeout(5000), registry };
 * ```
 */
export interface ScriptRunOptions {
  /** Kills the script's process group and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The job's registry, so that its cancel/timeout path sees the script too. */
  registry?: ProcessRegistry;
  /** Stdout limit in bytes (default {@link MAX_SCRIPT_STDOUT_BYTES}). */
  maxStdoutBytes?: number;
}

/**
 * What a finished script left.
 *
 * @example
 * ```ts
 * const out: ScriptOutput = { code: 0, stdout: new Uint8Array(), stderr: "" };
 * ```
 */
export interface ScriptOutput {
  /** Exit code. */
  code: number;
  /** Everything printed on stdout. */
  stdout: Uint8Array;
  /** Stderr text (a note ends it when it was cut at {@link MAX_SCRIPT_STDERR_BYTES}). */
  stderr: string;
}

class StdoutTooLarge extends Error {
  override name = "StdoutTooLarge";
}

/** Reads a pipe to its end; past `limit` bytes, `overflow` decides (throw, or drop the rest). */
async function readPipe(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
  overflow: "throw" | "drop",
): Promise<{ bytes: Uint8Array; dropped: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let dropped = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.length > limit) {
      if (overflow === "throw") throw new StdoutTooLarge();
      if (size < limit) chunks.push(value.subarray(0, limit - size));
      size = limit;
      dropped = true;
      continue;
    }
    chunks.push(value);
    size += value.length;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, dropped };
}

/**
 * Runs `path ARGS` through `/bin/sh` (the program tachyon may start) in a
 * new process group and waits for it to exit and close its output.
 * Throws the signal's reason when `options.signal` aborts (the group is
 * killed first), and {@link ScriptInventoryError} when the script cannot
 * start or prints more than the stdout limit (the group is killed too).
 *
 * @example
 * ```ts
 * const out = await runInventoryScript("/runner/inventory/hosts", ["--list"], { signal, registry });
 * ```
 */
export async function runInventoryScript(
  path: string,
  args: readonly string[],
  options: ScriptRunOptions = {},
): Promise<ScriptOutput> {
  const { signal, registry } = options;
  const limit = options.maxStdoutBytes ?? MAX_SCRIPT_STDOUT_BYTES;
  signal?.throwIfAborted();
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("/bin/sh", {
      args: ["-c", 'exec "$0" "$@"', path, ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      detached: true,
    }).spawn();
  } catch (e) {
    throw new ScriptInventoryError(
      `problem running ${[path, ...args].join(" ")} (${(e as Error).message})`,
      { cause: e },
    );
  }
  registry?.add(child);
  const stdout = child.stdout.getReader();
  const stderr = child.stderr.getReader();
  // The group, not just the script: its children may hold the pipes open.
  const killGroup = () => killProcessGroups([child.pid]);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      killGroup();
      reject(signal?.reason);
    };
  });
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const [out, err, status] = await Promise.race([
      Promise.all([
        readPipe(stdout, limit, "throw"),
        readPipe(stderr, MAX_SCRIPT_STDERR_BYTES, "drop"),
        child.status,
      ]),
      aborted,
    ]);
    let text = new TextDecoder().decode(err.bytes);
    if (err.dropped) {
      text += `\n[stderr cut at ${formatLimit(MAX_SCRIPT_STDERR_BYTES)}]\n`;
    }
    return { code: status.code, stdout: out.bytes, stderr: text };
  } catch (e) {
    killGroup();
    stdout.cancel().catch(() => {});
    stderr.cancel().catch(() => {});
    if (signal?.aborted) throw signal.reason;
    if (e instanceof StdoutTooLarge) {
      throw new ScriptInventoryError(
        `Inventory script (${path}) printed more than ${
          formatLimit(limit)
        } on stdout (tachyon's limit for ${[path, ...args].join(" ")}); it was killed`,
      );
    }
    throw e;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
