/**
 * Recorded oracles: the real Python, Ansible and ansible-runner answer a test's
 * question once (`deno task oracle:record`), the answer is kept next to the
 * test's name in `tests/_fixtures/oracle/` (`tests/python/repr_test.ts` →
 * `python/repr_test.json`), and the unit tier reads every fixture back with
 * only Deno installed (it runs many test files in one module). The interop tier replays every recorded question
 * against the live peer (`tests/oracle_replay_interop_test.ts`), so a fixture
 * that no longer matches the real thing fails CI.
 *
 * `TACHYON_ORACLE` chooses where answers come from:
 * - unset or `fixtures`: the recorded answer; a question never recorded is an
 *   error that says to run `deno task oracle:record`;
 * - `record`: the live peer, and the answer is written to the fixture;
 * - `live`: the live peer only (what the replay test and a curious developer use).
 *
 * A question and its answer are plain JSON and deterministic: a live oracle
 * runs in its own temp dir and writes `<DIR>` where that dir appears.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Where an oracle's answers come from (`TACHYON_ORACLE`). */
export type OracleMode = "fixtures" | "record" | "live";

/** The folder of the recorded answers. */
export const FIXTURE_DIR: string = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "_fixtures",
  "oracle",
);

/** A question the fixtures do not hold. */
export class OracleNotRecordedError extends Error {
  /** Names the oracle and the question. */
  constructor(kind: string, key: string, request: Json) {
    const shown = JSON.stringify(request);
    super(
      `no recorded ${kind} answer for ${key} (${shown.slice(0, 200)}${
        shown.length > 200 ? "…" : ""
      }): run \`deno task oracle:record\` with the real peers installed`,
    );
    this.name = "OracleNotRecordedError";
  }
}

/** One recorded question and its answer. */
export interface RecordedAnswer {
  /** The oracle that answered (its {@linkcode defineOracle} kind). */
  kind: string;
  /** The question, as the oracle took it. */
  request: Json;
  /** What the real peer answered. */
  answer: Json;
}

/**
 * The mode of this test run, from `TACHYON_ORACLE`.
 *
 * @example
 * ```ts
 * if (oracleMode() === "record") console.log("asking the real peers");
 * ```
 */
export function oracleMode(): OracleMode {
  const value = Deno.env.get("TACHYON_ORACLE") ?? "fixtures";
  if (value === "fixtures" || value === "record" || value === "live") return value;
  throw new Error(`TACHYON_ORACLE must be fixtures, record or live, not ${JSON.stringify(value)}`);
}

/**
 * The key of a question: a digest of its kind and canonical JSON (object keys
 * sorted).
 *
 * @example
 * ```ts
 * requestKey("python", { b: 1, a: 2 }) === requestKey("python", { a: 2, b: 1 }); // true
 * ```
 */
export function requestKey(kind: string, request: Json): string {
  return createHash("sha256").update(`${kind}\n${canonicalJson(request)}`).digest("hex").slice(
    0,
    24,
  );
}

function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const TESTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The fixture file of the running test module: its path under `tests/`, with
 * `.json` for `.ts` (`python/repr_test.json`).
 *
 * @example
 * ```ts
 * const file = fixturePath();
 * ```
 */
export function fixturePath(): string {
  const main = Deno.mainModule.startsWith("file:") ? fileURLToPath(Deno.mainModule) : "";
  const rel = relative(TESTS_DIR, main);
  if (!main || rel.startsWith("..")) {
    throw new Error(`recorded oracles answer tests under tests/, not ${Deno.mainModule}`);
  }
  return join(FIXTURE_DIR, rel.replace(/\.ts$/, ".json"));
}

/**
 * The recorded answers in `file`, keyed by {@linkcode requestKey} (empty when
 * the file does not exist).
 *
 * @example
 * ```ts
 * const answers = readFixture(fixturePath());
 * ```
 */
export function readFixture(file: string): Record<string, RecordedAnswer> {
  try {
    return JSON.parse(Deno.readTextFileSync(file));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return {};
    throw error;
  }
}

/** Writes a fixture: sorted keys, one entry a line, so diffs stay small. */
function writeFixture(file: string, entries: Record<string, RecordedAnswer>): void {
  Deno.mkdirSync(dirname(file), { recursive: true });
  const lines = Object.keys(entries).sort().map((key) =>
    `${JSON.stringify(key)}: ${JSON.stringify(entries[key])}`
  );
  Deno.writeTextFileSync(file, `{\n${lines.join(",\n")}\n}\n`);
}

/** Live oracles by kind, for the replay test. */
const LIVE = new Map<string, (request: Json) => Promise<Json>>();

/**
 * The live oracle registered under `kind` (by {@linkcode defineOracle}).
 *
 * @example
 * ```ts
 * const live = liveOracle("python");
 * ```
 */
export function liveOracle(kind: string): ((request: Json) => Promise<Json>) | undefined {
  return LIVE.get(kind);
}

/** This isolate's fixture once started afresh, when recording. */
let fixture: { file: string; entries: Record<string, RecordedAnswer> } | undefined;

function recordingFixture(): { file: string; entries: Record<string, RecordedAnswer> } {
  // Recording starts the test's fixture afresh: questions it no longer asks go away.
  fixture ??= { file: fixturePath(), entries: {} };
  return fixture;
}

/** Every recorded answer, once read (the unit tier runs many test files in one isolate). */
let recorded: Record<string, RecordedAnswer> | undefined;

function recordedAnswers(): Record<string, RecordedAnswer> {
  if (!recorded) {
    recorded = {};
    const walk = (dir: string) => {
      for (const entry of Deno.readDirSync(dir)) {
        const path = join(dir, entry.name);
        if (entry.isDirectory) walk(path);
        else if (entry.name.endsWith(".json")) Object.assign(recorded!, readFixture(path));
      }
    };
    walk(FIXTURE_DIR);
  }
  return recorded;
}

/**
 * Makes a recorded oracle: `live` asks the real peer; the returned function
 * answers from the fixture, the live peer, or both (recording), as
 * {@linkcode oracleMode} says. Answers are deep copies: a test may change them.
 * They are stored as JSON, so `-0` comes back as `0` (and NaN or infinities
 * as `null`): an oracle that must tell them apart answers with text.
 *
 * @example
 * ```ts
 * const echo = defineOracle("example-echo", (request: string) => Promise.resolve(request));
 * ```
 */
export function defineOracle<Req extends Json, Ans extends Json>(
  kind: string,
  live: (request: Req) => Promise<Ans>,
): (request: Req) => Promise<Ans> {
  // The replay test hands back what was recorded from this very oracle: a Req.
  LIVE.set(kind, (request) => live(request as Req));
  return async (request: Req): Promise<Ans> => {
    const mode = oracleMode();
    if (mode === "live") return await live(request);
    const key = requestKey(kind, request);
    if (mode === "record") {
      const { file, entries } = recordingFixture();
      const answer = await live(request);
      entries[key] = { kind, request, answer };
      writeFixture(file, entries);
      return structuredClone(answer);
    }
    const answer = recordedAnswers()[key];
    if (!answer) throw new OracleNotRecordedError(kind, key, request);
    return structuredClone(answer.answer) as Ans;
  };
}
