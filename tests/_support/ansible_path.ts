/**
 * Test support for the Ansible path (a job tachyon hands to the EE's own
 * ansible-runner): run one stream through tachyon's worker or the real
 * `ansible-runner worker` under a deadline, take tachyon's planner event off
 * the front of its stream (undoing the counter and line shift it causes), and
 * reduce a job to what the reference must agree with: statuses, the
 * (event, host, task) sequence, the per-host stats, the processed artifacts.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { deadlineOutput } from "./deadline.ts";
import { listTree } from "./files.ts";
import {
  ANSIBLE_RUNNER,
  cleanStderr,
  parseStream,
  processStream,
  ROOT,
  startTachyon,
  type WorkerName,
} from "./worker_process.ts";

export type { WorkerName };

/**
 * The playbook projects of these tests (real YAML, templates, inventory sources).
 *
 * @example
 * ```ts
 * await copyTree(join(ANSIBLE_PROJECTS, "inventory_source"), `${src}/inventory`);
 * ```
 */
export const ANSIBLE_PROJECTS: string = join(ROOT, "tests", "worker", "_ansible_projects");

/**
 * Copies the tree `from` to `to` (directories and regular files, modes kept).
 *
 * @example
 * ```ts
 * await copyTree(join(ANSIBLE_PROJECTS, "web_tier"), `${src}/project`);
 * ```
 */
export async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory) await copyTree(source, target);
    else if (entry.isFile) await Deno.copyFile(source, target);
  }
}

/**
 * Writes a private data dir to transmit: `project/` holding the project
 * `_ansible_projects/<project>`, and `inventory/hosts`; returns its path
 * (`<dir>/src`).
 *
 * @example
 * ```ts
 * const src = await writeProjectSource(tmp, "hello_debug", "localhost ansible_connection=local\n");
 * const stream = await transmit(src, ["-p", "hello_debug.yml"]);
 * ```
 */
export async function writeProjectSource(
  dir: string,
  project: string,
  inventory: string,
): Promise<string> {
  const src = join(dir, "src");
  await copyTree(join(ANSIBLE_PROJECTS, project), join(src, "project"));
  await Deno.mkdir(join(src, "inventory"), { recursive: true });
  await Deno.writeTextFile(join(src, "inventory", "hosts"), inventory);
  return src;
}

/** One protocol message (a status line, an event, a zipfile line, eof). */
export type Message = Record<string, unknown>;

/** A finished worker run. */
export interface WorkerRun {
  /** Which worker ran. */
  name: WorkerName;
  /** Its exit code. */
  code: number;
  /** Its stdout, as sent. */
  stdout: Uint8Array;
  /** Its stderr (Deno's config-permissions notice removed). */
  stderr: string;
  /** Its stdout split into messages. */
  messages: Message[];
  /** Wall time, in seconds. */
  seconds: number;
}

/** Options for {@linkcode startWorker}. */
export interface StartWorkerOptions {
  /** Extra environment for tachyon (the reference inherits the test's). */
  env?: Record<string, string>;
}

/**
 * Starts `worker --private-data-dir=PDD` (tachyon's, with the binary's
 * permission set, or the real ansible-runner's) with `stream` on its stdin,
 * already closed: for tests that signal the worker while it runs.
 *
 * @example
 * ```ts
 * const child = await startWorker("ansible-runner", `${tmp}/w`, stream);
 * child.kill("SIGTERM");
 * ```
 */
