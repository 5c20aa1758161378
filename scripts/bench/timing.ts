/**
 * What the benchmark scripts share: their numeric flags, a timed whole
 * process run, and the median of a few runs.
 *
 * @module
 */

/**
 * The number after `name` in the script's arguments (`--hosts 50`), or `fallback`.
 *
 * @example
 * ```ts
 * const hosts = numberFlag("--hosts", 50);
 * ```
 */
export function numberFlag(name: string, fallback: number): number {
  const i = Deno.args.indexOf(name);
  return i === -1 ? fallback : Number(Deno.args[i + 1]);
}

/** One timed process run. */
export interface TimedRun {
  /** Wall time from spawn to exit, stdin included. */
  ms: number;
  /** Exit code. */
  code: number;
  /** Raw stdout. */
  stdout: Uint8Array;
  /** Raw stderr. */
  stderr: Uint8Array;
}

/**
 * Runs `argv` in /tmp with exactly `env`, feeding `stdin` when given, and times it.
 *
 * @example
 * ```ts
 * const { ms } = await timed(["/bin/true"], {});
 * ```
 */
export async function timed(
  argv: readonly string[],
  env: Record<string, string>,
  stdin?: Uint8Array,
): Promise<TimedRun> {
  const child = new Deno.Command(argv[0], {
    args: argv.slice(1),
    env,
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
    cwd: "/tmp",
  }).spawn();
  const t0 = performance.now();
  if (stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const out = await child.output();
  return { ms: performance.now() - t0, code: out.code, stdout: out.stdout, stderr: out.stderr };
}

/**
 * The median of `values` (the upper one of an even count).
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

const ROOT = new URL("../..", import.meta.url).pathname;

/**
 * Runs tachyon's worker from source on `stream` with the benchmark's
 * five-task automation (`-P=dev`, so `TACHYON_AUTOMATION` may load it), timed.
 *
 * @example
 * ```ts
 * const { ms } = await timedFiveTaskWorker("/tmp/w1", stream);
 * ```
 */
export async function timedFiveTaskWorker(pdd: string, stream: Uint8Array): Promise<TimedRun> {
  return await timed(
    [
      Deno.execPath(),
      "run",
      "-P=dev",
      "--no-prompt",
      "--quiet",
      `${ROOT}main.ts`,
      "worker",
      `--private-data-dir=${pdd}`,
    ],
    { TACHYON_AUTOMATION: `${ROOT}scripts/bench/five_tasks.ts` },
    stream,
  );
}
