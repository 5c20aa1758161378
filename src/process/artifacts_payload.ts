/**
 * The artifacts zip of a worker stream (`{"zipfile": N}` + base64): read
 * into a temporary file in the private data dir, then extracted into the
 * artifact dir with the guards of `src/zip/` (no path out of the target, no
 * write through a symlink, the expansion limits of `TACHYON_UNZIP_*`).
 * Where the reference's `Processor` lets the exception escape (a truncated
 * or corrupt zip), this raises {@linkcode ArtifactsPayloadError}.
 *
 * @module
 */
import { join } from "node:path";
import type { ByteReader } from "../io/byte_reader.ts";
import { writeAll } from "../io/write_all.ts";
import {
  Base64Decoder,
  base64Length,
  ExpansionBudget,
  expansionLimitsFrom,
  extractZip,
  formatBytes,
} from "../zip/mod.ts";
import { readEnv } from "../worker/env.ts";

/**
 * The artifacts payload could not be read or extracted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ArtifactsPayloadError } from "./artifacts_payload.ts";
 *
 * assert.equal(new ArtifactsPayloadError("truncated").name, "ArtifactsPayloadError");
 * ```
 */
export class ArtifactsPayloadError extends Error {
  /** The error name. */
  override name = "ArtifactsPayloadError";
}

/**
 * The expansion budget of one stream's payloads, from `TACHYON_UNZIP_*`.
 *
 * @example
 * ```ts
 * import { payloadBudget } from "./artifacts_payload.ts";
 *
 * const budget = payloadBudget();
 * ```
 */
export function payloadBudget(): ExpansionBudget {
  try {
    return new ExpansionBudget(expansionLimitsFrom(readEnv));
  } catch (error) {
    throw new ArtifactsPayloadError((error as Error).message, { cause: error });
  }
}

/**
 * Reads a payload of `size` bytes from `reader` and extracts it into
 * `artifactDir`; the temporary zip lives in `privateDataDir` meanwhile.
 * Returns the number of entries.
 *
 * @example
 * ```ts
 * import { receiveArtifacts } from "./artifacts_payload.ts";
 *
 * // the processor calls it after a `{"zipfile": N}` line
 * console.assert(typeof receiveArtifacts === "function");
 * ```
 */
export async function receiveArtifacts(
  reader: ByteReader,
  size: unknown,
  privateDataDir: string,
  artifactDir: string,
  budget: ExpansionBudget,
): Promise<{ entries: number; base64Chars: number }> {
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw new ArtifactsPayloadError(`invalid zipfile size in the stream: ${JSON.stringify(size)}`);
  }
  const { maxBytes } = budget.limits;
  if (maxBytes > 0 && size > maxBytes) {
    throw new ArtifactsPayloadError(
      `the artifacts zip alone is ${formatBytes(size)}, past the limit of ${formatBytes(maxBytes)}`,
    );
  }
  const zipPath = join(privateDataDir, `.tachyon-process-${crypto.randomUUID()}.zip`);
  try {
    const expected = base64Length(size);
    const file = await Deno.open(zipPath, { write: true, createNew: true, mode: 0o600 });
    let got: number;
    try {
      const decoder = new Base64Decoder();
      got = await reader.readExact(expected, async (chunk) => {
        await writeAll(file, decoder.push(chunk));
      });
      await writeAll(file, decoder.finish());
    } finally {
      file.close();
    }
    if (got < expected) {
      throw new ArtifactsPayloadError(
        `the stream ended after ${got} of the ${expected} base64 characters of the artifacts zip`,
      );
    }
    const entries = await extractZip(zipPath, artifactDir, { budget });
    return { entries, base64Chars: expected };
  } catch (error) {
    if (error instanceof ArtifactsPayloadError || error instanceof Deno.errors.NotCapable) {
      throw error;
    }
    throw new ArtifactsPayloadError(
      `the artifacts zip could not be extracted: ${(error as Error).message ?? error}`,
      { cause: error },
    );
  } finally {
    await Deno.remove(zipPath).catch(() => {});
  }
}
