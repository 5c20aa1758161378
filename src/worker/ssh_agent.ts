/**
 * The job's own ssh-agent: the job's `ssh_key` reaches ssh only through it,
 * so the key is never written to disk, and never appears in a child's argv
 * or environment (ssh-add reads it from a pipe).
 *
 * The agent runs under a small `/bin/sh` wrapper whose stdin is a pipe from
 * the worker. When that pipe closes (the job ended, or the worker died, even
 * by SIGKILL) the wrapper stops the agent and removes the socket directory.
 *
 * @module
 */
import { createAgentSocketDir } from "./agent_socket_dir.ts";
import { killProcessGroups, type ProcessRegistry } from "../engine/process_registry.ts";

const SH = "/bin/sh";
const SSH_AGENT = "/usr/bin/ssh-agent";
const SSH_ADD = "/usr/bin/ssh-add";
const DEFAULT_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const STDERR_TAIL = 4096;
const encoder = new TextEncoder();

/**
 * `$1` socket, `$2` its directory. ssh-agent stays in the foreground (`-D`)
 * as a background job of the wrapper and announces itself on the worker's
 * pipe once it listens; the wrapper then only waits for its stdin to end.
 */
const WRAPPER = [
  `${SSH_AGENT} -D -a "$1" </dev/null &`,
  "agent=$!",
  "exec >/dev/null 2>&1",
  "while read -r _; do :; done",
  'kill "$agent"',
  'wait "$agent"',
  'rm -rf "$2"',
].join("\n");

/** ssh-agent's announcement in `-D` mode, printed once its socket listens. */
const ANNOUNCEMENT = /echo Agent pid (\d+);/;

/**
 * The agent could not be started, or it refused the key.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SshAgentError } from "./ssh_agent.ts";
 *
 * assert.equal(new SshAgentError("invalid format").name, "SshAgentError");
 * ```
 */
export class SshAgentError extends Error {
  /** The error name. */
  override name = "SshAgentError";
}

/**
 * Options for {@linkcode JobSshAgent.start}.
 *
 * @example
 * ```ts
 * import type { JobSshAgentOptions } from "./ssh_agent.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * const options: JobSshAgentOptions = { privateDataDir: "/runner", registry: new ProcessRegistry() };
 * ```
 */
export interface JobSshAgentOptions {
  /** The job's private data dir: the socket goes there if its path fits, else to `tempDir`. */
  privateDataDir: string;
  /** The temp dir for the socket when the pdd path is too long (default `/tmp`). */
  tempDir?: string;
  /** Tracks the agent and ssh-add so a cancel kills them. */
  registry: ProcessRegistry;
  /** Aborts the start (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Milliseconds the agent may take to listen, and ssh-add to finish (default 30 000). */
  timeoutMs?: number;
}

/**
 * A job-scoped ssh-agent. ssh processes find it through `SSH_AUTH_SOCK` set
 * to {@linkcode JobSshAgent.socket}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JobSshAgent } from "./ssh_agent.ts";
 * import { ProcessRegistry } from "../engine/process_registry.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * const agent = await JobSshAgent.start({ privateDataDir: pdd, registry: new ProcessRegistry() });
 * try {
 *   // await agent.addKey(job.ssh.key); then ssh … with env { SSH_AUTH_SOCK: agent.socket }
 *   assert.ok(agent.socket.startsWith(pdd));
 * } finally {
 *   await agent.stop();
 *   await Deno.remove(pdd, { recursive: true });
 * }
 * ```
 */
export class JobSshAgent {
  /** The agent's socket path. */
  readonly socket: string;
  /** The 0700 directory holding the socket (removed by {@linkcode JobSshAgent.stop}). */
  readonly dir: string;
  /** The ssh-agent process id. */
  readonly pid: number;
  #wrapper: Deno.ChildProcess;
  #stdin: WritableStreamDefaultWriter<Uint8Array>;
  #registry: ProcessRegistry;
  #timeoutMs: number;
  #drained: Promise<unknown>;
  #stopping?: Promise<void>;

  private constructor(
    fields: { socket: string; dir: string; pid: number; timeoutMs: number },
    wrapper: Deno.ChildProcess,
    registry: ProcessRegistry,
    drained: Promise<unknown>,
  ) {
    this.socket = fields.socket;
    this.dir = fields.dir;
    this.pid = fields.pid;
    this.#timeoutMs = fields.timeoutMs;
    this.#wrapper = wrapper;
    this.#stdin = wrapper.stdin.getWriter();
    this.#registry = registry;
    this.#drained = drained;
  }

