/**
 * Test support: a deadline for steps that could hang (daemons, remote
 * commands), so that CI fails with a message instead of timing out.
 *
 * @module
 */

/**
 * Runs `body`; rejects with `` `${what}: no result within ${ms} ms` `` when it
 * takes longer than `ms` (`body` itself is not cancelled).
 *
 * @example
 * ```ts
 * const sshd = await withDeadline(30_000, "startSshd", () => startSshd({ hosts: 1 }));
 * ```
 */
export async function withDeadline<T>(
  ms: number,
  what: string,
  body: () => Promise<T>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([body(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The child's output, or a failure (and a SIGKILLed child) after `ms`: a hung
 * worker never blocks CI.
 *
 * @example
 * ```ts
 * const out = await deadlineOutput(tachyonCommand(["worker"]).spawn(), 30_000);
 * ```
 */
export function deadlineOutput(
  child: Deno.ChildProcess,
  ms: number,
): Promise<Deno.CommandOutput> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the worker did not finish within ${ms} ms`));
    }, ms);
  });
  return Promise.race([child.output(), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Polls `check` every `everyMs` until it holds; `false` when `ms` pass first.
 *
 * @example
 * ```ts
 * if (!(await pollUntil(() => !processAlive(pid), 5_000))) Deno.kill(pid, "SIGKILL");
 * ```
 */
export async function pollUntil(
  check: () => boolean | Promise<boolean>,
  ms: number,
  everyMs = 20,
): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return true;
}

/**
 * Polls `check` every `everyMs` until it holds; rejects with
 * `` `${what}: not within ${ms} ms` `` when `ms` pass first.
 *
 * @example
 * ```ts
 * await eventually("the agent exits", 2_000, () => !processAlive(pid));
 * ```
 */
export async function eventually(
  what: string,
  ms: number,
  check: () => boolean | Promise<boolean>,
  everyMs = 20,
): Promise<void> {
  if (!(await pollUntil(check, ms, everyMs))) throw new Error(`${what}: not within ${ms} ms`);
}
