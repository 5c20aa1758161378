/**
 * SIGTERM and SIGINT while the payload is still coming in or being
 * extracted: the worker stops at once, removes the temporary transmit zip
 * and the partial extraction (what was in the pdd before stays), then sends
 * `canceled` and eof and exits 254.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseStream, tachyonCommand, tempDir } from "../_support/worker_process.ts";
import { listTree, payloadStream } from "./_payloads.ts";
import { deadlineOutput, eventually } from "../_support/deadline.ts";
import { exists } from "../_support/files.ts";

const encoder = new TextEncoder();
const KWARGS = { ident: "u1", module: "ping", host_pattern: "nothing-matches" };

async function assertStopped(output: Promise<Deno.CommandOutput>, pdd: string, signaledAt: number) {
  const out = await output;
  const stoppedIn = performance.now() - signaledAt;
  assert.deepEqual(parseStream(out.stdout), [{ status: "canceled" }, { eof: true }]);
  assert.equal(out.code, 254);
  assert.ok(stoppedIn < 5_000, `stopped ${stoppedIn.toFixed(0)} ms after the signal`);
  assert.deepEqual(await listTree(pdd), ["keep"], "no transmit zip, no partial extraction");
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`${signal} while the payload is arriving → canceled, eof, 254, transmit zip removed`, async () => {
    const tmp = await tempDir("tachyon_unpack_sig_");
    try {
      const pdd = join(tmp.path, "pdd");
      await Deno.mkdir(pdd);
      await Deno.writeTextFile(join(pdd, "keep"), "mine\n");
      const child = tachyonCommand(["worker", `--private-data-dir=${pdd}`]).spawn();
      const output = deadlineOutput(child, 30_000);
      const writer = child.stdin.getWriter();
      // A payload announced as 3 MiB of which only 64 KiB arrive: stdin stays open.
      await writer.write(encoder.encode(
        JSON.stringify({ kwargs: KWARGS }) + '\n{"zipfile": 3145728}\n' + "A".repeat(65536),
      ));
      await eventually(
        "the transmit zip",
        20_000,
        async () => (await listTree(pdd)).some((p) => p.startsWith(".tachyon-transmit-")),
        5,
      );
      await new Promise((r) => setTimeout(r, 100)); // the 64 KiB are in the zip by now
      child.kill(signal);
      await assertStopped(output, pdd, performance.now());
      await writer.close().catch(() => {});
    } finally {
      await tmp.remove();
    }
  });
}

Deno.test("SIGTERM while the payload is being extracted → canceled, eof, 254, partial extraction removed", async () => {
  const tmp = await tempDir("tachyon_unpack_sig_");
  try {
    const pdd = join(tmp.path, "pdd");
    await Deno.mkdir(pdd);
    await Deno.writeTextFile(join(pdd, "keep"), "mine\n");
    // 20 000 small files: extraction takes seconds, far longer than the signal needs.
    const entries = Array.from({ length: 20_000 }, (_, i) => ({
      name: `project/d${Math.floor(i / 1000)}/f${String(i).padStart(5, "0")}`,
      text: `file ${i}\n`.repeat(40),
    }));
    const stream = await payloadStream(tmp.path, entries, KWARGS);
    const child = tachyonCommand(["worker", `--private-data-dir=${pdd}`]).spawn();
    const output = deadlineOutput(child, 60_000);
    const writer = child.stdin.getWriter();
    const writing = writer.write(stream).then(() => writer.close()).catch(() => {});
    const first = join(pdd, "project/d0/f00000");
    await eventually("the first extracted file", 30_000, () => exists(first), 5);
    child.kill("SIGTERM");
    await assertStopped(output, pdd, performance.now());
    await writing;
  } finally {
    await tmp.remove();
  }
});
