/**
 * One long-lived `/usr/bin/ssh` process to a host, running tachyon's `sh`
 * loop (see `ssh_protocol.ts`): requests go in on its stdin, framed results
 * come back on its stdout.
 *
 * @module
 */
import { UnreachableError } from "./connection.ts";
import { BecomeError, type BecomeSpec, type Escalation, escalation } from "./become.ts";
import { killProcessGroups, type ProcessRegistry } from "../process_registry.ts";
import { sshArgs, type SshTarget } from "./ssh_args.ts";
import { ByteReader, LineTooLongError } from "./ssh_reader.ts";
import {
  encodeKill,
  encodeQuit,
  encodeRequest,
  isReadyLine,
  parseResponseHeader,
  remoteCommand,
  startFailure,
} from "./ssh_protocol.ts";

const SSH = "/usr/bin/ssh";
const STDERR_TAIL = 16 * 1024;
const NOISE_LIMIT = 1 << 20;
const EXIT_GRACE_MS = 5_000;
const decoder = new TextDecoder();

/** Options for {@linkcode SshChannel.open}. */
export interface SshChannelOptions extends SshTarget {
  /** Tracks the ssh process so a cancel kills it. */
  registry: ProcessRegistry;
  /** Environment added to the ssh process (e.g. `SSH_AUTH_SOCK`). */
  env?: Record<string, string>;
  /** Milliseconds to wait for the loop to start (default: connect timeout + 30 s). */
  openTimeoutMs?: number;
  /** Aborts the opening. */
  signal?: AbortSignal;
  /** Runs the loop as another user (see `become.ts`). */
  become?: BecomeSpec;
}

/** A command's raw outcome. */
export interface RawResult {
  /** Exit status (128+N when killed by signal N). */
  rc: number;
  /** Standard output bytes. */
  stdout: Uint8Array;
  /** Standard error bytes. */
  stderr: Uint8Array;
}

/**
 * The ssh connection was closed by its owner: requests pending then, and
 * `exec` calls after, get this.
 *
 * @example
 * ```ts
 * throw new ConnectionClosedError("the ssh connection was closed");
 * ```
 */
export class ConnectionClosedError extends Error {
  override name = "ConnectionClosedError";
}

/**
 * A running ssh process with tachyon's loop on the other end. Requests are
 * answered by id; the caller sends one at a time.
 *
 * @example
 * ```ts
 * const channel = await SshChannel.open({ address: "10.0.0.5", registry });
 * const { rc, stdout } = await channel.request(1, "uname -s");
 * await channel.close();
 * ```
 */
