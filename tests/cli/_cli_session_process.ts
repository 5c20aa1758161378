/**
 * Test support, the process side of {@linkcode CliSession}
 * (tests/cli/_cli_session.ts): runs `runCli`, what main.ts runs, once per
 * line of stdin, with the compiled binary's permission set (`deno run -P`).
 * Each line is `{"args": [...], "env": {"HOME": "/x" | null}}` (`null`
 * unsets; the previous values come back after the command). After each
 * command, stdout gets `\0<exit code>\0` and stderr `\0\0`: NUL never occurs
 * in the CLI's text. One process answers every case of a test file, so the
 * unit tier pays for one Deno start instead of dozens.
 *
 * @module
 */
import { runCli } from "../../src/cli/dispatch.ts";
import { writeAllSync } from "../../src/io/write_all.ts";

/** One command of the session. */
interface CliCase {
  args: string[];
  env?: Record<string, string | null>;
}

const encoder = new TextEncoder();

/** Marks the end of one command's output on both streams. */
function mark(code: number | "ready"): void {
  writeAllSync(Deno.stdout, encoder.encode(`\0${code}\0`));
  writeAllSync(Deno.stderr, encoder.encode("\0\0"));
}

/** Sets `env` and returns what undoes it. */
function applyEnv(env: Record<string, string | null>): () => void {
  const saved = Object.entries(env).map(([name]) => [name, Deno.env.get(name)] as const);
  for (const [name, value] of Object.entries(env)) {
    if (value === null) Deno.env.delete(name);
    else Deno.env.set(name, value);
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  };
}

if (import.meta.main) {
  // As main.ts does before anything is parsed.
  for (const name of ["LOG_TOKENS", "LOG_STREAM"]) Deno.env.delete(name);
  mark("ready");
  let buffered = "";
  const decoder = new TextDecoder();
  for await (const chunk of Deno.stdin.readable) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf("\n")) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const { args, env = {} }: CliCase = JSON.parse(line);
      const restore = applyEnv(env);
      let code: number;
      try {
        code = await runCli(args);
      } catch (error) {
        // main.ts would die with this uncaught error: -1 makes any test fail.
        writeAllSync(Deno.stderr, encoder.encode(`uncaught: ${(error as Error).stack}\n`));
        code = -1;
      } finally {
        restore();
      }
      mark(code);
    }
  }
}
