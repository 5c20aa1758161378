/**
 * The `local` connection: commands run on this machine under `/bin/sh`.
 *
 * @module
 */
import type { Connection, ExecOptions, ExecResult } from "./connection.ts";
import { killProcessGroups, type ProcessRegistry } from "../process_registry.ts";

const decoder = new TextDecoder();

/**
 * Runs each command as `/bin/sh -c CMD` in its own process group, registered
 * so that a cancel kills it.
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
      if (options.stdin) {
        const writer = child.stdin.getWriter();
        await writer.write(options.stdin).catch(() => {});
        await writer.close().catch(() => {});
      }
      const [out, err, status] = await Promise.all([
        new Response(child.stdout).arrayBuffer(),
        new Response(child.stderr).arrayBuffer(),
        child.status,
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
