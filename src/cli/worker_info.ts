/**
 * `ansible-runner worker --worker-info`: the capacity report AWX's health
 * check parses with `yaml.safe_load` (protocol doc §2.2, AWX doc §2).
 *
 * Prints only the flow-style YAML mapping and the reference's extra empty
 * line on stdout, writes nothing to stderr and always exits 0: a problem
 * (unreadable `/proc/meminfo`, unwritable uuid file) becomes a string in
 * `errors` and a `null` field.
 *
 * @module
 */
import { dumpFlowYaml } from "./flow_yaml.ts";
import { writeStdout } from "../io/std_text.ts";
import { VERSION } from "../version.ts";

/**
 * The `--worker-info` mapping, as AWX reads it.
 *
 * @example
 * ```ts
 * import type { WorkerInfo } from "./worker_info.ts";
 *
 * const info: WorkerInfo = { cpu_count: 2, errors: [], mem_in_bytes: null, runner_version: "0.1.0",
 *   uuid: null };
 * ```
 */
export interface WorkerInfo {
  /** CPUs usable by this process: the host count, capped by a cgroup CPU quota. */
  cpu_count: number;
  /** Problems found; AWX marks the node unavailable when this is not empty. */
  errors: string[];
  /** `MemTotal` in bytes, capped by a cgroup memory limit; `null` when unknown. */
  mem_in_bytes: number | null;
  /** The tachyon version, a three-part string YAML never reads as a number. */
  runner_version: string;
  /** The node's persistent id from `~/.ansible_runner_uuid`; `null` when unavailable. */
  uuid: string | null;
}

/** The files read for the report: meminfo and the cgroup v2 / v1 limits. */
const MEMINFO = "/proc/meminfo";
const CPU_MAX = "/sys/fs/cgroup/cpu.max";
const CFS_DIRS = ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"];
const MEMORY_LIMITS = ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"];

/** The reference's message when `/proc/meminfo` is missing (typo included). */
const MEMINFO_MISSING = "The /proc/meminfo file could not found, memory capacity undiscoverable.";

/**
 * Prints the worker capacity report on stdout and returns the exit code (0).
 *
 * @example
 * ```ts
 * import { runWorkerInfo } from "./worker_info.ts";
 *
 * // `worker --worker-info` prints e.g.
 * // {cpu_count: 2, errors: [], mem_in_bytes: 25276502016, runner_version: 0.1.0, uuid: …}
 * const workerInfo = async () => Deno.exit(await runWorkerInfo());
 * ```
 */
export async function runWorkerInfo(): Promise<number> {
  const info = await collectWorkerInfo();
  writeStdout(`${dumpFlowYaml({ ...info })}\n`);
  return 0;
}

/**
 * Gathers the capacity report; never throws.
 *
 * @example
 * ```ts
 * import { collectWorkerInfo } from "./worker_info.ts";
 *
 * // Reads (or creates) ~/.ansible_runner_uuid, like the reference.
 * const capacity = async () => (await collectWorkerInfo()).cpu_count;
 * ```
 */
export async function collectWorkerInfo(): Promise<WorkerInfo> {
  const errors: string[] = [];
  const texts = await readSystemFiles([
    MEMINFO,
    CPU_MAX,
    ...CFS_DIRS.flatMap((dir) => [`${dir}/cpu.cfs_quota_us`, `${dir}/cpu.cfs_period_us`]),
    ...MEMORY_LIMITS,
  ]);
  const cpu = cpuCount(texts);
  const mem = memInBytes(texts);
  if (typeof mem === "string") errors.push(mem);
  const found = await ensureUuid();
  let uuid = found.uuid ?? null;
  if (found.error !== undefined) errors.push(found.error);
  if (uuid !== null && uuid.includes("Could not find")) {
    // The reference's legacy check: such a file content is reported, not used.
    errors.push(uuid);
    uuid = null;
  }
  return {
    cpu_count: cpu,
    errors,
    mem_in_bytes: typeof mem === "number" ? mem : null,
    runner_version: VERSION,
    uuid,
  };
}

/** A file's text, or the error reading it. */
type FileText = string | Error;

/**
 * Reads small system files. Deno (2.9) wants `--allow-all` for anything
 * under `/proc` and `/sys`, so what Deno may not read is read by `/bin/sh`
 * builtins instead (the permission set allows `/bin/sh`).
 */
