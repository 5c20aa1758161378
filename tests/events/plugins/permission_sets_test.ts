/**
 * deno.json's emitter permission set is the default set plus network access
 * and nothing else, and `compile:emitter` embeds it; the default set reads
 * the two variables the emitter is configured by (so the default binary can
 * say it cannot serve them) and still has no network.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../../_support/worker_process.ts";

interface Config {
  tasks: Record<string, string>;
  permissions: Record<string, Record<string, unknown>>;
}

const config: Config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));

Deno.test("permissions.emitter is permissions.default with net: true, nothing else", () => {
  const { default: base, emitter } = config.permissions;
  assert.equal(base.net, false);
  assert.equal(emitter.net, true);
  assert.deepEqual({ ...emitter, net: false }, base);
});

Deno.test("the default set reads RUNNER_HTTP_URL and RUNNER_HTTP_PATH", () => {
  const env = config.permissions.default.env as string[];
  assert.ok(env.includes("RUNNER_HTTP_URL") && env.includes("RUNNER_HTTP_PATH"));
});

Deno.test("deno task compile:emitter compiles main.ts with the emitter set", () => {
  assert.equal(
    config.tasks["compile:emitter"],
    "deno compile -P=emitter -o dist/tachyon-emitter main.ts",
  );
});
