/**
 * Ansible 2.14's module results, recorded (kind `ansible-module-local`): a
 * question is a file tree and the steps run on it one after the other, each
 * `ansible localhost -c local -m MODULE -a ARGS` with the JSON callback; the
 * answer is each step's result and the files it asked to read afterwards.
 *
 * Facts of the file system that differ from one tree to the next (inode,
 * device, times, sizes of directories and blocks, owners) are compared with
 * the truth rather than recorded: {@linkcode withFileFacts} replaces each
 * such value that equals what coreutils' `stat` says of the file by a token
 * (`"<stat:inode>"`), on the live side for Ansible's result and in the test
 * for tachyon's, so both must agree with the file itself. Values no test
 * compares and no file tells (atime, the inode's generation and attribute
 * flags, the times `file` state=touch set, a backup file's pid and time) are
 * replaced by placeholders.
 *
 * @module
 */
import { defineOracle, type Json } from "./recorded.ts";
import {
  inOracleDir,
  normalizeJson,
  normalizeText,
  type OraclePlace,
  runAnsibleCli,
  type Tree,
} from "./ansible_cli.ts";

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/**
 * One module run: its arguments (`<DIR>` stands for the tree's root), check
 * and diff mode, more environment, the working directory (relative to the
 * root) and the files (relative) to read once it ran.
 *
 * @example
 * ```ts
 * const step: ModuleStep = { module: "copy", args: { content: "x", dest: "<DIR>/f" }, read: ["f"] };
 * ```
 */
export type ModuleStep = {
  /** The module's name. */
  module: string;
  /** `-a`: a `k=v` string or an object (sent as JSON). */
  args: string | JsonObject;
  /** `--check`. */
  check?: boolean;
  /** `--diff`. */
  diff?: boolean;
  /** More environment (fact cache settings, …); `<DIR>` is the root. */
  env?: Record<string, string>;
  /** The working directory, relative to the root. */
  cwd?: string;
  /** Files to read after the step, relative to the root. */
  read?: string[];
};

/**
 * A module question: the tree, then the steps.
 *
 * @example
 * ```ts
 * const q: ModuleQuestion = { files: { "f.txt": "a\n" }, steps: [{ module: "slurp", args: { src: "<DIR>/f.txt" } }] };
 * ```
 */
export type ModuleQuestion = {
  /** The files before the first step. */
  files: Tree;
  /** The module runs, in order. */
  steps: ModuleStep[];
};

/**
 * What one step gave: the host's result (without `invocation`,
 * `_ansible_no_log`, `action` and the interpreter-discovery fact) and the
 * files read after it (null when missing).
 *
 * @example
 * ```ts
 * const a: ModuleStepAnswer = { result: { changed: false }, read: { "f.txt": "a\n" } };
 * ```
 */
export type ModuleStepAnswer = {
  /** The module's result. */
  result: JsonObject;
  /** Path → text, for the step's `read`. */
  read?: { [path: string]: string | null };
};

/** Ansible printed no JSON result. */
export class AnsibleModuleOutputError extends Error {
  override name = "AnsibleModuleOutputError";
}

/** What coreutils' `stat` says of a file, under the result's key names. */
type StatTruth = { [key: string]: number | string };

const STAT_FORMAT = "%s %b %o %h %i %d %u %g %.9X %.9Y %.9Z %U %G";

/** Python's float of a `stat` time: `sec + nsec * 1e-9`, as `os.stat` computes it. */
function statTime(text: string): number {
  const [sec, nsec] = text.split(".");
  return Number(sec) + Number(nsec) * 1e-9;
}

async function statTruth(path: string, follow: boolean): Promise<StatTruth | null> {
  const args = follow ? ["-L", "-c", STAT_FORMAT, path] : ["-c", STAT_FORMAT, path];
  const out = await new Deno.Command("/usr/bin/stat", { args, stdout: "piped", stderr: "null" })
    .output();
  if (!out.success) return null;
  const f = new TextDecoder().decode(out.stdout).trim().split(" ");
  const [size, blocks, blockSize, nlink, inode, dev, uid, gid] = f.slice(0, 8).map(Number);
  return {
    size,
    blocks,
    block_size: blockSize,
    nlink,
    inode,
    dev,
    uid,
    gid,
    atime: statTime(f[8]),
    mtime: statTime(f[9]),
    ctime: statTime(f[10]),
    pw_name: f[11],
    gr_name: f[12],
    owner: f[11],
    group: f[12],
  };
}

/** Keys of a `stat` result that are facts of the file system. */
const STAT_FACTS = [
  "size",
  "blocks",
  "block_size",
  "nlink",
  "inode",
  "dev",
  "uid",
  "gid",
  "pw_name",
  "gr_name",
  "atime",
  "mtime",
  "ctime",
];

/** Keys of a file module's result (`file`, `copy`, `wait_for` …) that are facts of the file system. */
const RESULT_FACTS = ["size", "uid", "gid", "owner", "group"];

function tokenize(target: JsonObject, keys: string[], truths: (StatTruth | null)[]): JsonObject {
  const out = { ...target };
  for (const key of keys) {
    if (!(key in out)) continue;
    const values = truths.map((t) => t?.[key]);
    // A fact is the truth only when every view of the file (stat, lstat) agrees on it.
    if (values[0] !== undefined && values.every((v) => v === values[0]) && out[key] === values[0]) {
      out[key] = `<stat:${key}>`;
    }
  }
  return out;
}