async function readSystemFiles(paths: readonly string[]): Promise<Map<string, FileText>> {
  const texts = new Map<string, FileText>();
  const denied: string[] = [];
  for (const path of paths) {
    try {
      texts.set(path, await Deno.readTextFile(path));
    } catch (error) {
      if (error instanceof Deno.errors.NotCapable) denied.push(path);
      else texts.set(path, error instanceof Error ? error : new Error(String(error)));
    }
  }
  if (denied.length === 0) return texts;
  const script = 'for f do printf "\\036%s\\n" "$f"; if [ -r "$f" ]; then ' +
    'while IFS= read -r l || [ -n "$l" ]; do printf "%s\\n" "$l"; done < "$f"; ' +
    'elif [ -e "$f" ]; then printf "\\037unreadable\\n"; else printf "\\037missing\\n"; fi; done';
  let out: string;
  try {
    const result = await new Deno.Command("/bin/sh", {
      args: ["-c", script, "sh", ...denied],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    out = new TextDecoder().decode(result.stdout);
  } catch (error) {
    for (const path of denied) {
      texts.set(path, error instanceof Error ? error : new Error(String(error)));
    }
    return texts;
  }
  for (const record of out.split("\x1e").slice(1)) {
    const newline = record.indexOf("\n");
    const path = record.slice(0, newline);
    const body = record.slice(newline + 1);
    if (body === "\x1fmissing\n") texts.set(path, new Deno.errors.NotFound(`${path}: not found`));
    else if (body.startsWith("\x1f")) texts.set(path, new Error(`${path}: not readable`));
    else texts.set(path, body);
  }
  return texts;
}

function textOf(texts: Map<string, FileText>, path: string): string | undefined {
  const text = texts.get(path);
  return typeof text === "string" ? text : undefined;
}

/** Host CPUs, capped by the cgroup v2 `cpu.max` or v1 CFS quota (rounded up). */
function cpuCount(texts: Map<string, FileText>): number {
  // Deno's value is Rust's available_parallelism(): CPU affinity (and cgroup quota) aware.
  const host = Math.max(1, navigator.hardwareConcurrency || 1);
  let quota = NaN;
  let period = NaN;
  const v2 = textOf(texts, CPU_MAX);
  if (v2 !== undefined) {
    const [q, p] = v2.trim().split(/\s+/);
    quota = Number(q);
    period = Number(p ?? "100000");
  } else {
    for (const dir of CFS_DIRS) {
      const q = textOf(texts, `${dir}/cpu.cfs_quota_us`);
      const p = textOf(texts, `${dir}/cpu.cfs_period_us`);
      if (q === undefined || p === undefined) continue;
      quota = Number(q.trim());
      period = Number(p.trim());
      break;
    }
  }
  if (!(quota > 0 && period > 0 && Number.isFinite(quota / period))) return host;
  return Math.max(1, Math.min(host, Math.ceil(quota / period)));
}

/** `MemTotal` × 1024, capped by a cgroup memory limit; an error string when unknown. */
function memInBytes(texts: Map<string, FileText>): number | string {
  const meminfo = texts.get(MEMINFO) ?? new Deno.errors.NotFound(MEMINFO);
  if (meminfo instanceof Deno.errors.NotFound) return MEMINFO_MISSING;
  if (meminfo instanceof Error) {
    return `The /proc/meminfo file could not be read (${meminfo.message}), ` +
      "memory capacity undiscoverable.";
  }
  const match = /^MemTotal:\s+(\d+)/m.exec(meminfo);
  if (!match) return "The /proc/meminfo file has no MemTotal, memory capacity undiscoverable.";
  let bytes = BigInt(match[1]) * 1024n;
  for (const path of MEMORY_LIMITS) {
    const limit = textOf(texts, path)?.trim();
    if (limit !== undefined && /^\d+$/.test(limit)) {
      if (BigInt(limit) < bytes) bytes = BigInt(limit);
      break;
    }
  }
  return Number(bytes);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The reference's `ensure_uuid()`: reads (and re-chmods to 0600) or creates
 * `$HOME/.ansible_runner_uuid` (0600, no newline). Never throws.
 */
async function ensureUuid(): Promise<{ uuid?: string; error?: string }> {
  let home: string | undefined;
  try {
    home = Deno.env.get("HOME");
  } catch {
    home = undefined;
  }
  if (!home) return { error: "HOME is not set, the uuid file ~/.ansible_runner_uuid is unknown." };
  const path = `${home.replace(/\/+$/, "")}/.ansible_runner_uuid`;
  try {
    try {
      await Deno.stat(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      const fresh = crypto.randomUUID();
      try {
        await Deno.writeTextFile(path, fresh, { createNew: true, mode: 0o600 });
        await Deno.chmod(path, 0o600);
        return { uuid: fresh };
      } catch (createError) {
        // Another worker created it first: use theirs.
        if (!(createError instanceof Deno.errors.AlreadyExists)) throw createError;
      }
    }
    await Deno.chmod(path, 0o600);
    return { uuid: (await Deno.readTextFile(path)).trim() };
  } catch (error) {
    return { error: `Could not read or create the uuid file ${path} (${messageOf(error)}).` };
  }
}
