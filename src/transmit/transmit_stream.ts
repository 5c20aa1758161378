/**
 * Writes the transmit stream the reference's `Transmitter.run` writes:
 * `{"kwargs": …}`, then `{"zipfile": N}` and the base64 of the private data
 * dir zipped as `stream_dir` zips it (no newline after it), then
 * `{"eof": true}`. Every line is one write; the zip is built in a file the
 * caller names first (its size must precede it).
 *
 * @module
 */
import { base64FileChunks, zipDirectory } from "../zip/mod.ts";
import { ProtocolWriter, type SyncWriter } from "../worker/protocol_writer.ts";

/**
 * Writes the stream for `kwargs` and the directory `privateDataDir` to
 * `sink`, building the zip in `zipPath` (which the caller removes); returns
 * the zip's size in bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeTransmitStream } from "./transmit_stream.ts";
 *
 * const pdd = await Deno.makeTempDir();
 * const zip = await Deno.makeTempFile();
 * let text = "";
 * const sink = { writeSync: (p: Uint8Array) => (text += new TextDecoder().decode(p), p.length) };
 * assert.equal(await writeTransmitStream(sink, { ident: "1" }, pdd, zip), 22); // an empty dir
 * assert.equal(text, '{"kwargs": {"ident": "1"}}\n{"zipfile": 22}\n' +
 *   "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==" + '{"eof": true}\n');
 * await Deno.remove(pdd);
 * await Deno.remove(zip);
 * ```
 */
export async function writeTransmitStream(
  sink: SyncWriter,
  kwargs: Record<string, unknown>,
  privateDataDir: string,
  zipPath: string,
): Promise<number> {
  const out = new ProtocolWriter(sink);
  out.message({ kwargs });
  const size = await zipDirectory(privateDataDir, zipPath);
  out.message({ zipfile: size });
  for await (const chunk of base64FileChunks(zipPath)) out.raw(chunk);
  out.eof();
  return size;
}
