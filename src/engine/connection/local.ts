/**
 * The `local` connection: commands run on this machine under `/bin/sh`.
 *
 * Each command leads its own process group. What a command leaves running in
 * it (`server &`) keeps running for the rest of the job, and is SIGKILLed with
 * the group when the job ends (the worker's `ProcessRegistry.killAll()`), as
 * on ssh hosts; a process that calls `setsid` itself outlives the job. A
 * background child that keeps the command's stdout or stderr open does not
 * hold up the result: once the shell has exited, its output is read until the
 * pipes have been silent for 200 ms (Ansible's command module likewise stops
 * after a quiet second once the process has exited).
 *
 * @module
 */
import { concatBytes } from "../../io/concat_bytes.ts";
import type { Connection, ExecOptions, ExecResult } from "./connection.ts";
import { killProcessGroups, type ProcessRegistry } from "../process_registry.ts";

const decoder = new TextDecoder();

/**
 * Runs each command as `/bin/sh -c CMD` in its own process group, registered
 * so that a cancel or the end of the job kills it and what it left behind.
 *
 * @example
 * ```ts
 * const local = new LocalConnection("localhost", new ProcessRegistry());
 * const { stdout } = await local.exec("echo hi"); // "hi\n"
 * ```
 */
export class LocalConnection implements Connection {
  /** The host's inventory name. */
  readonly host: string;
  #registry: ProcessRegistry;
  #env?: Record<string, string>;
  #cwd?: string;

  /** Creates a local connection for `host`; `env` is added to the inherited environment. */
  constructor(
    host: string,
    registry: ProcessRegistry,
    options: { env?: Record<string, string>; cwd?: string } = {},
  ) {
    this.host = host;
    this.#registry = registry;
    this.#env = options.env;
    this.#cwd = options.cwd;
  }

  /** Runs `command` with `/bin/sh -c`. */
  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    options.signal?.throwIfAborted();
    const child = new Deno.Command("/bin/sh", {
      args: ["-c", command],
      stdin: options.stdin ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
      detached: true,
      env: this.#env,
      cwd: this.#cwd,
    }).spawn();
    this.#registry.add(child);
    const onAbort = () => killProcessGroups([child.pid]);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const feeding = options.stdin ? feed(child.stdin, options.stdin) : Promise.resolve();
      const [out, err, status] = await Promise.all([
        readUntilQuiet(child.stdout, child.status),
        readUntilQuiet(child.stderr, child.status),
        child.status,
        feeding,
      ]);
      options.signal?.throwIfAborted();
      return {
        rc: status.signal ? 128 + signalNumber(status.signal) : status.code,
        stdout: decoder.decode(out),
        stderr: decoder.decode(err),
      };
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Nothing to release for local commands. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** After the shell exits, how long a pipe a background child still holds may stay silent. */
const QUIET_AFTER_EXIT_MS = 200;

async function feed(stdin: WritableStream<Uint8Array>, bytes: Uint8Array): Promise<void> {
  const writer = stdin.getWriter();
  await writer.write(bytes).catch(() => {});
  await writer.close().catch(() => {});
}

/**
 * The bytes of `stream` until it ends, or, once `exited` has resolved, until
 * it has been silent for {@linkcode QUIET_AFTER_EXIT_MS} (a background child
 * holds it open: like Ansible, the command's result does not wait for it).
 */
async function readUntilQuiet(
  stream: ReadableStream<Uint8Array>,
  exited: Promise<unknown>,
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let hasExited = false;
  let next = reader.read();
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = hasExited
      ? new Promise<"quiet">((resolve) =>
        timer = setTimeout(() => resolve("quiet"), QUIET_AFTER_EXIT_MS)
      )
      : exited.then(() => "exited" as const, () => "exited" as const);
    const result = await Promise.race([next, stop]);
    clearTimeout(timer);
    if (result === "exited") {
      hasExited = true;
      continue;
    }
    if (result === "quiet") {
      await reader.cancel().catch(() => {});
      break;
    }
    if (result.done) break;
    chunks.push(result.value);
    next = reader.read();
  }
  return concatBytes(chunks);
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGTERM: 15,
};

function signalNumber(signal: Deno.Signal): number {
  return SIGNALS[signal] ?? 1;
}
