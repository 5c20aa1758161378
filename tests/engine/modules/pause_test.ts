/**
 * pause without Ansible: argument errors with Ansible's texts (as
 * ansible-core 2.14's action plugin words them; `pause_interop_test.ts`
 * compares the results with the live Ansible, whose times cannot be
 * recorded), a wait that ends at once on cancel, and the Python formats of
 * the result.
 */
import assert from "node:assert/strict";
import { runModule, withTemp } from "./_support.ts";
import { pauseModule, pythonNow, pythonRound2 } from "../../../src/engine/modules/pause.ts";
import type { ModuleContext } from "../../../src/engine/modules/module.ts";

Deno.test("pause argument errors: Ansible's texts", async () => {
  await withTemp(async (dir) => {
    const cases: [string | Record<string, unknown>, string][] = [
      [{ seconds: 1, minutes: 1 }, "parameters are mutually exclusive: minutes|seconds"],
      [
        "seconds=soon",
        "argument 'seconds' is of type <class 'str'> and we were unable to convert to int: " +
        "invalid literal for int() with base 10: 'soon'",
      ],
      [
        "seconds=1.5",
        "argument 'seconds' is of type <class 'str'> and we were unable to convert to int: " +
        "invalid literal for int() with base 10: '1.5'",
      ],
      [
        { second: 1 },
        "Unsupported parameters for (pause) module: second. " +
        "Supported parameters include: echo, minutes, prompt, seconds.",
      ],
      [
        { echo: "loud" },
        "argument 'echo' is of type <class 'str'> and we were unable to convert to bool: " +
        "The value 'loud' is not a valid boolean.  Valid booleans include: " +
        "'y', 'yes', 'on', '1', 'true', 't', 1, 'n', 'no', 'off', '0', 'false', 'f', 0",
      ],
    ];
    for (const [args, message] of cases) {
      const ours = await runModule(dir, "pause", args);
      assert.equal(ours.failed, true, JSON.stringify(args));
      assert.ok(String(ours.msg).startsWith(message), `${JSON.stringify(args)}: ${ours.msg}`);
    }
  });
});

Deno.test("pause arguments: a float waits its whole seconds, minutes count in minutes", () => {
  assert.deepEqual(pauseModule.parseArgs({ seconds: 1.5 }), {
    seconds: 1,
    unit: "seconds",
    echo: true,
  });
  assert.deepEqual(pauseModule.parseArgs("minutes=2 echo=no"), {
    seconds: 120,
    unit: "minutes",
    echo: false,
  });
  assert.deepEqual(pauseModule.parseArgs({ prompt: "Go?" }), {
    seconds: undefined,
    unit: "minutes",
    echo: true,
    prompt: "Go?",
  });
});

Deno.test("pause ends at once when the job is cancelled", async () => {
  const controller = new AbortController();
  const ctx = { signal: controller.signal, check: false, diff: false } as ModuleContext;
  const started = performance.now();
  const waiting = pauseModule.run(ctx, pauseModule.parseArgs({ minutes: 5 }));
  setTimeout(() => controller.abort(new Error("cancelled")), 50);
  await assert.rejects(waiting, /cancelled/);
  assert.ok(performance.now() - started < 2000);
});

Deno.test("pause's Python formats: str(datetime.now()) and str(round(x, 2))", () => {
  assert.equal(pythonNow(new Date(2026, 0, 2, 3, 4, 5, 6)), "2026-01-02 03:04:05.006000");
  assert.equal(pythonNow(new Date(2026, 11, 31, 23, 59, 59, 0)), "2026-12-31 23:59:59");
  assert.deepEqual([1.0042, 0.016, 12.345678, 2].map(pythonRound2), [
    "1.0",
    "0.02",
    "12.35",
    "2.0",
  ]);
  assert.equal(pauseModule.runOnce, true);
});
