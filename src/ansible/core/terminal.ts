/**
 * Ansible on a pseudo-terminal: starts the relay (`pty_relay_source.ts`)
 * with the job's command, registers it (its process group holds the whole
 * job), and gives its terminal output as text, a way to answer prompts, and
 * how the command ended.
 *
 * @module
 */
import type { ProcessRegistry } from "../../engine/process_registry.ts";
import { killProcessGroups } from "../../engine/process_registry.ts";

/** The most of the relay's stderr kept (its last line says how the command ended). */
const STDERR_TAIL = 8192;

/**
 * How the command ended: its exit code, the signal that killed it, not
 * found or not executable, or unknown (the relay itself was killed).
 *
 * @example
 * ```ts
 * import type { TerminalEnd } from "./terminal.ts";
 *
 * const end: TerminalEnd = { kind: "exit", code: 2 };
 * ```
 */
export type TerminalEnd =
  | { readonly kind: "exit"; readonly code: number }
  | { readonly kind: "signal"; readonly signal: number }
  | { readonly kind: "notfound" }
  | { readonly kind: "lost"; readonly detail: string };

/**
 * What to run.
 *
 * @example
 * ```ts
 * import type { TerminalOptions } from "./terminal.ts";
 * import { ProcessRegistry } from "../../engine/process_registry.ts";
 *
 * const options: TerminalOptions = {
 *   python: "/usr/bin/python3",
 *   relay: "/runner/.tachyon-ansible-1/relay.py",
 *   argv: ["/usr/bin/ansible-playbook", "site.yml"],
 *   cwd: "/runner/project",
 *   env: {},
 *   registry: new ProcessRegistry(),
 * };
 * ```
 */
export interface TerminalOptions {
  /** The Python interpreter that runs the relay. */
  readonly python: string;
  /** The relay script's path. */
  readonly relay: string;
  /** The command (a bare program name is looked up in the env's `PATH`). */
  readonly argv: readonly string[];
  /** Its working directory. */
  readonly cwd: string;
  /** Its environment (over the worker's own). */
  readonly env: Readonly<Record<string, string>>;
  /** Where the relay is registered, so that a stop kills its group. */
  readonly registry: ProcessRegistry;
}

const encoder = new TextEncoder();

/**
 * A running command on a terminal.
 *
 * @example
 * ```ts
 * import { AnsibleTerminal } from "./terminal.ts";
 * import { ProcessRegistry } from "../../engine/process_registry.ts";
 *
 * const run = async (relay: string) => {
 *   const terminal = AnsibleTerminal.start({
 *     python: "/usr/bin/python3", relay, argv: ["echo", "hi"], cwd: "/tmp", env: {},
 *     registry: new ProcessRegistry(),
 *   });
 *   for await (const text of terminal.output) console.log(text); // "hi\r\n"
 *   return await terminal.ended; // { kind: "exit", code: 0 }
 * };
 * ```
 */
export class AnsibleTerminal {
  /** The terminal's output, decoded as UTF-8 (invalid bytes replaced). */
  readonly output: ReadableStream<string>;
  /** How the command ended, once the relay exited. */
  readonly ended: Promise<TerminalEnd>;
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#stdin = child.stdin.getWriter();
    this.output = child.stdout.pipeThrough(new TextDecoderStream());
    this.ended = ending(child);
  }

  /**
   * Starts the relay. Throws what `Deno.Command` throws when the interpreter
   * cannot be run (missing, or not in the permission set).
   */
  static start(options: TerminalOptions): AnsibleTerminal {
    const child = new Deno.Command(options.python, {
      args: [options.relay, ...options.argv],
      cwd: options.cwd,
      env: { ...options.env },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      detached: true,
    }).spawn();
    options.registry.add(child);
    return new AnsibleTerminal(child);
  }

  /** Types `answer` and Enter on the terminal (a prompt's answer; never logged). */
  async answer(answer: string): Promise<void> {
    const bytes = encoder.encode(answer + "\n");
    await this.#stdin.write(bytes).catch(() => {});
    bytes.fill(0);
  }

  /** Kills the command, the relay and everything in their process group, at once. */
  kill(): void {
    killProcessGroups([this.#child.pid]);
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }

  /** Closes the terminal's input (after the command ended). */
  async close(): Promise<void> {
    await this.#stdin.close().catch(() => {});
  }
}

async function ending(child: Deno.ChildProcess): Promise<TerminalEnd> {
  let tail = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stderr) {
    tail = (tail + decoder.decode(chunk, { stream: true })).slice(-STDERR_TAIL);
  }
  const status = await child.status;
  const last = tail.trimEnd().split("\n").at(-1) ?? "";
  const exit = /^exit (\d+)$/.exec(last);
  if (exit) return { kind: "exit", code: Number(exit[1]) };
  const killed = /^signal (\d+)$/.exec(last);
  if (killed) return { kind: "signal", signal: Number(killed[1]) };
  if (last === "notfound") return { kind: "notfound" };
  return {
    kind: "lost",
    detail: status.signal
      ? `the terminal relay was killed by ${status.signal}`
      : `the terminal relay exited with status ${status.code}: ${tail.trim()}`,
  };
}
