/**
 * `deno task compile` really builds the binary: with DENORT_BIN pointing at
 * this deno (no runtime download here), compile embeds the whole module graph
 * and the permission set; a missing static import or a bad flag fails here.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, run, tempDir } from "./_support/worker_process.ts";

Deno.test("deno task compile embeds main.ts, every automation and the permission set", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const task: string = config.tasks.compile;
  assert.match(task, /^deno compile -P -o dist\/tachyon main\.ts$/);
  const tmp = await tempDir();
  try {
    const output = join(tmp.path, "tachyon");
    const args = task.split(" ").slice(1).map((a) => a === "dist/tachyon" ? output : a);
    const out = await run(Deno.execPath(), args, {
      cwd: ROOT,
      env: { DENORT_BIN: Deno.execPath(), NO_COLOR: "1" },
    });
    const listing = new TextDecoder().decode(out.stdout) + out.stderr;
    assert.equal(out.code, 0, listing);
    assert.match(listing, /Embedded Files/);
    assert.match(listing, /main\.ts/);
    for (const entry of Deno.readDirSync(join(ROOT, "automation"))) {
      if (entry.name.endsWith(".ts")) {
        assert.ok(listing.includes(entry.name), `automation/${entry.name} is embedded`);
      }
    }
    for (const file of ["worker.ts", "job_runner.ts", "transmit_reader.ts", "runner_event_stream.ts"]) {
      assert.ok(listing.includes(file), `${file} is embedded`);
    }
    const binary = await Deno.readFile(output);
    const text = new TextDecoder("latin1").decode(binary);
    for (const path of config.permissions.default.read as string[]) {
      assert.ok(text.includes(JSON.stringify(path)), `permission ${path} recorded in the binary`);
    }
    for (const program of config.permissions.default.run as string[]) {
      assert.ok(text.includes(JSON.stringify(program)), `run permission ${program} recorded`);
    }
  } finally {
    await tmp.remove();
  }
});
