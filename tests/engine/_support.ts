/**
 * Test helpers shared by the engine's tests: the PATH of local commands, a
 * temp dir per test, and a bounded-concurrency map (the recorded Ansible
 * answers are asked of the real Ansible when recording, a few at a time).
 *
 * @module
 */
import { withTempDir as withPrefixedTempDir } from "../_support/files.ts";

/**
 * The PATH local commands get unless a test gives one: the system's, so the
 * unit tier runs the same with nothing but Deno on the test's own PATH.
 *
 * @example
 * ```ts
 * const env = { PATH: SYSTEM_PATH };
 * ```
 */
export const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * Runs `fn` with a fresh temp dir under /tmp, removed afterwards.
 *
 * @example
 * ```ts
 * await withTempDir(async (dir) => {});
 * ```
 */
export function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  return withPrefixedTempDir("tachyon_inv_test_", fn);
}

/**
 * Runs `fn` over `items` with at most `limit` in flight, keeping order; every
 * failure is reported (one error, or an AggregateError listing them all).
 *
 * @example
 * ```ts
 * await mapLimit([1, 2], 2, async (x) => x * 2); // [2, 4]
 * ```
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (e) {
        errors.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new AggregateError(errors, errors.map((e) => (e as Error).message).join("\n\n"));
  }
  return out;
}

/**
 * Asks `fn` for every item, at most `limit` at a time, and hands back one
 * getter per item that returns its answer or throws its error: the answers
 * can be gathered at once, then asserted one `t.step` each.
 *
 * @example
 * ```ts
 * const answers = await askAll([1, 2], 2, async (x) => x * 2);
 * answers[1](); // 4
 * ```
 */
export async function askAll<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<(() => R)[]> {
  return await mapLimit(items, limit, async (item, index) => {
    try {
      const value = await fn(item, index);
      return () => value;
    } catch (error) {
      return () => {
        throw error;
      };
    }
  });
}
