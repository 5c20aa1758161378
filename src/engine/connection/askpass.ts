/**
 * Answers the prompts of `ssh` and `ssh-add` (a password, a key passphrase)
 * without the secret ever being in a file, an argv or an environment.
 *
 * OpenSSH asks the program named by `SSH_ASKPASS` (with
 * `SSH_ASKPASS_REQUIRE=force`) and reads the answer from its stdout. The
 * broker's askpass is a small `/bin/sh` script: it makes a private FIFO,
 * sends `<session> <fifo> <prompt>` as one line to the broker's request FIFO
 * (the worker holds it open, so the write never blocks), and copies the one
 * line the broker writes into its FIFO to ssh. Only shell built-ins touch the
 * answer (`read`, `printf`), so it passes through pipes and the shell's memory
 * alone. Each ssh process gets its own session, whose answerer decides per
 * prompt; a prompt without an answer makes askpass fail (ssh then reports an
 * authentication failure) and is remembered, so the caller can name it.
 *
 * Everything lives in one 0700 directory that {@linkcode AskpassBroker.close}
 * removes.
 *
 * @module
 */
import { join } from "node:path";
import { writeAll } from "../../io/write_all.ts";

const SH = "/bin/sh";

/**
 * `$1` is ssh's prompt. The FIFO is opened read-write before the request is
 * sent, so the broker's write lands even before `read` starts, and opening it
 * never blocks either side. An answer line starts with `+`; `-` means none.
 */
const ASKPASS = `#!/bin/sh
d=\${0%/*}
r=$d/r.$$
mkfifo -m 600 "$r" || exit 1
exec 3<>"$r"
p=$(printf '%s' "$1" | tr '\\n\\r' '  ' | cut -c 1-1000)
printf '%s %s %s\\n' "$TACHYON_ASKPASS_SESSION" "r.$$" "$p" >> "$d/requests"
IFS= read -r a <&3
s=$?
exec 3<&-
rm -f "$r"
[ "$s" -eq 0 ] || exit 1
case $a in
+*) printf '%s\\n' "\${a#+}" ;;
*) exit 1 ;;
esac
`;

/** Decides the answer to one prompt; `undefined` when there is none. */
export type PromptAnswerer = (prompt: string) => string | undefined;

/**
 * What one ssh (or ssh-add) process may use: the environment that makes it
 * ask the broker, and the prompts it asked that had no answer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AskpassBroker } from "./askpass.ts";
 *
 * const dir = `${await Deno.makeTempDir()}/askpass`;
 * const broker = await AskpassBroker.start(dir);
 * const session = broker.session((p) => p.endsWith("password: ") ? "s3cret" : undefined);
 * const asked = await new Deno.Command(session.env.SSH_ASKPASS, {
 *   args: ["Verification code: "],
 *   env: { ...session.env },
 * }).output();
 * assert.equal(asked.code, 1);
 * assert.deepEqual(session.unanswered, ["Verification code: "]);
 * session.close();
 * await broker.close();
 * ```
 */
export interface AskpassSession {
  /** `SSH_ASKPASS`, `SSH_ASKPASS_REQUIRE=force` and the session's id. */
  readonly env: Readonly<Record<string, string>>;
  /** The prompts this session could not answer, in order. */
  readonly unanswered: readonly string[];
  /** The prompts this session was asked, in order. */
  readonly asked: readonly string[];
  /** Forgets the answerer. */
  close(): void;
}

/** The broker could not start. */
export class AskpassError extends Error {
  override name = "AskpassError";
}

interface SessionState {
  answer: PromptAnswerer;
  asked: string[];
  unanswered: string[];
}

const encoder = new TextEncoder();

/**
 * Serves the prompts of the ssh processes of one job.
 *
 * @example
 * ```ts
 * import { AskpassBroker } from "./askpass.ts";
 *
 * const broker = await AskpassBroker.start(`${await Deno.makeTempDir()}/askpass`);
 * const session = broker.session(() => "s3cret");
 * // new Deno.Command("/usr/bin/ssh", { args, env: session.env }) …
 * await broker.close();
 * ```
 */
