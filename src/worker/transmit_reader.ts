/**
 * Reads the transmit stream (`{"kwargs":…}`, `{"zipfile":N}` + base64,
 * `{"eof":true}`) from stdin and extracts each zip into the private data dir,
 * streaming: memory does not grow with the payload.
 *
 * Hardened beyond the reference: kwargs that are not an object are an
 * error; every payload of a stream shares one expansion budget (4 GiB, and
 * 200× past 128 MiB, overridable by the `TACHYON_UNZIP_*` variables of
 * `src/zip/limits.ts`); an abort signal stops reading and extracting at
 * once, and what the stream had written (the temporary zip, the partial
 * extraction) is removed before the promise rejects with the signal's
 * reason.
 *
 * @module
 */
import { join } from "node:path";
import { ByteReader, type ByteSource, LineTooLongError } from "./byte_reader.ts";
import { describeError } from "./describe_error.ts";
import { readEnv } from "./env.ts";
import { writeAll } from "../io/write_all.ts";
import {
  Base64Decoder,
  base64Length,
  EXPANSION_LIMIT_ENV,
  ExpansionBudget,
  type ExpansionLimits,
  ExpansionLimitSettingError,
  expansionLimitsFrom,
  extractZip,
  formatBytes,
  UnsafeZipEntryError,
  ZipFormatError,
  ZipLimitError,
} from "../zip/mod.ts";

export type { ByteSource };

/**
 * Reference text for an unparseable line or input that ends before `eof`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PARSE_ERROR_EXPLANATION } from "./transmit_reader.ts";
 *
 * assert.equal(PARSE_ERROR_EXPLANATION, "Failed to JSON parse a line from transmit stream.");
 * ```
 */
export const PARSE_ERROR_EXPLANATION = "Failed to JSON parse a line from transmit stream.";
/**
 * Reference text for a zip that cannot be decoded or extracted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EXTRACT_ERROR_EXPLANATION } from "./transmit_reader.ts";
 *
 * assert.equal(EXTRACT_ERROR_EXPLANATION, "Failed to extract private data directory on worker.");
 * ```
 */
export const EXTRACT_ERROR_EXPLANATION = "Failed to extract private data directory on worker.";

/**
 * The transmit stream was malformed; `explanation` is the `job_explanation`
 * to report (the reference's text where it has one), `traceback` its
 * `result_traceback`, if any, and `exitCode` the worker's exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PARSE_ERROR_EXPLANATION, TransmitStreamError } from "./transmit_reader.ts";
 *
 * const error = new TransmitStreamError(PARSE_ERROR_EXPLANATION);
 * assert.equal(error.exitCode, 0);
 * ```
 */
export class TransmitStreamError extends Error {
  /** The error name. */
  override name = "TransmitStreamError";
  /** The `job_explanation` to report. */
  readonly explanation: string;
  /** The `result_traceback` to report (extraction failures only). */
  readonly traceback?: string;
  /** The worker's exit code: 0 as the reference after a malformed stream, 1 for bad kwargs. */
  readonly exitCode: number;

  /** Creates the error. */
  constructor(explanation: string, traceback?: string, exitCode = 0) {
    super(traceback ? `${explanation}\n${traceback}` : explanation);
    this.explanation = explanation;
    this.traceback = traceback;
    this.exitCode = exitCode;
  }
}

/**
 * What the transmit stream carried.
 *
 * @example
 * ```ts
 * import type { TransmitInput } from "./transmit_reader.ts";
 *
 * const input: TransmitInput = { kwargs: { ident: 1 }, zipCount: 1 };
 * ```
 */
export interface TransmitInput {
  /** The last `kwargs` object seen, or undefined when there was none. */
  kwargs?: Record<string, unknown>;
  /** How many zip payloads were extracted. */
  zipCount: number;
}

/**
 * Options of {@linkcode readTransmitStream}.
 *
 * @example
 * ```ts
 * import type { TransmitOptions } from "./transmit_reader.ts";
 *
 * const options: TransmitOptions = { signal: new AbortController().signal };
 * ```
 */
export interface TransmitOptions {
  /** Stops reading and extracting; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Expansion limits of the payloads (default: from the environment, else the defaults). */
  limits?: ExpansionLimits;
}

/**
 * Reads the whole transmit stream from `source`, extracting zips into
 * `privateDataDir`. Throws {@linkcode TransmitStreamError} on malformed input
 * (after removing what the stream had written), and the signal's reason when
 * `options.signal` aborts (after the same cleanup).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTransmitStream } from "./transmit_reader.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${pdd}.in`, '{"kwargs": {"ident": 1}}\n{"eof": true}\n');
 * using stdin = await Deno.open(`${pdd}.in`);
 * const { kwargs } = await readTransmitStream(stdin, pdd);
 * assert.deepEqual(kwargs, { ident: 1 });
 * await Deno.remove(pdd, { recursive: true });
 * await Deno.remove(`${pdd}.in`);
 * ```
 */
