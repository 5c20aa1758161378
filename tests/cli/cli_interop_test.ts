/**
 * The entrypoint as the binary runs it (`deno run -P main.ts`, a process
 * each): `--version`, `worker --version` and no command at all. The command
 * lines behind it are in `cli_test.ts`.
 */
import assert from "node:assert/strict";
import { runTachyon } from "../_support/worker_process.ts";

const decode = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("main.ts: --version prints a three-part version YAML reads as a string, a usage error exits 2", async () => {
  const out = await runTachyon(["--version"]);
  assert.equal(out.code, 0);
  assert.match(decode(out.stdout), /^\d+\.\d+\.\d+\n$/);
  const worker = await runTachyon(["worker", "--version"]);
  assert.equal(decode(worker.stdout), decode(out.stdout));
  const none = await runTachyon([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /the following arguments are required/);
  assert.equal(none.stdout.length, 0);
});
