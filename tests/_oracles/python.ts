/**
 * The `python` oracle: `/usr/bin/python3` (CPython 3.11, the Python of the
 * real ansible-runner and Ansible 2.14 here) runs a snippet that reads JSON on
 * stdin and prints JSON. Only for snippets whose answer depends on nothing but
 * the code and the input (no files, clock or environment): that is what makes
 * the answer recordable.
 *
 * @module
 */
import { defineOracle, type Json } from "./recorded.ts";

/** A snippet and its input. */
export interface PythonQuestion {
  [key: string]: Json;
  /** The program text for `python3 -c`. */
  code: string;
  /** The value `json.load(sys.stdin)` reads. */
  input: Json;
}

/** A snippet failed in Python. */
export class PythonOracleError extends Error {
  /** Carries Python's stderr. */
  constructor(code: number, stderr: string) {
    super(`python3 exited ${code}: ${stderr}`);
    this.name = "PythonOracleError";
  }
}

/**
 * Runs `code` with `/usr/bin/python3 -c` (in `options.cwd`, with
 * `options.env` added to a minimal environment), `input` as JSON on stdin,
 * and parses what it prints (live, never recorded: for oracles that prepare
 * something first, such as a tree to glob).
 *
 * @example
 * ```ts
 * const two = await runPython({ code: "import json,sys\nprint(json.load(sys.stdin) + 1)", input: 1 });
 * ```
 */
export async function runPython(
  { code, input }: PythonQuestion,
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Json> {
  const child = new Deno.Command("/usr/bin/python3", {
    args: ["-c", code],
    cwd: options.cwd ?? "/",
    clearEnv: true,
    env: { PATH: "/usr/bin:/bin", LC_ALL: "C.UTF-8", PYTHONIOENCODING: "utf-8", ...options.env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(input)));
  await writer.close();
  const out = await child.output();
  if (out.code !== 0) throw new PythonOracleError(out.code, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/**
 * Runs `code` with `python3 -c`, `input` as JSON on stdin, and parses what it
 * prints: recorded, so the unit tier needs no Python.
 *
 * @example
 * ```ts
 * const squares = await python({
 *   code: "import json,sys\nprint(json.dumps([x*x for x in json.load(sys.stdin)]))",
 *   input: [1, 2],
 * });
 * ```
 */
export const python: (question: PythonQuestion) => Promise<Json> = defineOracle(
  "python",
  (question) => runPython(question),
);
