/**
 * The `ansible-runner-run-events` oracle: the real `ansible-runner run`
 * (2.3.1, ansible-core 2.14) runs a private data dir the question describes
 * file by file, and answers with its events, normalized so that the answer is
 * the same on every run: the temp dir is `<DIR>`, task uuids are named
 * `uuid-1`, `uuid-2`, … in order of appearance, command timings and the
 * hostname become `<START>`, `<END>`, `<DELTA>`, `<HOSTNAME>` (in `event_data`
 * and in the `stdout` text alike), gathered facts other than those two are
 * dropped, and only the events and fields the display tests read are kept,
 * in the run's order except that the results of one task are ordered by host
 * name (`inHostOrder` says why), and numbered 1, 2, …. The display tests
 * render the same events with src/events/display and compare with `stdout`.
 *
 * @module
 */
import { join } from "node:path";
import { defineOracle, type Json } from "./recorded.ts";

/** The reference. */
const RUNNER = "/usr/bin/ansible-runner";

/** Stands for the private data dir in questions (file texts, args) and answers. */
export const DIR_TOKEN = "<DIR>";

/** A private data dir, its `ansible-runner run` arguments, and the events to keep. */
export interface RunnerRunQuestion {
  [key: string]: Json;
  /** Files of the private data dir by relative path; `<DIR>` in a text is the dir. */
  files: Record<string, string>;
  /** Relative paths of the files to make executable (0755). */
  executables: string[];
  /** Arguments after `ansible-runner run <DIR> --ident job`. */
  args: string[];
  /**
   * Environment on top of `PATH=/usr/bin:/bin`, `HOME`, `LANG=C.UTF-8` and
   * `TERM=xterm` (which gives Ansible's colors); nothing else is inherited.
   */
  env: Record<string, string>;
  /** Names of the events to answer with (`playbook_on_task_start`, `verbose`, …). */
  events: string[];
}

/** One event of the answer. */
export interface RunnerEventAnswer {
  [key: string]: Json;
  /** The event's place among the answered events (1, 2, …), in the run's order. */
  counter: number;
  /** The event name. */
  event: string;
  /** The display text, normalized like `event_data`. */
  stdout: string;
  /** The fields of `event_data` the display tests read (`{}` for none). */
  event_data: { [key: string]: Json };
}

/** ansible-runner failed to write any event. */
export class RunnerRunError extends Error {
  /** Carries the arguments and the runner's output. */
  constructor(args: string[], output: string) {
    super(`ansible-runner run ${args.join(" ")} wrote no events: ${output}`);
    this.name = "RunnerRunError";
  }
}

/** A value was normalized in `event_data` but still shows in `stdout`. */
export class RunnerNormalizationError extends Error {
  /** Names the event and what leaked. */
  constructor(counter: number, what: string) {
    super(`event ${counter}: ${what} was dropped from event_data but is in stdout`);
    this.name = "RunnerNormalizationError";
  }
}

/** The `event_data` fields the display tests read. */
const KEPT_FIELDS = [
  "playbook",
  "play",
  "name",
  "task",
  "task_action",
  "task_path",
  "task_uuid",
  "host",
  "res",
  "ignore_errors",
  "included_file",
  // playbook_on_stats
  "processed",
  "ok",
  "changed",
  "dark",
  "failures",
  "skipped",
  "rescued",
  "ignored",
];

/** Result keys whose values change on every run: timings. */
const TIMING_KEYS: Record<string, string> = {
  start: "<START>",
  end: "<END>",
  delta: "<DELTA>",
};

/** Facts kept in a result's `ansible_facts`; the hostname becomes `<HOSTNAME>`. */
const KEPT_FACTS = new Set(["ansible_hostname", "discovered_interpreter_python"]);

/** Replaces every occurrence of `from` in the strings of `value` (keys too). */
function replaceDeep(value: Json, from: string, to: string): Json {
  if (typeof value === "string") return value.replaceAll(from, to);
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, from, to));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replaceAll(from, to), replaceDeep(v, from, to)]),
    );
  }
  return value;
}

/**
 * Normalizes a result in place: timings and the hostname become placeholders
 * (the replacements are collected for `stdout`); facts the tests do not read
 * are dropped (their names are collected, so stdout can be checked).
 */
function normalizeResult(
  value: Json,
  replacements: Map<string, string>,
  droppedFacts: string[],
): Json {
  if (Array.isArray(value)) return value.map((v) => normalizeResult(v, replacements, droppedFacts));
  if (value === null || typeof value !== "object") return value;
  const out: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) {
    if (key in TIMING_KEYS && typeof item === "string") {
      replacements.set(item, TIMING_KEYS[key]);
      out[key] = TIMING_KEYS[key];
    } else if (key === "ansible_facts" && item !== null && typeof item === "object") {
      const facts: { [key: string]: Json } = {};
      for (const [fact, factValue] of Object.entries(item)) {
        if (!KEPT_FACTS.has(fact)) droppedFacts.push(fact);
        else if (fact === "ansible_hostname" && typeof factValue === "string") {
          replacements.set(factValue, "<HOSTNAME>");
          facts[fact] = "<HOSTNAME>";
        } else facts[fact] = factValue;
      }
      out[key] = facts;
    } else {
      out[key] = normalizeResult(item, replacements, droppedFacts);
    }
  }
  return out;
}

/** Numbers uuids in order of appearance: the same run gives the same names. */
function uuidNamer(): (uuid: Json) => Json {
  const names = new Map<string, string>();
  return (uuid) => {
    if (typeof uuid !== "string") return uuid;
    if (!names.has(uuid)) names.set(uuid, `uuid-${names.size + 1}`);
    return names.get(uuid)!;
  };
}