export class SshChannel {
  #child: Deno.ChildProcess;
  #reader: ByteReader;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #writes: Promise<void> = Promise.resolve();
  #pending = new Map<number, PromiseWithResolvers<RawResult>>();
  #stderr = "";
  #stderrDone: Promise<void>;
  #failure?: Error;
  #closing = false;
  #exited: Promise<Deno.CommandStatus>;
  #hasExited = false;
  /** Called with what the become method printed so far while the channel opens. */
  #onBecomeOutput?: (output: string) => void;
  /** The method prints on the terminal (su): its output comes on stdout. */
  #tty = false;
  /** stdout before the loop's start line (login noise, a su prompt). */
  #noise = "";

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#reader = new ByteReader(child.stdout);
    this.#writer = child.stdin.getWriter();
    this.#stderrDone = this.#drainStderr();
    this.#exited = child.status;
    this.#exited.then(() => this.#hasExited = true, () => this.#hasExited = true);
  }

  /**
   * Starts ssh and waits for the loop's start line. Rejects with
   * `UnreachableError` (`Failed to connect to the host via ssh: …`) when ssh
   * exits first or the loop does not start in time.
   */
  static async open(options: SshChannelOptions): Promise<SshChannel> {
    options.signal?.throwIfAborted();
    const marker = randomMarker();
    const become = options.become ? escalation(options.become, marker) : undefined;
    const child = new Deno.Command(SSH, {
      args: sshArgs({ ...options, tty: become?.tty }, remoteCommand(marker, become?.wrap)),
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      detached: true,
      env: options.env,
    }).spawn();
    options.registry.add(child);
    const channel = new SshChannel(child);
    channel.#tty = become?.tty ?? false;
    const timeoutMs = options.openTimeoutMs ?? ((options.connectTimeout ?? 10) + 30) * 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new UnreachableError(
            `Failed to connect to the host via ssh: the connection did not start within ` +
              `${Math.round(timeoutMs / 1000)} s${channel.#stderrSuffix()}`,
          ),
        );
      }, timeoutMs);
      onAbort = () => reject(options.signal!.reason);
      options.signal?.addEventListener("abort", onAbort, { once: true });
    });
    const ready = channel.#awaitReady(marker);
    ready.catch(() => {}); // when `stop` wins, ready fails later, unobserved
    const becomeFailed = become ? channel.#becomeHandshake(options.become!, become) : undefined;
    try {
      await Promise.race([ready, stop, ...(becomeFailed ? [becomeFailed] : [])]);
    } catch (error) {
      channel.destroy();
      // A method that exits at once (sudo -n without a password) ends ssh before stderr was read.
      const late = become?.state(channel.#becomeOutput(become));
      throw late?.kind === "failed" && !(error instanceof BecomeError) ? late.error : error;
    } finally {
      clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener("abort", onAbort);
      channel.#onBecomeOutput = undefined;
      channel.#noise = "";
    }
    channel.#stderr = "";
    channel.#pump();
    return channel;
  }

  /** The ssh process id (leader of its own process group). */
  get pid(): number {
    return this.#child.pid;
  }

  /** Why the channel is unusable, once it is. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Resolves when the ssh process has exited. */
  get exited(): Promise<Deno.CommandStatus> {
    return this.#exited;
  }

  /** Runs `command` as request `id`; resolves with its raw outcome. */
  request(id: number, command: string, stdin?: Uint8Array): Promise<RawResult> {
    if (this.#failure) return Promise.reject(this.#failure);
    let bytes: Uint8Array;
    try {
      bytes = encodeRequest(id, command, stdin);
    } catch (error) {
      return Promise.reject(error);
    }
    const pending = Promise.withResolvers<RawResult>();
    this.#pending.set(id, pending);
    this.#write(bytes);
    return pending.promise;
  }

  /** Asks the loop to kill request `id`'s process group; its result still arrives. */
  kill(id: number): void {
    if (!this.#failure) this.#write(encodeKill(id));
  }

  /**
   * Ends the channel cleanly: the loop sees the end of its input, kills a
   * running command and exits; ssh is killed if it has not exited in 5 s.
   */
  async close(): Promise<void> {
    this.#closing = true;
    this.#fail(new ConnectionClosedError("the ssh connection was closed"));
    // On a terminal the end of input does not reach the loop: ask it to end.
    if (this.#tty) this.#write(encodeQuit());
    await this.#writes;
    await this.#writer.close().catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), EXIT_GRACE_MS);
    });
    const outcome = await Promise.race([this.#exited, late]);
    clearTimeout(timer);
    if (outcome === "late") this.destroy();
    await this.#exited;
    await this.#stderrDone;
  }

  /** Kills the ssh process group at once; pending requests fail. */
  destroy(): void {
    this.#closing = true;
    this.#fail(new ConnectionClosedError("the ssh connection was closed"));
    if (!this.#hasExited) killProcessGroups([this.#child.pid]);
    this.#writer.close().catch(() => {});
  }

  /** What the become method printed so far: stderr, or stdout on a terminal. */
  #becomeOutput(become: Escalation): string {
    return become.tty ? this.#noise : this.#stderr;
  }

  /**
   * Answers the become method's prompt with the password (once), and rejects
   * when its output shows that escalation failed. Never resolves.
   */
  #becomeHandshake(spec: BecomeSpec, become: Escalation): Promise<never> {
    let answered = false;
    return new Promise<never>((_, reject) => {
      this.#onBecomeOutput = (output) => {
        const state = become.state(output);
        if (state.kind === "failed") reject(state.error);
        else if (state.kind === "prompted" && !answered && spec.password !== undefined) {
          answered = true;
          this.#write(new TextEncoder().encode(`${spec.password}\n`));
        }
      };
    });
  }

  #write(bytes: Uint8Array): void {
    this.#writes = this.#writes.then(() => this.#writer.write(bytes)).catch(() => {
      // ssh is gone: the reading side reports it
    });
  }

  async #awaitReady(marker: string): Promise<void> {
    const tooMuch = () =>
      new UnreachableError(
        "Failed to connect to the host via ssh: the remote shell printed more than 1 MiB " +
          "before tachyon's loop started",
      );
    let noise = 0;
    for (;;) {
      let line: Uint8Array | null;
      // A prompt has no newline: on a terminal, show the method the incomplete line too.
      const whileWaiting = this.#tty
        ? (partial: Uint8Array) => this.#onBecomeOutput?.(this.#noise + decoder.decode(partial))
        : undefined;
      try {
        line = await this.#reader.readLine(NOISE_LIMIT, whileWaiting);
      } catch (error) {
        throw error instanceof LineTooLongError ? tooMuch() : error;
      }
      if (line === null) throw await this.#exitError();
      if (isReadyLine(line, marker)) return;
      const failure = startFailure(line, marker);
      if (failure !== undefined) {
        throw new UnreachableError(
          `Failed to create a writable temporary directory on the host: ${failure}`,
        );
      }
      noise += line.length + 1;
      if (noise > NOISE_LIMIT) throw tooMuch();
      if (this.#tty) {
        this.#noise = (this.#noise + decoder.decode(line) + "\n").slice(-STDERR_TAIL);
        this.#onBecomeOutput?.(this.#noise);
      }
    }
  }

  /** Reads responses until the stream ends, then fails what is pending. */
  async #pump(): Promise<void> {
    let error: Error | undefined;
    try {
      for (;;) {
        const line = await this.#reader.readLine(4096);
        if (line === null) break;
        const header = parseResponseHeader(line);
        if (!header) {
          error = new UnreachableError(
            `Failed to connect to the host via ssh: unexpected output on the channel: ` +
              JSON.stringify(decoder.decode(line.subarray(0, 200))),
          );
          break;
        }
        const body = await this.#reader.readExact(header.stdoutBytes + header.stderrBytes);
        if (body === null) break;
        const pending = this.#pending.get(header.id);
        this.#pending.delete(header.id);
        pending?.resolve({
          rc: header.rc,
          stdout: body.subarray(0, header.stdoutBytes),
          stderr: body.subarray(header.stdoutBytes),
        });
      }
    } catch (caught) {
      error = caught instanceof Error ? caught : new Error(String(caught));
    }
    if (error) {
      this.#fail(error);
      killProcessGroups([this.#child.pid]);
    }
    await this.#reader.cancel();
    this.#fail(await this.#exitError());
  }

  /** The `UnreachableError` for an ssh that has exited (waits for it). */
  async #exitError(): Promise<Error> {
    const status = await this.#exited;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.#stderrDone,
      new Promise((resolve) => timer = setTimeout(resolve, 1000)),
    ]);
    clearTimeout(timer);
    const text = this.#stderr.trim();
    const detail = text ||
      (status.signal
        ? `ssh was killed by ${status.signal}`
        : `ssh exited with status ${status.code}`);
    return new UnreachableError(`Failed to connect to the host via ssh: ${detail}`);
  }

  #fail(error: Error): void {
    if (this.#failure) return;
    this.#failure = this.#closing && !(error instanceof ConnectionClosedError)
      ? new ConnectionClosedError("the ssh connection was closed")
      : error;
    for (const pending of this.#pending.values()) pending.reject(this.#failure);
    this.#pending.clear();
  }

  #stderrSuffix(): string {
    const text = this.#stderr.trim();
    return text ? `: ${text}` : "";
  }

  async #drainStderr(): Promise<void> {
    const textDecoder = new TextDecoder();
    try {
      for await (const chunk of this.#child.stderr) {
        this.#stderr += textDecoder.decode(chunk, { stream: true });
        if (this.#stderr.length > STDERR_TAIL) this.#stderr = this.#stderr.slice(-STDERR_TAIL);
        if (!this.#tty) this.#onBecomeOutput?.(this.#stderr);
      }
    } catch {
      // the stream broke: keep what was read
    }
  }
}

function randomMarker(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
