/**
 * Test support for the ansible-core path: one job, as a real `ansible-runner
 * transmit` stream, through the real `ansible-runner worker` and through
 * tachyon's driver (`_driver.ts`: `runWithAnsibleCore` with the binary's
 * permissions plus the relay's Python), each in the same private data dir
 * path (so that paths in the output agree), each stream then through the
 * real `ansible-runner process`; and the views the tests compare.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deadlineOutput } from "../../_support/deadline.ts";
import { ANSIBLE_RUNNER, parseStream, run, transmit } from "../../_support/worker_process.ts";

const DRIVER = join(dirname(fileURLToPath(import.meta.url)), "_driver.ts");

/**
 * What the driver may do: the compiled binary's permission set
 * (`permissions.default` in deno.json) plus running the relay's Python.
 *
 * @example
 * ```ts
 * const args = ["run", ...DRIVER_PERMISSIONS, "_driver.ts", "--private-data-dir=/tmp/x"];
 * ```
 */
export const DRIVER_PERMISSIONS: readonly string[] = [
  "--allow-read=/runner,/tmp,/proc/meminfo,/sys/fs/cgroup",
  "--allow-write=/runner,/tmp",
  "--allow-run=/bin/sh,/usr/bin/ssh,/usr/bin/ssh-agent,/usr/bin/ssh-add,/usr/bin/python3",
  "--allow-env=HOME,PATH,TMPDIR,USER,LOGNAME,LANG,LC_ALL,TERM,ANSIBLE_RUNNER_KEEPALIVE_SECONDS," +
  "ANSIBLE_HOST_KEY_CHECKING,LOG_TOKENS,LOG_STREAM,TACHYON_FIRST_EVENT",
];

/**
 * Which worker ran a job.
 *
 * @example
 * ```ts
 * const both: Runner[] = ["ansible-runner", "tachyon"];
 * ```
 */
export type Runner = "tachyon" | "ansible-runner";

/**
 * One worker's run of a job.
 *
 * @example
 * ```ts
 * const ok = (run: WorkerRun) => run.code === 0;
 * ```
 */
export interface WorkerRun {
  /** The worker's exit code. */
  code: number;
  /** Its protocol messages (the zip as `{ base64 }`). */
  messages: Record<string, unknown>[];
  /** Its raw stdout. */
  stdout: Uint8Array;
  /** Its stderr. */
  stderr: string;
  /** The artifact dir as real `ansible-runner process` extracted it. */
  artifacts: string;
}

/**
 * Files of a private data dir, by relative path.
 *
 * @example
 * ```ts
 * const files: PddFiles = { "inventory/hosts": "web1\n", "project/site.yml": "- hosts: all\n" };
 * ```
 */
export type PddFiles = Record<string, string>;

/**
 * Writes `files` into a fresh source dir and returns the real
 * `ansible-runner transmit` stream of it with `args`.
 *
 * @example
 * ```ts
 * const stream = await transmitJob(root, files, ["-p", "site.yml", "-i", "42"]);
 * ```
 */
export async function transmitJob(
  root: string,
  files: PddFiles,
  args: string[],
): Promise<Uint8Array> {
  const source = join(root, "source");
  await Deno.remove(source, { recursive: true }).catch(() => {});
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(dirname(join(source, path)), { recursive: true });
    await Deno.writeTextFile(join(source, path), text);
  }
  return await transmit(source, args);
}

/**
 * Options of {@linkcode runWorker}.
 *
 * @example
 * ```ts
 * const options: RunOptions = { deadlineMs: 60_000, env: { TACHYON_FIRST_EVENT: "tachyon: …" } };
 * ```
 */
export interface RunOptions {
  /** Extra environment for the worker. */
  env?: Record<string, string>;
  /** Milliseconds before the run fails as hung (default 120 000). */
  deadlineMs?: number;
  /** Called once the worker started, with its process (to signal it). */
  started?: (child: Deno.ChildProcess) => void | Promise<void>;
}

/**
 * Runs `stream` through `runner` in `<root>/pdd` (emptied first), then the
 * output through real `ansible-runner process` into `<root>/processed-<runner>`.
 *
 * @example
 * ```ts
 * const reference = await runWorker("ansible-runner", root, stream);
 * const ours = await runWorker("tachyon", root, stream);
 * ```
 */
