/**
 * The job's artifact directory `<pdd>/artifacts/<ident>/`: `command`,
 * `stdout`, `stderr`, `status`, `rc`, `job_events/`, `fact_cache/`, with the
 * reference's file modes.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { pythonJsonDumps } from "../python/json_dumps.ts";
import { writeAllSync } from "../io/write_all.ts";

const encoder = new TextEncoder();

/**
 * What the `command` artifact records.
 *
 * @example
 * ```ts
 * import type { CommandRecord } from "./artifact_dir.ts";
 *
 * const record: CommandRecord = { command: ["tachyon", "adhoc", "-m", "ping", "all"], cwd: "/runner",
 *   env: {} };
 * ```
 */
export interface CommandRecord {
  /** argv of what ran. */
  readonly command: readonly string[];
  /** Working directory. */
  readonly cwd: string;
  /** Environment. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Writes one job's artifacts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ArtifactDir } from "./artifact_dir.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * const artifacts = await ArtifactDir.create(`${pdd}/artifacts/42`, {
 *   suppressOutputFile: false,
 *   command: { command: ["tachyon", "automation"], cwd: pdd, env: {} },
 * });
 * artifacts.appendStdout("PLAY [x] ***");
 * await artifacts.finish("successful", 0);
 * assert.equal(await Deno.readTextFile(`${pdd}/artifacts/42/status`), "successful");
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export class ArtifactDir {
  /** The directory's path. */
  readonly path: string;
  #stdout?: Deno.FsFile;

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * Creates the directory (0700), `job_events/` and, unless suppressed, the
   * `stdout` (0600) and `stderr` (0644) files.
   */
  static async create(
    path: string,
    options: { suppressOutputFile: boolean; command: CommandRecord; rotate?: number },
  ): Promise<ArtifactDir> {
    await Deno.mkdir(dirname(path), { recursive: true, mode: 0o755 });
    await Deno.mkdir(path, { recursive: true, mode: 0o700 });
    await Deno.mkdir(join(path, "job_events"), { recursive: true, mode: 0o700 });
    const dir = new ArtifactDir(path);
    await writePrivate(
      join(path, "command"),
      pythonJsonDumps(options.command, { ensureAscii: false }),
    );
    if (options.rotate && options.rotate > 0) await rotateArtifacts(dirname(path), options.rotate);
    if (!options.suppressOutputFile) {
      dir.#stdout = await Deno.open(join(path, "stdout"), {
        write: true,
        create: true,
        truncate: true,
        mode: 0o600,
      });
      await Deno.writeFile(join(path, "stderr"), new Uint8Array(), { mode: 0o644 });
    }
    return dir;
  }

  /** Appends one event's text (and a newline) to `stdout`; empty text is skipped. */
  appendStdout(text: string): void {
    if (!this.#stdout || text === "") return;
    writeAllSync(this.#stdout, encoder.encode(text + "\n"));
  }

  /** Closes `stdout` and writes `status` and `rc` (0600, no newline). */
  async finish(status: string, rc: number): Promise<void> {
    this.#stdout?.close();
    this.#stdout = undefined;
    await writePrivate(join(this.path, "status"), status);
    await writePrivate(join(this.path, "rc"), String(rc));
  }
}

async function writePrivate(path: string, text: string): Promise<void> {
  await Deno.writeTextFile(path, text, { mode: 0o600 });
  await Deno.chmod(path, 0o600);
}

/** Keeps the `keep` newest entries of the artifacts root (by mtime), like `rotate_artifacts`. */
async function rotateArtifacts(root: string, keep: number): Promise<void> {
  const entries: { path: string; mtime: number }[] = [];
  for await (const entry of Deno.readDir(root)) {
    if (!entry.isDirectory) continue;
    const path = join(root, entry.name);
    const info = await Deno.lstat(path);
    entries.push({ path, mtime: info.mtime?.getTime() ?? 0 });
  }
  entries.sort((a, b) => a.mtime - b.mtime);
  for (const old of entries.slice(0, Math.max(0, entries.length - keep))) {
    await Deno.remove(old.path, { recursive: true });
  }
}
