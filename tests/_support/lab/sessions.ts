/**
 * Lab hosts, sessions: every `startLabHosts` registers its dir and its owner
 * (the test process, by pid and start time) under
 * `/var/cache/tachyon-lab/sessions/`, and each host records its processes and
 * veth in `<dir>/<host>/host.json`. A session whose owner is gone is a crashed
 * run: the next start kills whatever of it still runs, deletes its veths,
 * removes its dirs and its entry. (Hosts normally die with their owner anyway:
 * their init exits when the owner's end of its stdin closes.)
 *
 * @module
 */
import { join } from "node:path";
import type { HostRecord } from "./host.ts";
import { labCacheDir } from "./image.ts";
import { deleteHostLink, linkGoneWithin } from "./network.ts";
import { isRunning, type ProcessId, processStartTime, waitGone } from "./process.ts";

/** A registered lab session. */
export interface LabSession {
  /** The session's dir (host dirs inside). */
  dir: string;
  /** The test process that owns it. */
  owner: ProcessId;
}

/** The registry dir. */
function registry(): string {
  return join(labCacheDir(), "sessions");
}

/**
 * Registers `dir` as a session of this process; returns a function that
 * removes the entry.
 *
 * @example
 * ```ts
 * const unregister = await registerSession(dir);
 * await unregister();
 * ```
 */
export async function registerSession(dir: string): Promise<() => Promise<void>> {
  await Deno.mkdir(registry(), { recursive: true, mode: 0o755 });
  const session: LabSession = {
    dir,
    owner: { pid: Deno.pid, start: (await processStartTime(Deno.pid)) ?? "" },
  };
  const entry = join(
    registry(),
    `${Deno.pid}-${crypto.randomUUID().slice(0, 8)}.json`,
  );
  await Deno.writeTextFile(entry, JSON.stringify(session));
  return () => Deno.remove(entry).catch(() => {});
}

/**
 * Cleans every session whose owner no longer runs; returns the dirs it
 * removed.
 *
 * @example
 * ```ts
 * const cleaned = await cleanStaleSessions();
 * ```
 */
export async function cleanStaleSessions(): Promise<string[]> {
  const cleaned: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(registry()));
  } catch {
    return cleaned;
  }
  for (const entry of entries) {
    if (!entry.name.endsWith(".json")) continue;
    const path = join(registry(), entry.name);
    let session: LabSession;
    try {
      session = JSON.parse(await Deno.readTextFile(path));
    } catch {
      continue; // being written, or removed meanwhile
    }
    if (await isRunning(session.owner)) continue;
    await cleanSessionDir(session.dir);
    await Deno.remove(path).catch(() => {});
    cleaned.push(session.dir);
  }
  return cleaned;
}

/** Kills the hosts recorded under `dir`, deletes their veths, removes `dir`. */
async function cleanSessionDir(dir: string): Promise<void> {
  const records: HostRecord[] = [];
  try {
    for await (const host of Deno.readDir(dir)) {
      try {
        records.push(JSON.parse(await Deno.readTextFile(join(dir, host.name, "host.json"))));
      } catch {
        // no record: nothing was started for it
      }
    }
  } catch {
    return; // already gone
  }
  await Promise.all(records.map(async (record) => {
    let killed = false;
    for (const id of [record.unshare, record.init]) {
      if (id && await isRunning(id)) {
        try {
          Deno.kill(id.pid, "SIGKILL");
          killed = true;
        } catch {
          // gone meanwhile
        }
        await waitGone(id, 10_000);
      }
    }
    // The veth dies with the host's network namespace. Its name may already
    // belong to a live host of another run when nothing of this one was left,
    // so it is only deleted when it outlives the namespace just killed.
    if (killed && record.veth && !(await linkGoneWithin(record.veth, 5_000))) {
      await deleteHostLink(record.veth);
    }
  }));
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}
