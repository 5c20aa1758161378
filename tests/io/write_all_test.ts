/**
 * The write-all loops: every byte reaches the sink however little each call
 * takes, in order; a sink's error propagates.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeAll, writeAllSync } from "../../src/io/write_all.ts";
import { tempDir } from "../_support/worker_process.ts";

const data = Uint8Array.from({ length: 3 * 1024 * 1024 + 7 }, (_, i) => (i * 31) % 251);

Deno.test("writeAllSync and writeAll put every byte in a real file", async () => {
  const tmp = await tempDir();
  try {
    const syncPath = join(tmp.path, "sync");
    const file = await Deno.open(syncPath, { write: true, create: true });
    writeAllSync(file, data);
    file.close();
    assert.deepEqual(await Deno.readFile(syncPath), data);

    const asyncPath = join(tmp.path, "async");
    const asyncFile = await Deno.open(asyncPath, { write: true, create: true });
    await writeAll(asyncFile, data);
    asyncFile.close();
    assert.deepEqual(await Deno.readFile(asyncPath), data);
  } finally {
    await tmp.remove();
  }
});

Deno.test("short writes are continued where they stopped", async () => {
  const chunks: number[] = [];
  const taken: number[] = [];
  writeAllSync({
    writeSync: (p) => {
      const n = Math.min(p.length, 1 + (chunks.length % 5));
      chunks.push(n);
      taken.push(...p.subarray(0, n));
      return n;
    },
  }, data.subarray(0, 100));
  assert.deepEqual(taken, [...data.subarray(0, 100)]);
  assert.ok(chunks.length > 20);

  const asyncTaken: number[] = [];
  await writeAll({
    write: (p) => Promise.resolve((asyncTaken.push(p[0]), 1)),
  }, data.subarray(0, 50));
  assert.deepEqual(asyncTaken, [...data.subarray(0, 50)]);
});

Deno.test("a sink's error propagates", async () => {
  const tmp = await tempDir();
  try {
    const file = await Deno.open(join(tmp.path, "closed"), { write: true, create: true });
    file.close();
    assert.throws(() => writeAllSync(file, data), Deno.errors.BadResource);
    await assert.rejects(() => writeAll(file, data), Deno.errors.BadResource);
  } finally {
    await tmp.remove();
  }
});
