/**
 * A background job of a private data dir: `<pdd>/pid` (the reference's pid
 * file, `"<pid>\n"`) and the process it names. A pid file proves nothing
 * by itself (it outlives a SIGKILLed daemon, and the pid may now be another
 * process's), so a job is "live" only when the process at that pid is
 * tachyon's daemon for this very dir: its argv holds `start
 * --tachyon-daemon <pdd> <artifact dir>` (checked in `/proc/<pid>/cmdline`;
 * a zombie has no argv). The artifact dir rides in the argv so that `stop`
 * can record `canceled` for a daemon it had to SIGKILL.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { type ProcessInfo, processInfo } from "./daemon_proc.ts";

/**
 * The word after `start` that makes a process the daemon (followed by the
 * absolute private data dir and the job's artifact dir).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DAEMON_FLAG } from "./daemon_job.ts";
 *
 * assert.equal(DAEMON_FLAG, "--tachyon-daemon");
 * ```
 */
export const DAEMON_FLAG = "--tachyon-daemon";

/**
 * `<pdd>/pid` holds something other than a process id.
 *
 * @example
 * ```ts
 * import { PidFileError } from "./daemon_job.ts";
 *
 * const error = new PidFileError("/tmp/demo/pid", "garbage\n");
 * console.assert(error.name === "PidFileError");
 * ```
 */
export class PidFileError extends Error {
  /** The error's name. */
  override name = "PidFileError";
  /** Names the file and quotes its first line. */
  constructor(path: string, text: string) {
    super(`${path} does not hold a process id: ${JSON.stringify(text.split("\n")[0])}`);
  }
}

/** A live background job. */
export interface DaemonJob {
  /** The daemon's pid (the leader of its session and process group). */
  readonly pid: number;
  /** The job's artifact dir, `<artifact root>/<ident>`. */
  readonly artifactDir: string;
  /** The process as `/proc` showed it. */
  readonly process: ProcessInfo;
}

/**
 * The private data dir as the daemon's argv names it: absolute, with
 * symlinks resolved when it exists (so `/tmp/link` and its target agree).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { daemonDir } from "./daemon_job.ts";
 *
 * assert.equal(daemonDir("/tmp", "no/such/../dir"), "/tmp/no/dir");
 * ```
 */
export function daemonDir(cwd: string, privateDataDir: string): string {
  const absolute = resolve(cwd, privateDataDir);
  try {
    return Deno.realPathSync(absolute);
  } catch {
    return absolute;
  }
}

/**
 * `<pdd>/pid`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pidFilePath } from "./daemon_job.ts";
 *
 * assert.equal(pidFilePath("/tmp/demo"), "/tmp/demo/pid");
 * ```
 */
export function pidFilePath(pdd: string): string {
  return join(pdd, "pid");
}

/**
 * The pid in `<pdd>/pid`, or `undefined` when there is no such file (read
 * as the reference reads it: its first line, an integer).
 *
 * @throws {PidFileError} when the file holds no integer
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readPidFile } from "./daemon_job.ts";
 *
 * assert.equal(readPidFile("/tmp/no-such-pdd"), undefined);
 * ```
 */
export function readPidFile(pdd: string): number | undefined {
  const path = pidFilePath(pdd);
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw error;
  }
  const first = text.split("\n")[0].trim();
  const pid = /^\+?\d+$/.test(first) ? Number(first) : NaN;
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new PidFileError(path, text);
  return pid;
}

/**
 * Removes `<pdd>/pid` if it still names `pid` (a later `start` may have
 * replaced it).
 *
 * @example
 * ```ts
 * import { removePidFile } from "./daemon_job.ts";
 *
 * removePidFile("/tmp/no-such-pdd", 42); // nothing to do
 * ```
 */
export function removePidFile(pdd: string, pid: number): void {
  try {
    if (readPidFile(pdd) === pid) Deno.removeSync(pidFilePath(pdd));
  } catch {
    // garbage in the file, or gone meanwhile: not ours to remove
  }
}

/**
 * The daemon argv words that mark `pdd`'s job: `start`, the flag, the dir
 * and the artifact dir.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { daemonWords } from "./daemon_job.ts";
 *
 * assert.deepEqual(daemonWords("/tmp/d", "/tmp/d/artifacts/7"),
 *   ["start", "--tachyon-daemon", "/tmp/d", "/tmp/d/artifacts/7"]);
 * ```
 */
export function daemonWords(pdd: string, artifactDir: string): string[] {
  return ["start", DAEMON_FLAG, pdd, artifactDir];
}

/**
 * The artifact dir named by `argv` if it is the daemon of `pdd` (or the
 * shell about to become it), else `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { daemonArtifactDir } from "./daemon_job.ts";
 *
 * const argv = ["/usr/local/bin/tachyon", "start", "--tachyon-daemon", "/tmp/d", "/tmp/d/artifacts/7", "-p", "x.yml"];
 * assert.equal(daemonArtifactDir(argv, "/tmp/d"), "/tmp/d/artifacts/7");
 * assert.equal(daemonArtifactDir(argv, "/tmp/other"), undefined);
 * ```
 */
export function daemonArtifactDir(argv: readonly string[], pdd: string): string | undefined {
  for (let i = 0; i + 3 < argv.length; i++) {
    if (argv[i] === "start" && argv[i + 1] === DAEMON_FLAG && argv[i + 2] === pdd) {
      return argv[i + 3];
    }
  }
  return undefined;
}

/**
 * The live job of `pdd` that `pid` names, or `undefined` (no such process,
 * a zombie, or another process that reuses the pid).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { daemonJob } from "./daemon_job.ts";
 *
 * assert.equal(daemonJob("/tmp/demo", Deno.pid), undefined); // this process is no daemon
 * ```
 */
export function daemonJob(pdd: string, pid: number): DaemonJob | undefined {
  const process = processInfo(pid);
  if (process === undefined || process.state === "Z" || process.state === "X") return undefined;
  const artifactDir = daemonArtifactDir(process.argv, pdd);
  return artifactDir === undefined ? undefined : { pid, artifactDir, process };
}