export async function runWorker(
  runner: Runner,
  root: string,
  stream: Uint8Array,
  options: RunOptions = {},
): Promise<WorkerRun> {
  const pdd = join(root, "pdd");
  await Deno.remove(pdd, { recursive: true }).catch(() => {});
  const command = runner === "tachyon"
    ? new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...DRIVER_PERMISSIONS,
        "--no-prompt",
        "--quiet",
        DRIVER,
        `--private-data-dir=${pdd}`,
      ],
      env: options.env,
      cwd: "/tmp",
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    })
    : new Deno.Command(ANSIBLE_RUNNER, {
      args: ["worker", `--private-data-dir=${pdd}`],
      env: options.env,
      cwd: "/tmp",
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    });
  const child = command.spawn();
  const writer = child.stdin.getWriter();
  await writer.write(stream);
  await writer.close();
  await options.started?.(child);
  const out = await deadlineOutput(child, options.deadlineMs ?? 120_000);
  const processed = join(root, `processed-${runner}`);
  await Deno.remove(processed, { recursive: true }).catch(() => {});
  const messages = parseStream(out.stdout);
  const ident = String(messages.find((m) => m.status === "starting")?.runner_ident ?? "");
  const proc = await run(ANSIBLE_RUNNER, ["process", processed, "--ident", ident], {
    stdin: out.stdout,
  });
  if (proc.code !== 0) throw new Error(`ansible-runner process failed: ${proc.stderr}`);
  return {
    code: out.code,
    messages,
    stdout: out.stdout,
    stderr: new TextDecoder().decode(out.stderr),
    artifacts: join(processed, "artifacts", ident),
  };
}

/**
 * The events of a run (messages with a `counter`).
 *
 * @example
 * ```ts
 * const names = events(run).map((e) => e.event);
 * ```
 */
export function events(run: WorkerRun): Record<string, unknown>[] {
  return run.messages.filter((m) => typeof m.counter === "number" && m.event !== "keepalive");
}

/**
 * The status lines of a run, in order.
 *
 * @example
 * ```ts
 * assert.deepEqual(statuses(run), ["starting", "running", "successful"]);
 * ```
 */
export function statuses(run: WorkerRun): string[] {
  return run.messages.filter((m) => typeof m.status === "string").map((m) => String(m.status));
}

/**
 * `event | host | task` for each event, the shape a comparison of sequences needs.
 *
 * @example
 * ```ts
 * assert.deepEqual(eventSequence(ours), eventSequence(reference));
 * ```
 */
export function eventSequence(run: WorkerRun): string[] {
  return events(run).map((e) => {
    const data = (e.event_data ?? {}) as Record<string, unknown>;
    return [e.event, data.host, data.task].filter((part) => part).join(" | ");
  });
}

/**
 * The `playbook_on_stats` counts (without the uuids).
 *
 * @example
 * ```ts
 * assert.deepEqual(stats(ours), stats(reference));
 * ```
 */
export function stats(run: WorkerRun): Record<string, unknown> | undefined {
  const data = events(run).find((e) => e.event === "playbook_on_stats")?.event_data as
    | Record<string, unknown>
    | undefined;
  if (data === undefined) return undefined;
  const { uuid: _uuid, playbook_uuid: _playbook, ...counts } = data;
  return counts;
}

/**
 * The text of every event's stdout, one per line (what `ansible-runner process` prints).
 *
 * @example
 * ```ts
 * assert.match(stdoutText(run), /PLAY RECAP/);
 * ```
 */
export function stdoutText(run: WorkerRun): string {
  return events(run).map((e) => String(e.stdout)).join("\n");
}

/**
 * Every event's keys, in order, with the `event_data` keys (values left out).
 *
 * @example
 * ```ts
 * assert.deepEqual(eventShapes(ours), eventShapes(reference));
 * ```
 */
export function eventShapes(run: WorkerRun): string[] {
  return events(run).map((e) => {
    const data = (e.event_data ?? {}) as Record<string, unknown>;
    return `${Object.keys(e).join(",")} / ${Object.keys(data).join(",")}`;
  });
}

/**
 * The lines and counters of every event: `counter start_line end_line`.
 *
 * @example
 * ```ts
 * assert.deepEqual(eventPlaces(ours), eventPlaces(reference));
 * ```
 */
export function eventPlaces(run: WorkerRun): string[] {
  return events(run).map((e) => `${e.counter} ${e.start_line} ${e.end_line}`);
}
