/**
 * Test support for the library's tests: a private data dir whose inventory
 * is `localhost` on the local connection (only `/bin/sh` needed), and the
 * helpers that read what a run left in it.
 *
 * @module
 */
import { join } from "node:path";
import { tempDir } from "../_support/worker_process.ts";
import { eventually } from "../_support/deadline.ts";

/** One event as its job_events file holds it. */
export type EventFile = Record<string, unknown>;

/**
 * A fresh private data dir under /tmp with `inventory/hosts` (localhost,
 * local connection) and the `files` given (path → text).
 *
 * @example
 * ```ts
 * const pdd = await localPdd({ "env/settings": '{"job_timeout": 5}' });
 * try { … } finally { await pdd.remove(); }
 * ```
 */
export async function localPdd(
  files: Record<string, string> = {},
): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await tempDir("tachyon_runner_");
  const all = { "inventory/hosts": "localhost ansible_connection=local\n", ...files };
  for (const [path, text] of Object.entries(all)) {
    await Deno.mkdir(join(dir.path, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir.path, path), text);
  }
  return dir;
}

/**
 * The job_events files of an artifact dir, in counter order.
 *
 * @example
 * ```ts
 * const events = await eventFiles(runner.artifactDir);
 * ```
 */
export async function eventFiles(artifactDir: string): Promise<EventFile[]> {
  const dir = join(artifactDir, "job_events");
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  names.sort((a, b) => parseInt(a) - parseInt(b));
  return await Promise.all(
    names.map(async (name) => JSON.parse(await Deno.readTextFile(join(dir, name))) as EventFile),
  );
}

/**
 * Every item of an async iterable, in order.
 *
 * @example
 * ```ts
 * const events = await collect(runner.events);
 * ```
 */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * A shell command that writes its pid to `pidFile`, then becomes `sleep
 * 3600` (same pid): the test can tell whether that process still runs
 * without reading `/proc`, which the unit tier's permissions do not allow.
 *
 * @example
 * ```ts
 * await play.shell(pidSleep(`${pdd}/sleep.pid`));
 * ```
 */
export function pidSleep(pidFile: string): string {
  return `sh -c 'echo $$ > ${pidFile}; exec sleep 3600'`;
}

/**
 * The pid {@linkcode pidSleep} wrote, once it did (rejects after `ms`).
 *
 * @example
 * ```ts
 * const pid = await sleepingPid(`${pdd}/sleep.pid`, 20_000);
 * ```
 */
export async function sleepingPid(pidFile: string, ms: number): Promise<number> {
  let pid = NaN;
  await eventually(`a pid in ${pidFile}`, ms, async () => {
    pid = parseInt(await Deno.readTextFile(pidFile).catch(() => ""));
    return Number.isInteger(pid);
  });
  return pid;
}

/**
 * Whether process `pid` runs: its `/proc` state, read by `/bin/sh` (a
 * zombie, killed but not yet reaped, counts as gone).
 *
 * @example
 * ```ts
 * assert.equal(await alive(pid), false);
 * ```
 */
export async function alive(pid: number): Promise<boolean> {
  const out = await new Deno.Command("/bin/sh", {
    args: ["-c", `state=$(cut -d' ' -f3 /proc/${pid}/stat 2>/dev/null) && [ "$state" != Z ]`],
    stdout: "null",
    stderr: "null",
  }).output();
  return out.success;
}

/**
 * SIGKILLs `pid` if it still runs (so a failing test leaves nothing behind).
 *
 * @example
 * ```ts
 * await killQuietly(pid);
 * ```
 */
export async function killQuietly(pid: number | undefined): Promise<void> {
  if (pid === undefined || !Number.isInteger(pid)) return;
  await new Deno.Command("/bin/sh", {
    args: ["-c", `kill -9 ${pid} 2>/dev/null`],
    stdout: "null",
    stderr: "null",
  }).output();
}