  /**
   * Starts the agent and resolves once its socket listens. Rejects with
   * {@linkcode SshAgentError} when it cannot start; nothing is left behind.
   */
  static async start(options: JobSshAgentOptions): Promise<JobSshAgent> {
    options.signal?.throwIfAborted();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let place;
    try {
      place = await createAgentSocketDir([
        options.privateDataDir,
        options.tempDir ?? "/tmp",
        "/tmp",
      ]);
    } catch (error) {
      throw new SshAgentError(`ssh-agent could not start: ${(error as Error).message}`);
    }
    const { dir, socket } = place;
    let wrapper: Deno.ChildProcess;
    try {
      wrapper = new Deno.Command(SH, {
        args: ["-c", WRAPPER, "tachyon-ssh-agent", socket, dir],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
        detached: true,
      }).spawn();
    } catch (error) {
      await removeDir(dir);
      throw new SshAgentError(`ssh-agent could not start: ${(error as Error).message}`);
    }
    options.registry.add(wrapper);
    const stderr = drainTail(wrapper.stderr);
    const stdout = wrapper.stdout.getReader();
    try {
      const pid = await settle(
        readAnnouncement(stdout, stderr),
        timeoutMs,
        options.signal,
        "ssh-agent did not start",
      );
      const drained = Promise.all([drain(stdout), stderr.done]);
      return new JobSshAgent({ socket, dir, pid, timeoutMs }, wrapper, options.registry, drained);
    } catch (error) {
      killProcessGroups([wrapper.pid]);
      await wrapper.status;
      await removeDir(dir);
      throw error;
    }
  }

  /**
   * Adds a private key to the agent: `ssh-add -` reads it from a pipe, so it
   * is in no argv, environment or file. A passphrase is asked through
   * `askpassEnv` (an askpass session's environment); without it nothing is
   * asked. Rejects with {@linkcode SshAgentError} (ssh-add's message) when the
   * key is refused.
   */
  async addKey(
    key: string,
    signal?: AbortSignal,
    askpassEnv?: Readonly<Record<string, string>>,
  ): Promise<void> {
    signal?.throwIfAborted();
    const child = new Deno.Command(SSH_ADD, {
      args: ["-q", "-"],
      // A detached child has no terminal: prompts go to askpass, or nowhere.
      env: { SSH_AUTH_SOCK: this.socket, ...(askpassEnv ?? { SSH_ASKPASS_REQUIRE: "never" }) },
      stdin: "piped",
      stdout: "null",
      stderr: "piped",
      detached: true,
    }).spawn();
    this.#registry.add(child);
    const stderr = drainTail(child.stderr);
    const bytes = encoder.encode(key.endsWith("\n") ? key : key + "\n");
    const writer = child.stdin.getWriter();
    await writer.write(bytes).catch(() => {});
    bytes.fill(0);
    await writer.close().catch(() => {});
    let status: Deno.CommandStatus;
    try {
      status = await settle(child.status, this.#timeoutMs, signal, "ssh-add did not finish");
    } catch (error) {
      killProcessGroups([child.pid]);
      throw error;
    } finally {
      await child.status;
      await stderr.done;
    }
    if (!status.success) {
      const detail = stderr.text().trim() || `ssh-add exited with status ${status.code}`;
      throw new SshAgentError(`ssh-add could not load the job's ssh_key: ${detail}`);
    }
  }

  /**
   * Stops the agent and removes its directory (the wrapper does both when
   * its stdin closes; the process group is killed if it takes over 5 s).
   */
  stop(): Promise<void> {
    return this.#stopping ??= this.#stop();
  }

  async #stop(): Promise<void> {
    await this.#stdin.close().catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), STOP_GRACE_MS);
    });
    const outcome = await Promise.race([this.#wrapper.status, late]);
    clearTimeout(timer);
    if (outcome === "late") killProcessGroups([this.#wrapper.pid]);
    await this.#wrapper.status;
    await removeDir(this.dir);
    await this.#drained;
  }
}

/** Reads the agent's stdout until it announces itself; resolves with its pid. */
async function readAnnouncement(
  stdout: ReadableStreamDefaultReader<Uint8Array>,
  stderr: TextTail,
): Promise<number> {
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await stdout.read();
    if (done) {
      await stderr.done;
      const detail = stderr.text().trim() || "it exited without a word";
      throw new SshAgentError(`ssh-agent did not start: ${detail}`);
    }
    text += decoder.decode(value, { stream: true });
    const found = ANNOUNCEMENT.exec(text);
    if (found) return Number(found[1]);
    if (text.length > STDERR_TAIL) text = text.slice(-STDERR_TAIL);
  }
}

/** `work`, or a rejection after `ms` (SshAgentError) or on abort (the signal's reason). */
async function settle<T>(
  work: Promise<T>,
  ms: number,
  signal: AbortSignal | undefined,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SshAgentError(`${what} within ${ms / 1000} s`)), ms);
    onAbort = () => reject(signal!.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
  work.catch(() => {}); // when `stop` wins, a later failure of `work` is expected
  try {
    return await Promise.race([work, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

interface TextTail {
  /** The last few KiB read. */
  text(): string;
  /** Resolves when the stream has ended. */
  done: Promise<void>;
}

/** Reads `stream` to its end, keeping its last few KiB as text. */
function drainTail(stream: ReadableStream<Uint8Array>): TextTail {
  const decoder = new TextDecoder();
  let tail = "";
  const done = (async () => {
    try {
      for await (const chunk of stream) {
        tail += decoder.decode(chunk, { stream: true });
        if (tail.length > STDERR_TAIL) tail = tail.slice(-STDERR_TAIL);
      }
    } catch {
      // the stream broke: keep what was read
    }
  })();
  return { text: () => tail, done };
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    while (!(await reader.read()).done) {
      // ssh-agent prints nothing after its announcement
    }
  } catch {
    // broken pipe: the agent is gone
  }
}

async function removeDir(dir: string): Promise<void> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}
