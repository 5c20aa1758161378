/**
 * A {@linkcode ByteSource} over a web `ReadableStream` (a child's stdout), so
 * the same buffered line and exact-length reader serves stdin and pipes.
 *
 * @module
 */
import type { ByteSource } from "./byte_reader.ts";

/**
 * Reads `stream` through the `read(p)` interface; what does not fit in `p`
 * waits for the next read.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteReader } from "./byte_reader.ts";
 * import { streamSource } from "./stream_source.ts";
 *
 * const child = new Deno.Command("/bin/sh", { args: ["-c", "echo one; echo two"], stdout: "piped" })
 *   .spawn();
 * const reader = new ByteReader(streamSource(child.stdout));
 * assert.equal(new TextDecoder().decode((await reader.readLine())!), "one");
 * assert.equal(new TextDecoder().decode((await reader.readLine())!), "two");
 * assert.equal(await reader.readLine(), null);
 * await child.status;
 * ```
 */
export function streamSource(stream: ReadableStream<Uint8Array>): ByteSource {
  const reader = stream.getReader();
  let pending: Uint8Array | undefined;
  return {
    async read(p: Uint8Array): Promise<number | null> {
      if (pending === undefined || pending.length === 0) {
        const { done, value } = await reader.read();
        if (done) return null;
        pending = value;
      }
      const n = Math.min(p.length, pending.length);
      p.set(pending.subarray(0, n));
      pending = pending.subarray(n);
      return n;
    },
  };
}
