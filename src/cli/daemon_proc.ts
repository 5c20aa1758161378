/**
 * Other processes, as `stop` and `is-alive` need them: one process's state
 * and argv, the process table (for the descendants of a job that ignored
 * SIGTERM), and signals. The binary's permission set may read neither
 * `/proc/<pid>` nor call `Deno.kill` (that needs an unrestricted `run`), but
 * it may run `/bin/sh`: each of these is one short shell, with built-ins
 * only but `cat` for the NUL-separated argv. Linux only (`/proc`), as the
 * execution environments are.
 *
 * @module
 */

/** What `/proc/<pid>/stat` and `cmdline` say about one process. */
export interface ProcessInfo {
  /** Its pid. */
  readonly pid: number;
  /** Its state letter (`R`, `S`, `T`, `Z`, …). */
  readonly state: string;
  /** Its parent's pid. */
  readonly ppid: number;
  /** Its process group. */
  readonly pgid: number;
  /** Its session. */
  readonly sid: number;
  /** Its argv (empty for a zombie or a kernel thread; not read for the table). */
  readonly argv: readonly string[];
}

const decoder = new TextDecoder();

/** Runs a shell script with `args`; its stdout, or `undefined` when it fails. */
function shell(script: string, args: readonly string[]): Uint8Array | undefined {
  try {
    const out = new Deno.Command("/bin/sh", {
      args: ["-c", script, "tachyon", ...args],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    return out.success ? out.stdout : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses one `/proc/<pid>/stat` line (the command name may hold spaces and
 * parentheses: the fields follow its last `)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseStat } from "./daemon_proc.ts";
 *
 * const info = parseStat("42 (a) b) S 1 42 42 0 -1", []);
 * assert.deepEqual([info?.state, info?.ppid, info?.pgid, info?.sid], ["S", 1, 42, 42]);
 * ```
 */
export function parseStat(line: string, argv: readonly string[]): ProcessInfo | undefined {
  const close = line.lastIndexOf(")");
  const pid = Number.parseInt(line, 10);
  if (close === -1 || !Number.isSafeInteger(pid)) return undefined;
  const [state, ppid, pgid, sid] = line.slice(close + 2).split(" ");
  if (state === undefined || sid === undefined) return undefined;
  return { pid, state, ppid: Number(ppid), pgid: Number(pgid), sid: Number(sid), argv };
}

/**
 * The process `pid` now, or `undefined` when there is none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { processInfo } from "./daemon_proc.ts";
 *
 * const child = new Deno.Command("/bin/sh", { args: ["-c", "exec sleep 5"] }).spawn();
 * await new Promise((resolve) => setTimeout(resolve, 100));
 * assert.deepEqual(processInfo(child.pid)?.argv, ["sleep", "5"]);
 * child.kill("SIGKILL");
 * await child.status;
 * ```
 */
export function processInfo(pid: number): ProcessInfo | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  const out = shell(
    '{ IFS= read -r s < "/proc/$1/stat" && printf "%s\\n" "$s" && cat "/proc/$1/cmdline"; } 2>/dev/null',
    [String(pid)],
  );
  if (out === undefined) return undefined;
  const text = decoder.decode(out);
  const newline = text.indexOf("\n");
  if (newline === -1) return undefined;
  const argv = text.slice(newline + 1).split("\0");
  if (argv.at(-1) === "") argv.pop();
  return parseStat(text.slice(0, newline), argv);
}

/**
 * Every process now (without argv).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { processTable } from "./daemon_proc.ts";
 *
 * assert.ok(processTable().some((info) => info.pid === Deno.pid));
 * ```
 */
export function processTable(): ProcessInfo[] {
  const out = shell(
    'for d in /proc/[0-9]*; do { IFS= read -r s < "$d/stat" && printf "%s\\n" "$s"; } 2>/dev/null; done; exit 0',
    [],
  );
  if (out === undefined) return [];
  return decoder.decode(out).split("\n").flatMap((line) => parseStat(line, []) ?? []);
}

/**
 * `pid` and its descendants now (by parent pid), the root first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { descendants } from "./daemon_proc.ts";
 *
 * assert.equal(descendants(Deno.pid)[0].pid, Deno.pid);
 * ```
 */
export function descendants(pid: number): ProcessInfo[] {
  const table = processTable();
  const children = new Map<number, ProcessInfo[]>();
  for (const info of table) {
    children.set(info.ppid, [...children.get(info.ppid) ?? [], info]);
  }
  const root = table.find((info) => info.pid === pid);
  if (root === undefined) return [];
  const found = [root];
  for (let i = 0; i < found.length; i++) found.push(...children.get(found[i].pid) ?? []);
  return found;
}

/**
 * Sends `signal` to each target (a pid, or `-pgid` for a process group)
 * through `/bin/sh`'s `kill`; targets already gone are skipped.
 *
 * @example
 * ```ts
 * import { signalTargets } from "./daemon_proc.ts";
 *
 * const child = new Deno.Command("/bin/sh", { args: ["-c", "exec sleep 30"], detached: true }).spawn();
 * signalTargets([-child.pid], "KILL");
 * await child.status;
 * ```
 */
export function signalTargets(targets: readonly number[], signal: "TERM" | "KILL" | "STOP"): void {
  if (targets.length === 0) return;
  shell(
    'sig=$1; shift; for t in "$@"; do kill -s "$sig" -- "$t" 2>/dev/null; done; exit 0',
    [signal, ...targets.map(String)],
  );
}
