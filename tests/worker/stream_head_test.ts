/**
 * The stream's head: the first line's kwargs are found however the bytes
 * arrive, and the source it returns replays the stream exactly, byte for
 * byte, whether the first line is kwargs, something else, too long, or cut
 * off by the end of input; a stop ends the wait for a first line.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readStreamHead } from "../../src/worker/stream_head.ts";
import type { ByteSource } from "../../src/io/byte_reader.ts";

const encoder = new TextEncoder();

/** A source of `bytes` in chunks of at most `chunk` bytes; reading past its end fails the test. */
function chunked(bytes: Uint8Array, chunk: number): ByteSource & { readsAfterEnd: number } {
  let offset = 0;
  let ended = false;
  const source = {
    readsAfterEnd: 0,
    read(p: Uint8Array): Promise<number | null> {
      if (offset === bytes.length) {
        if (ended) source.readsAfterEnd++;
        ended = true;
        return Promise.resolve(null);
      }
      const n = Math.min(p.length, chunk, bytes.length - offset);
      p.set(bytes.subarray(offset, offset + n));
      offset += n;
      return Promise.resolve(n);
    },
  };
  return source;
}

async function drain(source: ByteSource, size = 3): Promise<Uint8Array> {
  const out: number[] = [];
  const p = new Uint8Array(size);
  for (let n = await source.read(p); n !== null; n = await source.read(p)) {
    out.push(...p.subarray(0, n));
  }
  return new Uint8Array(out);
}

const STREAM = encoder.encode(
  '{"kwargs": {"playbook": "site.yml", "ident": "x"}}\n{"zipfile": 4}\nAAAA{"eof": true}\n',
);

Deno.test("the kwargs of the first line are found in one chunk or in many, and the stream is replayed whole", async () => {
  for (const chunk of [1, 2, 7, 64, 1 << 20]) {
    const source = chunked(STREAM, chunk);
    const head = await readStreamHead(source);
    assert.deepEqual(head.kwargs, { playbook: "site.yml", ident: "x" }, `chunks of ${chunk}`);
    assert.deepEqual(await drain(head.source), STREAM, `chunks of ${chunk}`);
    assert.equal(source.readsAfterEnd, 0);
  }
});

Deno.test("a first line that is not a kwargs message gives no kwargs and is replayed as sent", async () => {
  for (
    const text of [
      '{"zipfile": 4}\nAAAA{"eof": true}\n',
      '{"kwargs": [1, 2]}\n{"eof": true}\n',
      '{"kwargs": null}\n',
      "[1]\n",
      "not json\n",
      '{"kwargs": {"playbook": "a.yml"}\n',
      "\n",
    ]
  ) {
    const bytes = encoder.encode(text);
    const head = await readStreamHead(chunked(bytes, 5));
    assert.equal(head.kwargs, undefined, text);
    assert.deepEqual(await drain(head.source), bytes, text);
  }
  const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d, 0x0a]);
  const head = await readStreamHead(chunked(invalidUtf8, 2));
  assert.equal(head.kwargs, undefined);
  assert.deepEqual(await drain(head.source), invalidUtf8);
});

Deno.test("a stream that ends before its first newline is replayed, and its source is not read again", async () => {
  const bytes = encoder.encode('{"kwargs": {"playbook": "site.yml"}}');
  const source = chunked(bytes, 4);
  const head = await readStreamHead(source);
  assert.equal(head.kwargs, undefined);
  assert.deepEqual(await drain(head.source), bytes);
  assert.equal(await head.source.read(new Uint8Array(4)), null);
  assert.equal(source.readsAfterEnd, 0);
  const empty = await readStreamHead(chunked(new Uint8Array(0), 4));
  assert.equal(empty.kwargs, undefined);
  assert.deepEqual(await drain(empty.source), new Uint8Array(0));
});

Deno.test("a first line longer than the bound gets no kwargs; the rest still comes from the source", async () => {
  const long = encoder.encode(
    `{"kwargs": {"extravars": {"x": "${"y".repeat(300)}"}}}\n{"eof": true}\n`,
  );
  const source = chunked(long, 16);
  const head = await readStreamHead(source, undefined, 100);
  assert.equal(head.kwargs, undefined);
  assert.deepEqual(await drain(head.source), long);
});

Deno.test("a stop ends the wait for a first line that never comes", async () => {
  const stop = new AbortController();
  let reads = 0;
  const silent: ByteSource = {
    read: () => {
      reads++;
      return new Promise<number | null>(() => {});
    },
  };
  const pending = readStreamHead(silent, stop.signal);
  setTimeout(() => stop.abort(), 10);
  const head = await pending;
  assert.equal(head.kwargs, undefined);
  assert.equal(reads, 1);
  const already = await readStreamHead(silent, stop.signal);
  assert.equal(already.kwargs, undefined);
  assert.equal(reads, 1, "an aborted signal reads nothing");
});