/**
 * `result` with its file-system facts that equal the truth replaced by
 * tokens: a `stat` result's `stat.*` (of `lstat`, or `stat` with `follow`),
 * and a result's `size`, `uid`, `gid`, `owner` and `group` of its `path` or
 * `dest` where `stat` and `lstat` agree. The tree must still be as the module
 * left it.
 *
 * @example
 * ```ts
 * const r = await withFileFacts({ path: "/tmp", size: 4096, uid: 0 });
 * // { path: "/tmp", size: "<stat:size>", uid: "<stat:uid>" }
 * ```
 */
export async function withFileFacts(
  result: { [key: string]: unknown },
  options: { follow?: boolean } = {},
): Promise<JsonObject> {
  let out = structuredClone(result) as JsonObject;
  const stat = out.stat;
  if (stat !== null && typeof stat === "object" && !Array.isArray(stat)) {
    if (typeof stat.path === "string") {
      const truth = await statTruth(stat.path, options.follow ?? false);
      out = { ...out, stat: tokenize(stat, STAT_FACTS, [truth]) };
    }
  }
  const path = typeof out.path === "string"
    ? out.path
    : typeof out.dest === "string"
    ? out.dest
    : undefined;
  if (path !== undefined) {
    out = tokenize(out, RESULT_FACTS, [await statTruth(path, false), await statTruth(path, true)]);
  }
  return out;
}

/** A diff with `<time>` for the times in its `before` and `after`. */
function untimedDiff(diff: Json): Json {
  if (diff === null || typeof diff !== "object" || Array.isArray(diff)) return diff;
  const out = { ...diff };
  for (const side of ["before", "after"]) {
    const view = out[side];
    if (view === null || typeof view !== "object" || Array.isArray(view)) continue;
    out[side] = Object.fromEntries(
      Object.entries(view).map(([k, v]) => [k, k === "atime" || k === "mtime" ? "<time>" : v]),
    );
  }
  return out;
}

/** Placeholders for values no test compares and no file tells. */
function placeholders(result: JsonObject): JsonObject {
  const out = { ...result };
  const stat = out.stat;
  if (stat !== null && typeof stat === "object" && !Array.isArray(stat)) {
    const kept = { ...stat };
    for (const key of ["atime", "version", "attr_flags", "attributes"]) {
      if (key in kept) kept[key] = `<${key}>`;
    }
    out.stat = kept;
  }
  // `file` state=touch shows the times it set in its diff.
  if (Array.isArray(out.diff)) out.diff = out.diff.map(untimedDiff);
  else if (out.diff !== undefined) out.diff = untimedDiff(out.diff);
  if (typeof out.backup_file === "string") {
    out.backup_file = out.backup_file.replace(
      /\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/,
      ".<PID>.<TIME>~",
    );
  }
  return out;
}

function fill(value: Json, place: OraclePlace): Json {
  return JSON.parse(JSON.stringify(value).replaceAll("<DIR>", place.dir));
}

async function runStep(step: ModuleStep, place: OraclePlace): Promise<ModuleStepAnswer> {
  const args = fill(step.args, place) as string | JsonObject;
  const argv = ["localhost", "-i", "localhost,", "-c", "local", "-m", step.module];
  argv.push("-a", typeof args === "string" ? args : JSON.stringify(args));
  if (step.check) argv.push("--check");
  if (step.diff) argv.push("--diff");
  const r = await runAnsibleCli("ansible", argv, place, {
    ANSIBLE_LOAD_CALLBACK_PLUGINS: "1",
    ANSIBLE_STDOUT_CALLBACK: "json",
    ...step.env,
  }, step.cwd);
  let parsed: { plays: { tasks: { hosts: { localhost: JsonObject } }[] }[] };
  try {
    parsed = JSON.parse(r.stdout);
  } catch {
    throw new AnsibleModuleOutputError(
      `ansible gave no JSON (${r.code}): ${r.stdout}\n${r.stderr}`,
    );
  }
  const result = { ...parsed.plays[0].tasks[0].hosts.localhost };
  delete result.invocation;
  delete result._ansible_no_log;
  delete result.action;
  const facts = result.ansible_facts as JsonObject | undefined;
  if (facts) {
    delete facts.discovered_interpreter_python;
    if (Object.keys(facts).length === 0) delete result.ansible_facts;
  }
  const follow = typeof args === "object" && args.follow === true;
  const answer: ModuleStepAnswer = {
    result: normalizeJson(
      placeholders(await withFileFacts(result, { follow })),
      place,
    ) as JsonObject,
  };
  if (step.read) {
    const read: { [path: string]: string | null } = {};
    for (const rel of step.read) {
      const text = await Deno.readTextFile(`${place.dir}/${rel}`).catch(() => null);
      read[rel] = text === null ? null : normalizeText(text, place);
    }
    answer.read = read;
  }
  return answer;
}

/**
 * Asks the real Ansible, without recording: for what only this machine can
 * answer now (facts, ports, timing), in the interop tier.
 *
 * @example
 * ```ts
 * const [step] = await liveAnsibleModule({ files: {}, steps: [{ module: "ping", args: "" }] });
 * ```
 */
export async function liveAnsibleModule(q: ModuleQuestion): Promise<ModuleStepAnswer[]> {
  return await inOracleDir(q.files, async (place) => {
    const answers: ModuleStepAnswer[] = [];
    for (const step of q.steps) answers.push(await runStep(step, place));
    return answers;
  });
}

/**
 * The steps' results from the real Ansible (recorded).
 *
 * @example
 * ```ts
 * const [slurped] = await ansibleModule({
 *   files: { "f.txt": "a\n" },
 *   steps: [{ module: "slurp", args: { src: "<DIR>/f.txt" } }],
 * });
 * ```
 */
export const ansibleModule: (q: ModuleQuestion) => Promise<ModuleStepAnswer[]> = defineOracle(
  "ansible-module-local",
  liveAnsibleModule,
);
