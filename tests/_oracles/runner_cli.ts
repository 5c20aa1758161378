/**
 * The `ansible-runner-cli` oracle: what the real `ansible-runner` (2.3.1)
 * prints and exits with for an argv that needs no job: usage errors, `--help`,
 * `worker cleanup` patterns it refuses. It runs in an empty temp dir (its cwd
 * and HOME) with nothing inherited from the environment, and `<DIR>` stands
 * for that dir in the answer.
 *
 * @module
 */
import { defineOracle, type Json } from "./recorded.ts";

/** The reference. */
const RUNNER = "/usr/bin/ansible-runner";

/** The argv after the program name. */
export interface RunnerCliQuestion {
  [key: string]: Json;
  /** The arguments. */
  args: string[];
}

/** How the reference ended. */
export interface RunnerCliAnswer {
  [key: string]: Json;
  /** Its exit code. */
  code: number;
  /** What it printed on stdout. */
  stdout: string;
  /** What it printed on stderr. */
  stderr: string;
}

async function runRunnerCli({ args }: RunnerCliQuestion): Promise<RunnerCliAnswer> {
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "tachyon_runner_cli_" });
  try {
    const out = await new Deno.Command(RUNNER, {
      args,
      cwd: dir,
      clearEnv: true,
      env: { PATH: "/usr/bin:/bin", HOME: dir, LANG: "C.UTF-8" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout).replaceAll(dir, "<DIR>"),
      stderr: decoder.decode(out.stderr).replaceAll(dir, "<DIR>"),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Runs the real `ansible-runner ARGS` and answers with its exit code, stdout
 * and stderr: recorded, so the unit tier needs neither Python nor the runner.
 *
 * @example
 * ```ts
 * const { code, stderr } = await runnerCli({ args: ["worker", "--bogus"] });
 * ```
 */
export const runnerCli: (question: RunnerCliQuestion) => Promise<RunnerCliAnswer> = defineOracle(
  "ansible-runner-cli",
  runRunnerCli,
);
