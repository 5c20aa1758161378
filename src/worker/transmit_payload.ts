/**
 * One zip payload of the transmit stream: its base64 read into a temporary
 * file in the private data dir, then extracted within the expansion limits.
 * Loaded at the first `zipfile` line, so a worker starts without the zip code
 * (and `node:zlib`) until it needs them.
 *
 * @module
 */
import { join } from "node:path";
import type { ByteReader } from "../io/byte_reader.ts";
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
import { describeError } from "./describe_error.ts";
import { readEnv } from "./env.ts";
import { EXTRACT_ERROR_EXPLANATION, TransmitStreamError } from "./transmit_errors.ts";

/**
 * The expansion budget of one stream's payloads.
 *
 * @example
 * ```ts
 * import { newBudget } from "./transmit_payload.ts";
 *
 * const budget = newBudget({ maxBytes: 2 ** 30, maxRatio: 200, ratioAfterBytes: 2 ** 27 });
 * ```
 */
export function newBudget(limits: ExpansionLimits | undefined): ExpansionBudget {
  try {
    return new ExpansionBudget(limits ?? expansionLimitsFrom(readEnv));
  } catch (error) {
    throw extractionFailure(error);
  }
}

/**
 * Reads one payload of `size` bytes from `reader` and extracts it into
 * `privateDataDir`, charging `budget`.
 *
 * @example
 * ```ts
 * import { receiveZip } from "./transmit_payload.ts";
 *
 * // readTransmitStream calls it after a `{"zipfile": N}` line.
 * console.assert(typeof receiveZip === "function");
 * ```
 */
export async function receiveZip(
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