/** One raw event as ansible-runner writes it to `job_events/`. */
interface RawEvent {
  counter: number;
  event: string;
  stdout: string;
  event_data?: { [key: string]: Json };
}

function normalizeEvent(
  raw: RawEvent,
  dir: string,
  nameUuid: (u: Json) => Json,
): RunnerEventAnswer {
  let stdout = raw.stdout.replaceAll(dir, DIR_TOKEN);
  if (!raw.event_data) return { counter: raw.counter, event: raw.event, stdout, event_data: {} };
  const data = replaceDeep(raw.event_data, dir, DIR_TOKEN) as { [key: string]: Json };
  const kept: { [key: string]: Json } = {};
  const replacements = new Map<string, string>();
  const droppedFacts: string[] = [];
  for (const field of KEPT_FIELDS) {
    if (!(field in data)) continue;
    if (field === "task_uuid") kept[field] = nameUuid(data[field]);
    else if (field === "res") {
      kept[field] = normalizeResult(data[field], replacements, droppedFacts);
    } else kept[field] = data[field];
  }
  // Results show in stdout as Python's json.dumps: the same quoted ASCII strings.
  for (const [from, to] of replacements) {
    stdout = stdout.replaceAll(JSON.stringify(from), JSON.stringify(to));
  }
  for (const fact of droppedFacts) {
    if (stdout.includes(JSON.stringify(fact))) {
      throw new RunnerNormalizationError(raw.counter, `the fact ${fact}`);
    }
  }
  return { counter: raw.counter, event: raw.event, stdout, event_data: kept };
}

/**
 * Orders each run of consecutive host events (`runner_*`) by task, then by
 * host name, keeping each host's own order. Ansible fires a loop's item
 * callbacks from its results thread and a task's final result from its main
 * thread, so with two hosts, one host's items and the other's result come in
 * either order from run to run (even with one fork).
 */
function inHostOrder(events: RunnerEventAnswer[]): RunnerEventAnswer[] {
  const out: RunnerEventAnswer[] = [];
  let run: RunnerEventAnswer[] = [];
  const taskOrder = new Map<string, number>();
  const flush = () => {
    const key = (event: RunnerEventAnswer) => {
      const task = String(event.event_data.task_uuid);
      if (!taskOrder.has(task)) taskOrder.set(task, taskOrder.size);
      return { task: taskOrder.get(task)!, host: String(event.event_data.host) };
    };
    const keyed = run.map((event, i) => ({ event, i, ...key(event) }));
    keyed.sort((a, b) =>
      a.task - b.task || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0) || a.i - b.i
    );
    out.push(...keyed.map(({ event }) => event));
    run = [];
  };
  for (const event of events) {
    if (event.event.startsWith("runner_")) run.push(event);
    else {
      flush();
      out.push(event);
    }
  }
  flush();
  return out;
}

async function runRunner(question: RunnerRunQuestion): Promise<RunnerEventAnswer[]> {
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "tachyon_runner_oracle_" });
  try {
    for (const [path, text] of Object.entries(question.files)) {
      const file = join(dir, path);
      await Deno.mkdir(join(file, ".."), { recursive: true });
      await Deno.writeTextFile(file, text.replaceAll(DIR_TOKEN, dir));
    }
    for (const path of question.executables) await Deno.chmod(join(dir, path), 0o755);
    const args = ["run", dir, "--ident", "job", ...question.args];
    const out = await new Deno.Command(RUNNER, {
      args: args.map((a) => a.replaceAll(DIR_TOKEN, dir)),
      cwd: dir,
      clearEnv: true,
      env: {
        PATH: "/usr/bin:/bin",
        HOME: Deno.env.get("HOME") ?? "/root",
        LANG: "C.UTF-8",
        TERM: "xterm",
        ...question.env,
      },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const eventsDir = join(dir, "artifacts", "job", "job_events");
    const raw: RawEvent[] = [];
    try {
      for await (const entry of Deno.readDir(eventsDir)) {
        if (entry.name.endsWith(".json")) {
          raw.push(JSON.parse(await Deno.readTextFile(join(eventsDir, entry.name))));
        }
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (raw.length === 0) {
      const decoder = new TextDecoder();
      throw new RunnerRunError(
        question.args,
        decoder.decode(out.stdout) + decoder.decode(out.stderr),
      );
    }
    raw.sort((a, b) => a.counter - b.counter);
    const nameUuid = uuidNamer();
    const wanted = new Set(question.events);
    // Uuids are named over every event, so a kept event's name does not depend on `events`.
    const all = raw.map((event) => normalizeEvent(event, dir, nameUuid));
    // Events left out (runner_on_start, blank verbose lines) interleave with the
    // kept ones differently from run to run: number the kept ones afresh.
    return inHostOrder(all.filter((event) => wanted.has(event.event))).map((event, i) => ({
      ...event,
      counter: i + 1,
    }));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Runs the real `ansible-runner run` on the private data dir `files` describe
 * and answers with its normalized events in counter order: recorded, so the
 * unit tier needs neither Python nor Ansible.
 *
 * @example
 * ```ts
 * const events = await runnerRunEvents({
 *   files: { "inventory/hosts": "localhost ansible_connection=local\n" },
 *   executables: [],
 *   args: ["-m", "ping", "--hosts", "localhost"],
 *   events: ["runner_on_ok", "playbook_on_stats"],
 * });
 * ```
 */
export const runnerRunEvents: (question: RunnerRunQuestion) => Promise<RunnerEventAnswer[]> =
  defineOracle("ansible-runner-run-events", runRunner);