export async function startWorker(
  name: WorkerName,
  pdd: string,
  stream: Uint8Array,
  options: StartWorkerOptions = {},
): Promise<Deno.ChildProcess> {
  const args = ["worker", `--private-data-dir=${pdd}`];
  if (name === "tachyon") return await startTachyon(args, stream, { env: options.env });
  const child = new Deno.Command(ANSIBLE_RUNNER, {
    args,
    cwd: "/tmp",
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(stream).catch(() => {});
  await writer.close().catch(() => {});
  return child;
}

/**
 * Waits for a worker started by {@linkcode startWorker}; SIGKILLs it and
 * rejects when it takes longer than `ms`.
 *
 * @example
 * ```ts
 * const run = await finishWorker("tachyon", child, performance.now(), 120_000);
 * ```
 */
export async function finishWorker(
  name: WorkerName,
  child: Deno.ChildProcess,
  started: number,
  ms: number,
): Promise<WorkerRun> {
  const out = await deadlineOutput(child, ms);
  return {
    name,
    code: out.code,
    stdout: out.stdout,
    stderr: cleanStderr(out.stderr),
    messages: parseStream(out.stdout),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Runs one worker on `stream` to the end, within `ms`.
 *
 * @example
 * ```ts
 * const [ours, reference] = await Promise.all([
 *   runWorkerWithin("tachyon", `${tmp}/w-ours`, stream, 120_000),
 *   runWorkerWithin("ansible-runner", `${tmp}/w-ref`, stream, 120_000),
 * ]);
 * ```
 */
export async function runWorkerWithin(
  name: WorkerName,
  pdd: string,
  stream: Uint8Array,
  ms: number,
  options: StartWorkerOptions = {},
): Promise<WorkerRun> {
  const started = performance.now();
  return await finishWorker(name, await startWorker(name, pdd, stream, options), started, ms);
}

/**
 * The job events of a stream, in order (keepalives left out).
 *
 * @example
 * ```ts
 * const names = jobEvents(run.messages).map((e) => e.event);
 * ```
 */
export function jobEvents(messages: readonly Message[]): Message[] {
  return messages.filter((m) => typeof m.event === "string" && m.event !== "keepalive");
}

/**
 * The values of the status lines, in order.
 *
 * @example
 * ```ts
 * assert.deepEqual(statuses(run.messages), ["starting", "running", "successful"]);
 * ```
 */
export function statuses(messages: readonly Message[]): unknown[] {
  return messages.filter((m) => "status" in m).map((m) => m.status);
}

/**
 * Lines an event's stdout takes, as ansible-runner counts them (`end_line - start_line`).
 *
 * @example
 * ```ts
 * stdoutLines("\r\nPLAY [web] ***"); // 2
 * ```
 */
export function stdoutLines(stdout: string): number {
  return stdout === "" ? 0 : stdout.split("\n").length;
}

/** tachyon's stream on the Ansible path, split. */
export interface PlannedStream {
  /** tachyon's `verbose` event stating the decision (counter 1). */
  planner: Message;
  /** Lines of the planner event's stdout: how far the child's lines were shifted. */
  shift: number;
  /** Every message but the planner event, with the child's counters and lines restored. */
  messages: Message[];
}

/**
 * Checks that tachyon put exactly one planner event right after the
 * `running` status line — a `verbose` event, counter 1, lines 0 to the
 * number of lines of its stdout, which matches `pattern` — and that every
 * later event has counter + 1 and its lines shifted by that many; returns
 * the stream without it, counters and lines as the child sent them.
 *
 * @example
 * ```ts
 * const planned = splitPlannerEvent(ours.messages, /ansible.*web_tier\.yml/is);
 * assert.deepEqual(eventKeys(planned.messages), eventKeys(reference.messages));
 * ```
 */
export function splitPlannerEvent(messages: readonly Message[], pattern: RegExp): PlannedStream {
  const running = messages.findIndex((m) => m.status === "running");
  assert.ok(running >= 0, `no running status in ${JSON.stringify(statuses(messages))}`);
  const planner = messages[running + 1];
  assert.equal(planner?.event, "verbose", "the planner's verbose event follows running");
  const stdout = String(planner.stdout);
  assert.match(stdout, pattern, "the planner event states the decision and its reason");
  const shift = stdoutLines(stdout);
  assert.ok(shift > 0, "the planner event has text");
  assert.deepEqual(
    [planner.counter, planner.start_line, planner.end_line],
    [1, 0, shift],
    "the planner event is counter 1, lines 0..its line count",
  );
  const rest = messages.filter((_, i) => i !== running + 1);
  const events = jobEvents(rest);
  assert.equal(
    events.filter((e) => e.event === "verbose" && e.counter === 1).length,
    0,
    "one planner event only",
  );
  const restored = rest.map((m) => {
    if (!jobEvents([m]).length) return m;
    assert.ok(Number(m.start_line) >= shift, `event ${m.counter} starts after the planner event`);
    return {
      ...m,
      counter: Number(m.counter) - 1,
      start_line: Number(m.start_line) - shift,
      end_line: Number(m.end_line) - shift,
    };
  });
  jobEvents(restored).forEach((e, i) => assert.equal(e.counter, i + 1, "child counters 1..N"));
  return { planner, shift, messages: restored };
}

/**
 * `[event, host, task, counter, start_line, end_line]` of every job event: the
 * sequence two runs of one deterministic playbook must share.
 *
 * @example
 * ```ts
 * assert.deepEqual(eventKeys(ours), eventKeys(reference));
 * ```
 */
export function eventKeys(messages: readonly Message[]): unknown[][] {
  return jobEvents(messages).map((e) => {
    const data = (e.event_data ?? {}) as Message;
    return [e.event, data.host ?? null, data.task ?? null, e.counter, e.start_line, e.end_line];
  });
}

/**
 * The per-host counters of `playbook_on_stats` that AWX's host summaries read.
 *
 * @example
 * ```ts
 * for (const key of STATS_KEYS) assert.deepEqual(ours[key], reference[key]);
 * ```
 */
export const STATS_KEYS = [
  "ok",
  "changed",
  "failures",
  "dark",
  "skipped",
  "rescued",
  "ignored",
  "processed",
] as const;

/**
 * The per-host counters of the job's `playbook_on_stats` event ({@linkcode STATS_KEYS}).
 *
 * @example
 * ```ts
 * assert.deepEqual(hostStats(ours).failures, {});
 * ```
 */
export function hostStats(messages: readonly Message[]): Record<string, unknown> {
  const stats = jobEvents(messages).filter((e) => e.event === "playbook_on_stats");
  assert.equal(stats.length, 1, "one playbook_on_stats event");
  const data = stats[0].event_data as Message;
  return Object.fromEntries(STATS_KEYS.map((key) => [key, data[key]]));
}

/** What real `ansible-runner process` made of a worker's stdout. */
export interface ProcessedJob {
  /** `process`'s exit code. */
  code: number;
  /** `artifacts/<ident>/status`. */
  status: string;
  /** `artifacts/<ident>/rc`. */
  rc: string;
  /** The artifact dir (`<dir>/artifacts/<ident>`). */
  artifacts: string;
  /** How many `job_events/*.json` files `process` wrote. */
  eventFiles: number;
  /** The other paths under the artifact dir (`job_events/` itself included), sorted. */
  files: string[];
}

/**
 * Feeds a worker's stdout to the real `ansible-runner process DIR --ident
 * IDENT` and reads the job's status and rc back from the artifacts it
 * extracted.
 *
 * @example
 * ```ts
 * const processed = await processJob(ours.stdout, `${tmp}/p-ours`, "web");
 * assert.equal(processed.status, "successful");
 * ```
 */
export async function processJob(
  stdout: Uint8Array,
  dir: string,
  ident: string,
): Promise<ProcessedJob> {
  const out = await processStream(stdout, dir, ident);
  assert.equal(out.code, 0, `ansible-runner process failed: ${out.stderr}`);
  const artifacts = join(dir, "artifacts", ident);
  const read = (name: string) => Deno.readTextFile(join(artifacts, name)).catch(() => "(none)");
  const eventFiles = await Array.fromAsync(Deno.readDir(join(artifacts, "job_events")))
    .then((entries) => entries.length, () => 0);
  const files = (await listTree(artifacts)).filter((path) => !path.startsWith("job_events/"));
  return {
    code: out.code,
    status: await read("status"),
    rc: await read("rc"),
    artifacts,
    eventFiles,
    files,
  };
}

/**
 * `command` of the `starting` status line, with the worker's private data
 * dir written as `<pdd>`: the same for tachyon's child and the reference when
 * both ran the same job.
 *
 * @example
 * ```ts
 * assert.deepEqual(startingCommand(ours.messages, oursPdd), startingCommand(ref.messages, refPdd));
 * ```
 */
export function startingCommand(messages: readonly Message[], pdd: string): unknown {
  const starting = messages.find((m) => m.status === "starting");
  return JSON.parse(JSON.stringify(starting?.command ?? null).replaceAll(pdd, "<pdd>"));
}
