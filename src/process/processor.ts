/**
 * The reference's `Processor` (`streaming.py`, 2.4): consumes a worker's
 * stream line by line. A `status` line goes to the status handler; a
 * `zipfile` line brings the artifacts, extracted into the artifact dir
 * (`<pdd>/artifacts/<ident>`, or `<pdd>/artifacts` without an ident);
 * `eof` ends the stream; keepalives are skipped; every other line is an
 * event: dropped without a truthy `counter` and `uuid`, else its `stdout`
 * printed (unless quiet) and, unless the event handler returns false,
 * written to `job_events/<counter>-<uuid>.json` as Python's `json.dumps`
 * writes it. A line that is not JSON, or the end of input before `eof`,
 * gives the reference's `error` status and ends the stream. The processor
 * never has an `rc` (the reference's `Processor.rc` stays `None`).
 *
 * Beyond the reference: a line that is JSON but not an object, or not
 * UTF-8, is the same parse error (the reference crashes); event files whose
 * name would leave `job_events/` are refused; the artifacts zip goes
 * through tachyon's safe extraction.
 *
 * @module
 */
import { join } from "node:path";
import { ByteReader, type ByteSource, LineTooLongError } from "../io/byte_reader.ts";
import { pyStr } from "../python/str.ts";
import { pyTruthy } from "../python/truthy.ts";
import type { ExpansionBudget } from "../zip/mod.ts";
import { payloadBudget, receiveArtifacts } from "./artifacts_payload.ts";
import { pyBytesRepr } from "./bytes_repr.ts";
import { eventFileName, writeEventFile } from "./event_file.ts";
import { PythonJsonDecodeError, pythonJsonLoads } from "./python_json.ts";

/** The start of the reference's explanation for an unreadable worker line. */
export const WORKER_PARSE_ERROR = "Failed to JSON parse a line from worker stream.";

/**
 * What {@linkcode runProcessor} reads, where it writes and whom it tells.
 *
 * @example
 * ```ts
 * import type { ProcessorOptions } from "./processor.ts";
 *
 * const options: ProcessorOptions = {
 *   source: Deno.stdin,
 *   privateDataDir: "/tmp/job",
 *   ident: "42",
 *   quiet: false,
 *   print: (text) => console.log(text),
 * };
 * ```
 */
export interface ProcessorOptions {
  /** The worker's stream. */
  readonly source: ByteSource;
  /** The private data dir (absolute); the artifacts go below it. */
  readonly privateDataDir: string;
  /** The artifacts' subdirectory (`-i`); none (or empty) = `<pdd>/artifacts` itself. */
  readonly ident?: string;
  /** An absolute artifact dir that replaces `<pdd>/artifacts[/<ident>]` (API use). */
  readonly artifactDir?: string;
  /** Do not print events' stdout. */
  readonly quiet: boolean;
  /** Prints one event's stdout (the caller adds the newline, as `print()` does). */
  readonly print: (text: string) => void;
  /** Called with every status line, and with the synthesized `error` status. */
  readonly onStatus?: (status: Record<string, unknown>) => void;
  /** Called with every event; returning `false` skips its job_events file. */
  readonly onEvent?: (event: Record<string, unknown>) => boolean | void;
  /** Called after the artifacts zip was extracted, with the artifact dir. */
  readonly onArtifacts?: (artifactDir: string) => void;
  /** Called when an event file cannot be written (the event is kept in the count). */
  readonly onWarning?: (message: string) => void;
}

/**
 * How the stream ended.
 *
 * @example
 * ```ts
 * import type { ProcessorResult } from "./processor.ts";
 *
 * const result: ProcessorResult = {
 *   status: "successful", artifactDir: "/tmp/job/artifacts/42", eventsWritten: 9, eof: true,
 * };
 * ```
 */
export interface ProcessorResult {
  /** The last status (`unstarted` when the stream had none). */
  readonly status: string;
  /** The `job_explanation` of the synthesized `error` status, if there was one. */
  readonly explanation?: string;
  /** Where the artifacts went. */
  readonly artifactDir: string;
  /** How many job_events files were written. */
  readonly eventsWritten: number;
  /** Whether the stream ended with `eof` (not with a parse error). */
  readonly eof: boolean;
}

/**
 * The artifact dir of a processor: the `artifactDir` option, else
 * `<pdd>/artifacts/<ident>`, else `<pdd>/artifacts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { processorArtifactDir } from "./processor.ts";
 *
 * assert.equal(processorArtifactDir({ privateDataDir: "/p", ident: "42" }), "/p/artifacts/42");
 * assert.equal(processorArtifactDir({ privateDataDir: "/p", ident: "" }), "/p/artifacts");
 * ```
 */
export function processorArtifactDir(
  options: Pick<ProcessorOptions, "privateDataDir" | "ident" | "artifactDir">,
): string {
  if (options.artifactDir) return options.artifactDir;
  const root = join(options.privateDataDir, "artifacts");
  return options.ident ? join(root, options.ident) : root;
}

