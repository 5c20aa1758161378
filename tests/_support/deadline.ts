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
