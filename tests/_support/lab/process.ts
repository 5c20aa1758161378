/**
 * Lab hosts, process plumbing: run a system tool and read its output, tell a
 * live process from a reused pid (its start time in `/proc/<pid>/stat`), and
 * find the processes inside a namespace. Only this machine's `/proc` and the
 * tools named by absolute path are used.
 *
 * @module
 */
import { pollUntil } from "../deadline.ts";

/** A clean environment for the system tools the lab runs (no test secrets leak into them). */
export const TOOL_ENV: Record<string, string> = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  LANG: "C",
  HOME: "/root",
};

/** What a finished tool printed. */
export interface ToolOutput {
  /** Exit code. */
  code: number;
  /** stdout as text. */
  stdout: string;
  /** stderr as text. */
  stderr: string;
}

/** Options for {@linkcode runTool}. */
export interface RunToolOptions {
  /** Text or bytes for stdin (otherwise stdin is `/dev/null`). */
  stdin?: string | Uint8Array;
  /** Extra environment on top of {@linkcode TOOL_ENV}. */
  env?: Record<string, string>;
  /** Return a failed run instead of throwing {@linkcode LabToolError}. */
  allowFailure?: boolean;
}

/**
 * A system tool the lab ran exited with a failure.
 *
 * @example
 * ```ts
 * throw new LabToolError("/usr/sbin/ip", ["link"], { code: 1, stdout: "", stderr: "boom" });
 * ```
 */
export class LabToolError extends Error {
  override name = "LabToolError";
  /** What the tool printed. */
  readonly output: ToolOutput;
  /** Names the tool, its arguments and its stderr. */
  constructor(command: string, args: string[], output: ToolOutput) {
    super(
      `${command} ${args.join(" ").slice(0, 300)} exited ${output.code}: ${
        (output.stderr || output.stdout).trim().slice(-2000)
      }`,
    );
    this.output = output;
  }
}

/**
 * Runs `command args` with {@linkcode TOOL_ENV} and returns its output; throws
 * {@linkcode LabToolError} on a non-zero exit unless `allowFailure`.
 *
 * @example
 * ```ts
 * const { stdout } = await runTool("/usr/sbin/ip", ["-j", "link", "show", "tlab0"]);
 * ```
 */
export async function runTool(
  command: string,
  args: string[],
  options: RunToolOptions = {},
): Promise<ToolOutput> {
  const child = await startTool(command, args, {
    clearEnv: true,
    env: { ...TOOL_ENV, ...options.env },
    stdin: options.stdin,
  });
  const out = await child.output();
  const decoder = new TextDecoder();
  const output = {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
  if (out.code !== 0 && !options.allowFailure) throw new LabToolError(command, args, output);
  return output;
}

/** Options for {@linkcode startTool}. */
export interface StartToolOptions {
  /** Text or bytes for stdin (otherwise stdin is `/dev/null`). */
  stdin?: string | Uint8Array;
  /** The environment: added to this process's, or all of it with `clearEnv`. */
  env?: Record<string, string>;
  /** Start from an empty environment. */
  clearEnv?: boolean;
}

/**
 * Spawns `command args` with stdout and stderr piped, writes `stdin` to it
 * and closes it; the caller collects the output (with a deadline or not).
 *
 * @example
 * ```ts
 * const child = await startTool("/usr/bin/ssh", args, { stdin: "exit 0\n" });
 * const out = await child.output();
 * ```
 */
export async function startTool(
  command: string,
  args: string[],
  options: StartToolOptions = {},
): Promise<Deno.ChildProcess> {
  const child = new Deno.Command(command, {
    args,
    clearEnv: options.clearEnv,
    env: options.env,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    const bytes = typeof options.stdin === "string"
      ? new TextEncoder().encode(options.stdin)
      : options.stdin;
    await writer.write(bytes).catch(() => {});
    await writer.close().catch(() => {});
  }
  return child;
}

/**
 * The start time of `pid` (field 22 of `/proc/<pid>/stat`, clock ticks since
 * boot), or `undefined` when no such process exists. A pid plus its start time
 * names one process for good, even after the pid is reused.
 *
 * @example
 * ```ts
 * const mine = await processStartTime(Deno.pid);
 * ```
 */
export async function processStartTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    // The command name (field 2) may hold spaces and parentheses: split after its last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}

/** A process named for good: its pid and its start time. */
export interface ProcessId {
  /** The pid in this machine's pid namespace. */
  pid: number;
  /** Its start time ({@linkcode processStartTime}). */
  start: string;
}

/**
 * Whether the process `id` names still runs (a zombie counts as gone).
 *
 * @example
 * ```ts
 * await isRunning({ pid: Deno.pid, start: (await processStartTime(Deno.pid))! }); // true
 * ```
 */
export async function isRunning(id: ProcessId): Promise<boolean> {
  if ((await processStartTime(id.pid)) !== id.start) return false;
  try {
    const status = await Deno.readTextFile(`/proc/${id.pid}/status`);
    return !/^State:\s+[ZX]/m.test(status);
  } catch {
    return false;
  }
}

/**
 * The direct children of `pid` (from `/proc/<pid>/task/*\/children`).
 *
 * @example
 * ```ts
 * const [init] = await childrenOf(unsharePid);
 * ```
 */
export async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  try {
    for await (const task of Deno.readDir(`/proc/${pid}/task`)) {
      const text = await Deno.readTextFile(`/proc/${pid}/task/${task.name}/children`)
        .catch(() => "");
      children.push(...text.split(" ").filter(Boolean).map(Number));
    }
  } catch {
    // gone
  }
  return children;
}

/**
 * The namespace `kind` (`pid`, `net`, `mnt`, …) of `pid` as its link text
 * (`"pid:[4026532301]"`), or `undefined` when the process is gone.
 *
 * @example
 * ```ts
 * const ns = await namespaceOf(host.initPid, "pid");
 * ```
 */
export async function namespaceOf(pid: number, kind: string): Promise<string | undefined> {
  try {
    return await Deno.readLink(`/proc/${pid}/ns/${kind}`);
  } catch {
    return undefined;
  }
}

/**
 * Every pid (as this machine sees it) whose namespace `kind` is `namespace`
 * (a {@linkcode namespaceOf} text).
 *
 * @example
 * ```ts
 * const left = await pidsInNamespace("pid", ns); // [] once the host is stopped
 * ```
 */
export async function pidsInNamespace(kind: string, namespace: string): Promise<number[]> {
  const pids: number[] = [];
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const pid = Number(entry.name);
    if ((await namespaceOf(pid, kind)) === namespace) pids.push(pid);
  }
  return pids;
}

/**
 * Resolves once `id` has exited, or `false` after `ms`.
 *
 * @example
 * ```ts
 * if (!(await waitGone(id, 5_000))) Deno.kill(id.pid, "SIGKILL");
 * ```
 */
export async function waitGone(id: ProcessId, ms: number): Promise<boolean> {
  return await pollUntil(async () => !(await isRunning(id)), ms);
}