/** Counts what the source delivered, to tell a last line without a newline. */
class CountingSource implements ByteSource {
  total = 0;
  ended = false;
  constructor(readonly source: ByteSource) {}
  async read(p: Uint8Array): Promise<number | null> {
    const n = await this.source.read(p);
    if (n === null) this.ended = true;
    else this.total += n;
    return n;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** One line's outcome: the object, or the explanation of why it is not one. */
type LineResult =
  | { readonly message: Record<string, unknown>; readonly dumps: string }
  | { readonly explanation: string };

function parseLine(line: Uint8Array | null, newline: boolean): LineResult {
  const raw = line === null ? new Uint8Array() : newline ? withNewline(line) : line;
  const explain = (error: string) => ({
    explanation: `${WORKER_PARSE_ERROR} Error: ${error} Line with invalid JSON data: ` +
      pyBytesRepr(raw.subarray(0, 1000)),
  });
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return explain("the line is not valid UTF-8");
  }
  try {
    const { value, dumps } = pythonJsonLoads(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return explain("the line is not a JSON object");
    }
    return { message: value as Record<string, unknown>, dumps };
  } catch (error) {
    if (error instanceof PythonJsonDecodeError) return explain(error.message);
    throw error;
  }
}

function withNewline(line: Uint8Array): Uint8Array {
  const out = new Uint8Array(line.length + 1);
  out.set(line);
  out[line.length] = 0x0a;
  return out;
}

/**
 * Consumes the worker stream of `options.source` as the reference's
 * `Processor.run` does, and reports how it ended.
 *
 * @throws {ArtifactsPayloadError} when the artifacts zip cannot be read or
 * extracted (the reference's exception, which makes `process` exit 1)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runProcessor } from "./processor.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${pdd}/in`, [
 *   '{"status": "running", "runner_ident": "1"}',
 *   '{"uuid": "u1", "counter": 1, "stdout": "hello", "event": "verbose"}',
 *   '{"event": "keepalive", "counter": 0, "uuid": 0}',
 *   '{"status": "successful", "runner_ident": "1"}',
 *   '{"eof": true}',
 * ].join("\n") + "\n");
 * using source = await Deno.open(`${pdd}/in`);
 * const printed: string[] = [];
 * const result = await runProcessor({
 *   source, privateDataDir: pdd, ident: "1", quiet: false, print: (t) => printed.push(t),
 * });
 * assert.equal(result.status, "successful");
 * assert.deepEqual(printed, ["hello"]);
 * assert.equal(
 *   await Deno.readTextFile(`${pdd}/artifacts/1/job_events/1-u1.json`),
 *   '{"uuid": "u1", "counter": 1, "stdout": "hello", "event": "verbose"}',
 * );
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export async function runProcessor(options: ProcessorOptions): Promise<ProcessorResult> {
  const artifactDir = processorArtifactDir(options);
  await makeJobEventsDir(artifactDir);
  const source = new CountingSource(options.source);
  const reader = new ByteReader(source);
  let consumed = 0;
  let status = "unstarted";
  let eventsWritten = 0;
  let budget: ExpansionBudget | undefined;
  const end = (extra: { explanation?: string; eof: boolean }): ProcessorResult => ({
    status,
    artifactDir,
    eventsWritten,
    ...extra,
  });
  while (true) {
    let line: Uint8Array | null;
    try {
      line = await reader.readLine();
    } catch (error) {
      if (!(error instanceof LineTooLongError)) throw error;
      const explanation = `${WORKER_PARSE_ERROR} Error: ${error.message}`;
      status = "error";
      options.onStatus?.({ status, job_explanation: explanation });
      return end({ explanation, eof: false });
    }
    const newline = line !== null && !(source.ended && consumed + line.length === source.total);
    if (line !== null) consumed += line.length + (newline ? 1 : 0);
    const parsed = parseLine(line, newline);
    if ("explanation" in parsed) {
      status = "error";
      options.onStatus?.({ status, job_explanation: parsed.explanation });
      return end({ explanation: parsed.explanation, eof: false });
    }
    const { message, dumps } = parsed;
    if ("status" in message) {
      status = pyStr(message.status);
      options.onStatus?.(message);
    } else if ("zipfile" in message) {
      budget ??= payloadBudget();
      const got = await receiveArtifacts(
        reader,
        message.zipfile,
        options.privateDataDir,
        artifactDir,
        budget,
      );
      consumed += got.base64Chars;
      options.onArtifacts?.(artifactDir);
    } else if ("eof" in message) {
      return end({ eof: true });
    } else if (message.event === "keepalive") {
      continue;
    } else if (pyTruthy(message.counter) && pyTruthy(message.uuid)) {
      if (!options.quiet && "stdout" in message) options.print(pyStr(message.stdout));
      if (options.onEvent?.(message) === false) continue;
      try {
        writeEventFile(artifactDir, eventFileName(message.counter, message.uuid), dumps);
        eventsWritten++;
      } catch (error) {
        if (error instanceof Deno.errors.NotCapable) throw error;
        options.onWarning?.(`job event not written: ${(error as Error).message}`);
      }
    }
  }
}

/** `os.makedirs(<artifact dir>/job_events, 0o700)` when it is missing. */
async function makeJobEventsDir(artifactDir: string): Promise<void> {
  await Deno.mkdir(artifactDir, { recursive: true });
  try {
    await Deno.mkdir(join(artifactDir, "job_events"), { mode: 0o700 });
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  }
}