export async function readTransmitStream(
  source: ByteSource,
  privateDataDir: string,
  options: TransmitOptions = {},
): Promise<TransmitInput> {
  const { signal } = options;
  const reader = new ByteReader(source, signal);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const input: TransmitInput = { zipCount: 0 };
  let budget: ExpansionBudget | undefined;
  while (true) {
    signal?.throwIfAborted();
    let line: Uint8Array | null;
    try {
      line = await reader.readLine();
    } catch (error) {
      if (!(error instanceof LineTooLongError)) throw error;
      throw new TransmitStreamError(PARSE_ERROR_EXPLANATION, error.message);
    }
    let message: unknown;
    try {
      if (line === null) throw new Error("end of input before eof");
      message = JSON.parse(decoder.decode(line));
    } catch {
      throw new TransmitStreamError(PARSE_ERROR_EXPLANATION);
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      throw new TransmitStreamError(PARSE_ERROR_EXPLANATION);
    }
    const fields = message as Record<string, unknown>;
    if ("kwargs" in fields) {
      input.kwargs = checkedKwargs(fields.kwargs);
    } else if ("zipfile" in fields) {
      budget ??= newBudget(options.limits);
      await receiveZip(reader, fields.zipfile, privateDataDir, budget, signal);
      input.zipCount++;
    } else if ("eof" in fields) {
      return input;
    }
  }
}

/** The kwargs object, or a {@linkcode TransmitStreamError} for anything else. */
function checkedKwargs(kwargs: unknown): Record<string, unknown> {
  if (typeof kwargs === "object" && kwargs !== null && !Array.isArray(kwargs)) {
    return kwargs as Record<string, unknown>;
  }
  const what = kwargs === null ? "null" : Array.isArray(kwargs) ? "an array" : typeof kwargs;
  throw new TransmitStreamError(
    `Invalid kwargs in transmit stream: the job's kwargs must be a JSON object, got ${what} ` +
      `(${JSON.stringify(kwargs).slice(0, 80)}).`,
    undefined,
    1,
  );
}

function newBudget(limits: ExpansionLimits | undefined): ExpansionBudget {
  try {
    return new ExpansionBudget(limits ?? expansionLimitsFrom(readEnv));
  } catch (error) {
    throw extractionFailure(error);
  }
}

async function receiveZip(
  reader: ByteReader,
  size: unknown,
  privateDataDir: string,
  budget: ExpansionBudget,
  signal: AbortSignal | undefined,
) {
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw extractionFailure(
      new ZipFormatError(`Invalid zipfile size in transmit stream: ${JSON.stringify(size)}`),
    );
  }
  const { maxBytes } = budget.limits;
  if (maxBytes > 0 && size > maxBytes) {
    throw extractionFailure(
      new ZipLimitError("size", maxBytes, `The zip payload alone is ${formatBytes(size)}`),
    );
  }
  const zipPath = join(privateDataDir, `.tachyon-transmit-${crypto.randomUUID()}.zip`);
  // On a signal the zip goes at once, whatever the extraction still does.
  const removeZip = () => {
    try {
      Deno.removeSync(zipPath);
    } catch {
      // not created yet, or already gone
    }
  };
  signal?.addEventListener("abort", removeZip, { once: true });
  try {
    await Deno.mkdir(privateDataDir, { recursive: true, mode: 0o700 });
    const file = await Deno.open(zipPath, { write: true, createNew: true, mode: 0o600 });
    const decoder = new Base64Decoder();
    let got: number;
    try {
      got = await reader.readExact(base64Length(size), async (chunk) => {
        await writeAll(file, decoder.push(chunk));
      });
      await writeAll(file, decoder.finish());
    } finally {
      file.close();
    }
    if (got < base64Length(size)) {
      throw new ZipFormatError(
        `Transmit stream ended after ${got} of ${base64Length(size)} base64 chars`,
      );
    }
    await extractZip(zipPath, privateDataDir, { budget, signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw extractionFailure(error);
  } finally {
    signal?.removeEventListener("abort", removeZip);
    await Deno.remove(zipPath).catch(() => {});
  }
}

/** The error to report for a payload that could not be extracted. */
function extractionFailure(error: unknown): TransmitStreamError {
  if (error instanceof TransmitStreamError) return error;
  const prefix = EXTRACT_ERROR_EXPLANATION.slice(0, -1);
  if (error instanceof ZipLimitError) {
    return new TransmitStreamError(`${prefix}: ${limitExplanation(error)}`, describeError(error));
  }
  if (error instanceof UnsafeZipEntryError || error instanceof ExpansionLimitSettingError) {
    return new TransmitStreamError(`${prefix}: ${error.message}.`, describeError(error));
  }
  return new TransmitStreamError(EXTRACT_ERROR_EXPLANATION, describeError(error));
}

/** Names the limit that was reached and how to raise it. */
function limitExplanation(error: ZipLimitError): string {
  if (error.limit === "size") {
    const variable = EXPANSION_LIMIT_ENV.maxBytes;
    const doubled = error.value * 2;
    const example = doubled >= 2 ** 30
      ? `${Math.ceil(doubled / 2 ** 30)}G`
      : `${Math.ceil(doubled / 2 ** 20)}M`;
    return `${error.message}: the limit is ${formatBytes(error.value)} (${variable}). To allow ` +
      `more, set ${variable} in the execution environment, e.g. ${variable}=${example} ` +
      `(0: no limit).`;
  }
  const ratio = EXPANSION_LIMIT_ENV.maxRatio;
  const after = EXPANSION_LIMIT_ENV.ratioAfterBytes;
  return `${error.message}; that looks like a zip bomb (limit ${ratio}=${error.value}). To ` +
    `allow it, set ${ratio} (a higher factor, 0: no limit) or ${after} (the size past which ` +
    `the ratio applies) in the execution environment.`;
}
