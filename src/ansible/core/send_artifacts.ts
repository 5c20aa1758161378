/**
 * The end of a worker stream: the artifact dir zipped as ansible-runner's
 * `stream_dir` zips it, announced by `{"zipfile": N}` and sent as one
 * base64 run.
 *
 * @module
 */
import { join } from "node:path";
import { base64FileChunks, zipDirectory } from "../../zip/mod.ts";

/**
 * Where the zip goes: structurally the worker's `ProtocolWriter`.
 *
 * @example
 * ```ts
 * import type { ZipSink } from "./send_artifacts.ts";
 *
 * const chunks: Uint8Array[] = [];
 * const sink: ZipSink = { message: () => {}, raw: (bytes) => chunks.push(bytes) };
 * ```
 */
export interface ZipSink {
  /** Writes one JSON line. */
  message(value: Record<string, unknown>): void;
  /** Writes raw bytes (the base64 run). */
  raw(bytes: Uint8Array): void;
}

/**
 * Zips `artifactDir` into a temporary file in `privateDataDir` (removed
 * after) and sends it.
 *
 * @example
 * ```ts
 * import { sendArtifacts } from "./send_artifacts.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * await Deno.mkdir(`${pdd}/artifacts/42`, { recursive: true });
 * const lines: unknown[] = [];
 * await sendArtifacts(`${pdd}/artifacts/42`, pdd, { message: (m) => lines.push(m), raw: () => {} });
 * await Deno.remove(pdd, { recursive: true });
 * ```
 */
export async function sendArtifacts(
  artifactDir: string,
  privateDataDir: string,
  sink: ZipSink,
): Promise<void> {
  const zipPath = join(privateDataDir, `.tachyon-artifacts-${crypto.randomUUID()}.zip`);
  try {
    const size = await zipDirectory(artifactDir, zipPath);
    sink.message({ zipfile: size });
    for await (const chunk of base64FileChunks(zipPath)) sink.raw(chunk);
  } finally {
    await Deno.remove(zipPath).catch(() => {});
  }
}
