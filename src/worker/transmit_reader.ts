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
import { ByteReader, type ByteSource, LineTooLongError } from "../io/byte_reader.ts";
import type { ExpansionBudget, ExpansionLimits } from "../zip/mod.ts";
import { PARSE_ERROR_EXPLANATION, TransmitStreamError } from "./transmit_errors.ts";

export type { ByteSource };

export {
  EXTRACT_ERROR_EXPLANATION,
  PARSE_ERROR_EXPLANATION,
  TransmitStreamError,
} from "./transmit_errors.ts";

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
  /** The line that carried it, as received (without its newline). */
  kwargsLine?: string;
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
  let payload: typeof import("./transmit_payload.ts") | undefined;
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
    let text: string;
    try {
      if (line === null) throw new Error("end of input before eof");
      text = decoder.decode(line);
      message = JSON.parse(text);
    } catch {
      throw new TransmitStreamError(PARSE_ERROR_EXPLANATION);
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      throw new TransmitStreamError(PARSE_ERROR_EXPLANATION);
    }
    const fields = message as Record<string, unknown>;
    if ("kwargs" in fields) {
      input.kwargs = checkedKwargs(fields.kwargs);
      input.kwargsLine = text;
    } else if ("zipfile" in fields) {
      payload ??= await import("./transmit_payload.ts");
      budget ??= payload.newBudget(options.limits);
      await payload.receiveZip(reader, fields.zipfile, privateDataDir, budget, signal);
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
