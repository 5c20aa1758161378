/**
 * The worker process (`deno run -P main.ts worker`) refuses an
 * `artifact_dir` or a `fact_cache` setting outside the private data dir
 * with an error status and eof, and writes nothing there. The path checks
 * themselves are in `contained_path_test.ts`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseStream, runTachyon, tempDir } from "../_support/worker_process.ts";

const encoder = new TextEncoder();

Deno.test("worker: artifact_dir or fact_cache outside the pdd is an error status + eof, nothing written there", async (t) => {
  const tmp = await tempDir();
  try {
    const outside = join(tmp.path, "outside");
    await Deno.mkdir(outside);
    const cases: [string, Record<string, unknown>][] = [
      ["absolute artifact_dir", { artifact_dir: outside }],
      ["relative artifact_dir", { artifact_dir: "../outside" }],
      ["fact_cache setting", { settings: { fact_cache: "../../../outside" } }],
    ];
    for (const [name, extra] of cases) {
      await t.step(name, async () => {
        const pdd = join(tmp.path, "pdd");
        const kwargs = { ident: "x", module: "ping", host_pattern: "localhost", ...extra };
        const stdin = encoder.encode(JSON.stringify({ kwargs }) + '\n{"eof": true}\n');
        const out = await runTachyon(["worker", `--private-data-dir=${pdd}`], { stdin });
        const messages = parseStream(out.stdout);
        assert.deepEqual(messages.at(-1), { eof: true });
        const status = messages.at(-2)!;
        assert.equal(status.status, "error");
        assert.match(String(status.job_explanation), /outside the private data dir/);
        assert.deepEqual([...Deno.readDirSync(outside)], []);
        await Deno.remove(pdd, { recursive: true });
      });
    }
  } finally {
    await tmp.remove();
  }
});
