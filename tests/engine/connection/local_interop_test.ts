/**
 * The local connection: what a command leaves running lives until the job's
 * `ProcessRegistry.killAll()`, which kills it once; a command whose background
 * child holds its stdout does not wait for that child.
 */
import assert from "node:assert/strict";
import { LocalConnection } from "../../../src/engine/connection/local.ts";
import { ProcessRegistry } from "../../../src/engine/process_registry.ts";
import { eventually, withDeadline } from "../../_support/deadline.ts";
import { killProcessesWith, processesWith, taggedSleep } from "../../_support/processes.ts";

Deno.test("local: background processes live until killAll(), except one that called setsid", async () => {
  const [holding, quiet, daemon] = [81, 82, 83].map(taggedSleep);
  const registry = new ProcessRegistry();
  const local = new LocalConnection("localhost", registry);
  try {
    await withDeadline(30_000, "local background", async () => {
      const start = performance.now();
      const result = await local.exec(`${holding} & echo started; echo err >&2`);
      assert.deepEqual(result, { rc: 0, stdout: "started\n", stderr: "err\n" });
      assert.ok(performance.now() - start < 5_000, "the result does not wait for the child");
      await local.exec(`${quiet} >/dev/null 2>&1 &`);
      await local.exec(`setsid ${daemon} >/dev/null 2>&1 < /dev/null &`);
      for (let i = 0; i < 40; i++) await local.exec("true");
      assert.ok(registry.groups < 40, `empty groups are forgotten (${registry.groups} kept)`);
      for (const needle of [holding, quiet, daemon]) {
        assert.equal(processesWith(needle).length, 1, `${needle} runs during the job`);
      }
      registry.killAll();
      await eventually(
        "the job's background processes are gone",
        5_000,
        () => processesWith(holding).length === 0 && processesWith(quiet).length === 0,
      );
      assert.equal(processesWith(daemon).length, 1, "the daemon outlives the job");
      assert.equal(registry.groups, 0, "each group is killed once");
    });
  } finally {
    for (const needle of [holding, quiet, daemon]) killProcessesWith(needle);
  }
});

Deno.test("local: late output within the quiet window is kept; big stdin and stdout do not deadlock", async () => {
  const registry = new ProcessRegistry();
  const local = new LocalConnection("localhost", registry);
  try {
    await withDeadline(30_000, "local io", async () => {
      const late = await local.exec("echo a; (sleep 0.05; echo b) & echo c");
      assert.equal(late.stdout, "a\nc\nb\n");
      const payload = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
      const echoed = await local.exec("cat; echo done >&2", { stdin: payload });
      assert.equal(echoed.stdout.length, new TextDecoder().decode(payload).length);
      assert.equal(echoed.stderr, "done\n");
      const controller = new AbortController();
      const needle = taggedSleep(84);
      const aborted = local.exec(needle, { signal: controller.signal });
      await eventually("the sleep runs", 5_000, () => processesWith(needle).length > 0);
      controller.abort(new Error("stop"));
      await assert.rejects(aborted, /stop/);
      await eventually(
        "the aborted sleep is gone",
        5_000,
        () => processesWith(needle).length === 0,
      );
    });
  } finally {
    registry.killAll();
  }
});
