/**
 * Reads the transmit stream (`{"kwargs":…}`, `{"zipfile":N}` + base64,
 * `{"eof":true}`) from stdin and extracts each zip into the private data dir,
 * streaming: memory does not grow with the payload.
 *
 * @module
 */
import { join } from "node:path";
import { ByteReader, type ByteSource } from "./byte_reader.ts";
import { Base64Decoder, base64Length, extractZip } from "../zip/mod.ts";

/** Reference text for an unparseable line or input that ends before `eof`. */
export const PARSE_ERROR_EXPLANATION = "Failed to JSON parse a line from transmit stream.";
/** Reference text for a zip that cannot be decoded or extracted. */
export const EXTRACT_ERROR_EXPLANATION = "Failed to extract private data directory on worker.";

/**
 * The transmit stream was malformed; `explanation` is the reference's
 * `job_explanation` text and `traceback` its `result_traceback`, if any.
 *
 * @example
 * ```ts
 * throw new TransmitStreamError(PARSE_ERROR_EXPLANATION);
 * ```
 */
export class TransmitStreamError extends Error {
  override name = "TransmitStreamError";
  /** The `job_explanation` to report. */
  readonly explanation: string;
  /** The `result_traceback` to report (extraction failures only). */
  readonly traceback?: string;

  /** Creates the error. */
  constructor(explanation: string, traceback?: string) {
    super(traceback ? `${explanation}\n${traceback}` : explanation);
    this.explanation = explanation;
    this.traceback = traceback;
  }
}

/** What the transmit stream carried. */
export interface TransmitInput {
  /** The last `kwargs` object seen, or undefined when there was none. */
  kwargs?: Record<string, unknown>;
  /** How many zip payloads were extracted. */
  zipCount: number;
}

/**
 * Reads the whole transmit stream from `source`, extracting zips into
 * `privateDataDir`. Throws {@linkcode TransmitStreamError} on malformed input.
 *
 * @example
 * ```ts
 * const { kwargs } = await readTransmitStream(Deno.stdin, "/runner");
 * ```
 */
export async function readTransmitStream(
  source: ByteSource,
  privateDataDir: string,
  signal?: AbortSignal,
): Promise<TransmitInput> {
  const reader = new ByteReader(source);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const input: TransmitInput = { zipCount: 0 };
  while (true) {
    signal?.throwIfAborted();
    const line = await reader.readLine();
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
      const kwargs = fields.kwargs;
      input.kwargs = typeof kwargs === "object" && kwargs !== null && !Array.isArray(kwargs)
        ? kwargs as Record<string, unknown>
        : {};
    } else if ("zipfile" in fields) {
      await receiveZip(reader, fields.zipfile, privateDataDir);
      input.zipCount++;
    } else if ("eof" in fields) {
      return input;
    }
  }
}

async function receiveZip(reader: ByteReader, size: unknown, privateDataDir: string) {
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw new TransmitStreamError(
      EXTRACT_ERROR_EXPLANATION,
      `Invalid zipfile size in transmit stream: ${JSON.stringify(size)}`,
    );
  }
  const zipPath = join(privateDataDir, `.tachyon-transmit-${crypto.randomUUID()}.zip`);
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
      throw new Error(`transmit stream ended after ${got} of ${base64Length(size)} base64 chars`);
    }
    await extractZip(zipPath, privateDataDir);
  } catch (error) {
    if (error instanceof TransmitStreamError) throw error;
    throw new TransmitStreamError(EXTRACT_ERROR_EXPLANATION, describeError(error));
  } finally {
    await Deno.remove(zipPath).catch(() => {});
  }
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
}

/**
 * A traceback-like text for an error: its name, message and stack.
 *
 * @example
 * ```ts
 * describeError(new Error("boom")); // "Error: boom\n    at …"
 * ```
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
