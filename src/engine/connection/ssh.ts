/**
 * The `ssh` connection: one long-lived `/usr/bin/ssh` per host running a
 * POSIX `sh` loop, so each command costs a round trip and a few forks on the
 * host instead of an ssh session.
 *
 * @module
 */
import type { Connection, ExecOptions, ExecResult } from "./connection.ts";
import type { ProcessRegistry } from "../process_registry.ts";
import { ConnectionClosedError, SshChannel, type SshChannelOptions } from "./ssh_channel.ts";
import type { SshTarget } from "./ssh_args.ts";
import type { BecomeSpec } from "./become.ts";

export { ConnectionClosedError } from "./ssh_channel.ts";

const decoder = new TextDecoder();
const ABORT_GRACE_MS = 5_000;

/** Options for {@linkcode SshConnection.open}. */
export interface SshConnectionOptions extends SshTarget {
  /** The host's inventory name. */
  host: string;
  /** Tracks the ssh process so a cancel kills it. */
  registry: ProcessRegistry;
  /** Environment added to the ssh process (e.g. `SSH_AUTH_SOCK`). */
  env?: Record<string, string>;
  /** Aborts the opening. */
  signal?: AbortSignal;
  /** Runs every command as another user (see `become.ts`). */
  become?: BecomeSpec;
  /**
   * Milliseconds an aborted command may take to be reported dead by the host
   * before ssh is restarted for the next command (default 5000).
   */
  abortGraceMs?: number;
}

/** A command's outcome with stdout and stderr as raw bytes. */
export interface ExecBytesResult {
  /** Exit status (128+N when killed by signal N). */
  rc: number;
  /** Standard output bytes. */
  stdout: Uint8Array;
  /** Standard error bytes. */
  stderr: Uint8Array;
}

/**
 * A connection to one host over ssh. Commands given at once run one after
 * another, in call order.
 *
 * @example
 * ```ts
 * const ssh = await SshConnection.open({
 *   host: "web1", address: "10.0.0.5", user: "deploy", registry: new ProcessRegistry(),
 * });
 * const { rc, stdout } = await ssh.exec("uname -s"); // 0, "Linux\n"
 * await ssh.close();
 * ```
 */
export class SshConnection implements Connection {
  /** The host's inventory name. */
  readonly host: string;
  #options: SshChannelOptions;
  #abortGraceMs: number;
  #channel?: SshChannel;
  #queue: Promise<void> = Promise.resolve();
  #nextId = 1;
  #closed = false;

  private constructor(
    host: string,
    options: SshChannelOptions,
    channel: SshChannel,
    abortGraceMs: number,
  ) {
    this.host = host;
    this.#abortGraceMs = abortGraceMs;
    this.#options = options;
    this.#channel = channel;
  }

  /**
   * Connects; rejects with `UnreachableError` (`Failed to connect to the host
   * via ssh: <ssh's message>`) when the host cannot be reached or logged into.
   */
  static async open(options: SshConnectionOptions): Promise<SshConnection> {
    const { host, signal: _signal, abortGraceMs, ...rest } = options;
    const channel = await SshChannel.open(options);
    return new SshConnection(host, rest, channel, abortGraceMs ?? ABORT_GRACE_MS);
  }

  /** The running ssh process id, if any (for diagnostics and tests). */
  get pid(): number | undefined {
    return this.#channel?.pid;
  }

  /** Runs `command` with `/bin/sh -c` on the host; output decoded as UTF-8. */
  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const { rc, stdout, stderr } = await this.execBytes(command, options);
    return { rc, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
  }

  /**
   * Runs `command` with `/bin/sh -c` on the host; output as raw bytes.
   * Rejects with `UnreachableError` when the channel has died, and with the
   * signal's reason on abort (the remote command's process group is killed).
   */
  execBytes(command: string, options: ExecOptions = {}): Promise<ExecBytesResult> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#closed) {
      return Promise.reject(
        new ConnectionClosedError(`the ssh connection to ${this.host} is closed`),
      );
    }
    const result = Promise.withResolvers<ExecBytesResult>();
    const whileQueued = () => result.reject(signal!.reason);
    signal?.addEventListener("abort", whileQueued, { once: true });
    this.#queue = this.#queue.then(async () => {
      signal?.removeEventListener("abort", whileQueued);
      if (signal?.aborted) return;
      await this.#turn(command, options, result);
    }).catch((error) => result.reject(error));
    return result.promise;
  }

  /** Ends ssh cleanly (a running command is killed on the host). */
  async close(): Promise<void> {
    this.#closed = true;
    const channel = this.#channel;
    this.#channel = undefined;
    await channel?.close();
  }

  /** Runs one command; resolves when the channel is free for the next. */
  async #turn(
    command: string,
    { stdin, signal }: ExecOptions,
    result: PromiseWithResolvers<ExecBytesResult>,
  ): Promise<void> {
    let channel: SshChannel;
    try {
      channel = await this.#usableChannel(signal);
    } catch (error) {
      result.reject(error);
      return;
    }
    const id = this.#nextId++;
    const response = channel.request(id, command, stdin);
    if (!signal) {
      await response.then(result.resolve, result.reject);
      return;
    }
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<"aborted">((resolve) => {
      onAbort = () => resolve("aborted");
      signal.addEventListener("abort", onAbort, { once: true });
    });
    const outcome = await Promise.race([
      response.then(() => "done" as const, () => "done"),
      aborted,
    ]);
    signal.removeEventListener("abort", onAbort!);
    if (outcome === "done") {
      await response.then(result.resolve, result.reject);
      return;
    }
    result.reject(signal.reason);
    channel.kill(id);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reported = await Promise.race([
      response.then(() => true, () => true),
      new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), this.#abortGraceMs)),
    ]);
    clearTimeout(timer);
    if (!reported) {
      // The host did not confirm the kill: drop the channel (the loop kills the
      // command when its input ends) and open a new one for the next command.
      channel.destroy();
      if (this.#channel === channel) this.#channel = undefined;
    }
  }

  /** The open channel; reopens one that was dropped after an abort. */
  async #usableChannel(signal?: AbortSignal): Promise<SshChannel> {
    if (this.#closed) {
      throw new ConnectionClosedError(`the ssh connection to ${this.host} is closed`);
    }
    const channel = this.#channel;
    if (channel) {
      if (channel.failure) throw channel.failure;
      return channel;
    }
    const reopened = await SshChannel.open({ ...this.#options, signal });
    if (this.#closed) {
      await reopened.close();
      throw new ConnectionClosedError(`the ssh connection to ${this.host} is closed`);
    }
    this.#channel = reopened;
    return reopened;
  }
}