export class AskpassBroker {
  /** The broker's 0700 directory. */
  readonly dir: string;
  #requests: Deno.FsFile;
  #sessions = new Map<string, SessionState>();
  #serving: Promise<void>;
  #closed = false;

  private constructor(dir: string, requests: Deno.FsFile) {
    this.dir = dir;
    this.#requests = requests;
    this.#serving = this.#serve();
  }

  /**
   * Creates `dir` (0700; it must not exist), the askpass script and the
   * request FIFO, and starts serving.
   */
  static async start(dir: string): Promise<AskpassBroker> {
    try {
      await Deno.mkdir(dir, { mode: 0o700 });
    } catch (error) {
      throw new AskpassError(`askpass: cannot create ${dir}: ${(error as Error).message}`);
    }
    try {
      await Deno.writeTextFile(join(dir, "askpass"), ASKPASS, { mode: 0o700 });
      const made = await new Deno.Command(SH, {
        args: ["-c", 'mkfifo -m 600 "$1"', "tachyon-askpass", join(dir, "requests")],
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).output();
      if (!made.success) {
        throw new AskpassError(
          `askpass: mkfifo failed: ${new TextDecoder().decode(made.stderr).trim()}`,
        );
      }
      // Read-write: opening never waits for a writer, and a write never finds no reader.
      const requests = await Deno.open(join(dir, "requests"), { read: true, write: true });
      return new AskpassBroker(dir, requests);
    } catch (error) {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      throw error instanceof AskpassError
        ? error
        : new AskpassError(`askpass: ${(error as Error).message}`);
    }
  }

  /** A new session whose prompts `answer` decides. */
  session(answer: PromptAnswerer): AskpassSession {
    const id = crypto.randomUUID();
    const state: SessionState = { answer, asked: [], unanswered: [] };
    this.#sessions.set(id, state);
    return {
      env: {
        SSH_ASKPASS: join(this.dir, "askpass"),
        SSH_ASKPASS_REQUIRE: "force",
        TACHYON_ASKPASS_SESSION: id,
      },
      asked: state.asked,
      unanswered: state.unanswered,
      close: () => this.#sessions.delete(id),
    };
  }

  /** Stops serving and removes the directory. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // A line of our own wakes the pending read, which then sees #closed (on
    // a second descriptor: a file's operations run one at a time).
    try {
      const wake = await Deno.open(join(this.dir, "requests"), { read: true, write: true });
      await wake.write(encoder.encode("\n")).finally(() => wake.close());
    } catch {
      // The FIFO is gone: the read has ended already.
    }
    await this.#serving;
    this.#requests.close();
    this.#sessions.clear();
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }

  async #serve(): Promise<void> {
    const decoder = new TextDecoder();
    const buffer = new Uint8Array(8192);
    let pending = "";
    while (!this.#closed) {
      let n: number | null;
      try {
        n = await this.#requests.read(buffer);
      } catch {
        return;
      }
      if (n === null) return;
      pending += decoder.decode(buffer.subarray(0, n), { stream: true });
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line !== "") await this.#reply(line);
      }
    }
  }

  async #reply(line: string): Promise<void> {
    const match = /^(\S+) (r\.\d+) ?(.*)$/.exec(line);
    if (!match) return;
    const [, id, fifo, prompt] = match;
    const state = this.#sessions.get(id);
    let answer: string | undefined;
    if (state) {
      state.asked.push(prompt);
      try {
        answer = state.answer(prompt);
      } catch {
        answer = undefined;
      }
      // A newline would end the answer early: such a secret cannot be typed at a prompt either.
      if (answer !== undefined && /[\n\r]/.test(answer)) answer = undefined;
      if (answer === undefined) state.unanswered.push(prompt);
    }
    try {
      // Read-write, so the open never waits: askpass holds its FIFO open
      // read-write from before its request, so the line stays until it reads it.
      const reply = await Deno.open(join(this.dir, fifo), { read: true, write: true });
      try {
        await writeAll(reply, encoder.encode(answer === undefined ? "-\n" : `+${answer}\n`));
      } finally {
        reply.close();
      }
    } catch {
      // The FIFO is gone (ssh and its askpass were killed): nothing to answer.
    }
  }
}
