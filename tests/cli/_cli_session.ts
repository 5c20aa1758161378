/**
 * Test support: a {@linkcode CliSession} runs many tachyon command lines in
 * one `deno run -P` process (the compiled binary's permission set), through
 * `runCli`, the function main.ts calls, and hands back each one's exit code,
 * stdout and stderr. Starting Deno costs the unit tier a few hundred
 * milliseconds per process; the CLI tests run dozens of command lines. The
 * entrypoint itself is run by tests/cli/cli_interop_test.ts.
 *
 * @module
 */
import { join } from "node:path";
import { withDeadline } from "../_support/deadline.ts";
import { ROOT } from "../_support/worker_process.ts";

/** Deno's module cache, as tests/_support/worker_process.ts pins it. */
const DENO_DIR = Deno.env.get("DENO_DIR") ??
  join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");

/** How long one command line may take. */
const CASE_DEADLINE_MS = 60_000;

/** How one command line ended. */
export interface CliRun {
  /** Its exit code (-1: it threw, which would have crashed main.ts). */
  code: number;
  /** What it wrote to stdout. */
  stdout: string;
  /** What it wrote to stderr. */
  stderr: string;
}

/** The session process ended or broke its protocol. */
export class CliSessionError extends Error {
  /** Says what was missing. */
  constructor(message: string) {
    super(message);
    this.name = "CliSessionError";
  }
}

/** Reads a stream up to NUL-delimited markers. */
class MarkedStream {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #text = "";
  #decoder = new TextDecoder();

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  /** The text before the next `\0…\0` marker, and the marker's content. */
  async next(): Promise<{ text: string; marker: string }> {
    for (;;) {
      const start = this.#text.indexOf("\0");
      const end = start === -1 ? -1 : this.#text.indexOf("\0", start + 1);
      if (end !== -1) {
        const found = {
          text: this.#text.slice(0, start),
          marker: this.#text.slice(start + 1, end),
        };
        this.#text = this.#text.slice(end + 1);
        return found;
      }
      const { value, done } = await this.#reader.read();
      if (done) throw new CliSessionError(`the CLI session ended: ${JSON.stringify(this.#text)}`);
      this.#text += this.#decoder.decode(value, { stream: true });
    }
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}

/**
 * One process that runs tachyon command lines one after the other.
 *
 * @example
 * ```ts
 * const cli = await CliSession.start();
 * try {
 *   const out = await cli.run(["worker", "--bogus"]);
 *   console.log(out.code, out.stderr);
 * } finally {
 *   await cli.close();
 * }
 * ```
 */
export class CliSession {
  #child: Deno.ChildProcess;
  #stdin: WritableStreamDefaultWriter<Uint8Array>;
  #stdout: MarkedStream;
  #stderr: MarkedStream;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#stdin = child.stdin.getWriter();
    this.#stdout = new MarkedStream(child.stdout);
    this.#stderr = new MarkedStream(child.stderr);
  }

  /**
   * Starts the session process and waits until it is ready.
   *
   * @example
   * ```ts
   * const cli = await CliSession.start();
   * await cli.close();
   * ```
   */
  static async start(): Promise<CliSession> {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-P",
        "--no-prompt",
        "--quiet",
        join(ROOT, "tests/cli/_cli_session_process.ts"),
      ],
      cwd: "/tmp",
      env: { NO_COLOR: "1", DENO_DIR },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const session = new CliSession(child);
    // Deno's own start-up notices come before the first marker: dropped.
    await withDeadline(
      CASE_DEADLINE_MS,
      "the CLI session start",
      () => Promise.all([session.#stdout.next(), session.#stderr.next()]),
    );
    return session;
  }

  /**
   * Runs `args` (as after the program name) with `env` changed for this
   * command only (`null` unsets a variable).
   *
   * @example
   * ```ts
   * const cli = await CliSession.start();
   * const info = await cli.run(["worker", "--worker-info"], { HOME: "/tmp/home" });
   * await cli.close();
   * ```
   */
  async run(args: string[], env: Record<string, string | null> = {}): Promise<CliRun> {
    await this.#stdin.write(new TextEncoder().encode(`${JSON.stringify({ args, env })}\n`));
    const [out, err] = await withDeadline(
      CASE_DEADLINE_MS,
      `tachyon ${args.join(" ")}`,
      () => Promise.all([this.#stdout.next(), this.#stderr.next()]),
    );
    return { code: Number(out.marker), stdout: out.text, stderr: err.text };
  }

  /**
   * Ends the session process (its stdin closes) and waits for it.
   *
   * @example
   * ```ts
   * const cli = await CliSession.start();
   * await cli.close();
   * ```
   */
  async close(): Promise<void> {
    await this.#stdin.close().catch(() => {});
    try {
      await withDeadline(CASE_DEADLINE_MS, "the CLI session end", () => this.#child.status);
    } catch (error) {
      this.#child.kill("SIGKILL");
      throw error;
    } finally {
      await this.#stdout.cancel();
      await this.#stderr.cancel();
      await this.#child.status;
    }
  }
}
