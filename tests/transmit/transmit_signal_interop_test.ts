/**
 * SIGINT or SIGTERM while `transmit` zips a large private data dir: it
 * stops at once with the shell's code (130, 143), and leaves nothing
 * behind: no temporary zip, no generated role playbook.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { deadlineOutput } from "../_support/deadline.ts";
import { listTree } from "../_support/files.ts";
import { tachyonCommand, tempDir } from "../_support/worker_process.ts";
import { writeSamplePdd } from "./_transmit_pdd.ts";

async function writeRandomFile(path: string, bytes: number): Promise<void> {
  using file = await Deno.open(path, { write: true, create: true });
  const chunk = new Uint8Array(65536);
  for (let written = 0; written < bytes; written += chunk.length) {
    crypto.getRandomValues(chunk);
    await file.write(chunk);
  }
}

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  Deno.test(`transmit: ${signal} while zipping exits ${code} and leaves nothing behind`, async () => {
    const tmp = await tempDir("tachyon_transmit_sig_");
    try {
      const pdd = join(tmp.path, "pdd");
      const zipDir = join(tmp.path, "tmpdir");
      await Deno.mkdir(zipDir);
      await writeSamplePdd(pdd);
      await writeRandomFile(join(pdd, "project", "big.bin"), 96 * 1024 * 1024);
      const before = await listTree(pdd);
      const child = tachyonCommand(["transmit", pdd, "-r", "myrole", "-i", "1"], {
        env: { TMPDIR: zipDir },
      }, "null").spawn();
      const reader = child.stdout.getReader();
      let seen = "";
      while (!seen.includes("\n")) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += new TextDecoder().decode(value);
      }
      assert.match(seen, /^\{"kwargs": /, "the kwargs line came first");
      child.kill(signal);
      reader.releaseLock();
      const out = await deadlineOutput(child, 60_000);
      assert.equal(out.code, code);
      assert.deepEqual(await listTree(zipDir), [], "no temporary zip left");
      assert.deepEqual(await listTree(pdd), before, "the role's playbook is gone");
    } finally {
      await tmp.remove();
    }
  });
}
